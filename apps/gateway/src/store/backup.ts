// Backup and restore as a manifest plus one NDJSON file per table: readable, independent of
// the engine and of the PGlite version (the way to move a store between versions or engines).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GatewayError, GatewayErrorCode } from '../errors.js';
import { AuditType, recordAudit } from './audit.js';
import { toNumber, type Db } from './db.js';
import { migrationState } from './migrations.js';

export const BACKUP_FORMAT = 'open-cowork-gateway-backup';
export const BACKUP_VERSION = 1;

/**
 * Tables in the order they are restored (sessions before their events). Leases and dashboard
 * sign-ins are not kept. `since`: the schema version that added the table (older backups lack it).
 */
export const BACKUP_TABLES = [
  { table: 'gateway_identities', file: 'identities.ndjson', order: 'id' },
  { table: 'gateway_sessions', file: 'sessions.ndjson', order: 'id' },
  { table: 'gateway_session_events', file: 'session-events.ndjson', order: 'seq' },
  { table: 'gateway_jobs', file: 'jobs.ndjson', order: 'seq' },
  { table: 'gateway_webhook_ledger', file: 'webhook-ledger.ndjson', order: 'provider, kind, key' },
  { table: 'gateway_audit', file: 'audit.ndjson', order: 'seq' },
  { table: 'gateway_artifacts', file: 'artifacts.ndjson', order: 'id' },
  { table: 'gateway_delivery_acks', file: 'delivery-acks.ndjson', order: 'job_id, chunk', since: 2 },
  { table: 'gateway_pairings', file: 'pairings.ndjson', order: 'code', since: 2 },
  { table: 'gateway_approvals', file: 'approvals.ndjson', order: 'id', since: 2 },
  { table: 'gateway_credentials', file: 'credentials.ndjson', order: 'id', since: 3 },
  { table: 'gateway_tasks', file: 'tasks.ndjson', order: 'id', since: 3 },
  { table: 'gateway_task_events', file: 'task-events.ndjson', order: 'seq', since: 3 },
  { table: 'gateway_chat_bindings', file: 'chat-bindings.ndjson', order: 'provider, provider_workspace_id, chat_id', since: 3 },
] as const;

/** Identity columns whose sequences must continue after the restored rows. */
const SEQUENCES: readonly [string, string][] = [
  ['gateway_session_events', 'seq'],
  ['gateway_jobs', 'seq'],
  ['gateway_audit', 'seq'],
  ['gateway_task_events', 'seq'],
];

export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: number;
  readonly schemaVersion: number;
  readonly createdAt: string;
  readonly engine: string;
  readonly tables: Record<string, { readonly file: string; readonly rows: number }>;
}

/** Writes the manifest and table files into `dir` (created; must not hold a backup already). */
export async function writeBackup(db: Db, dir: string): Promise<BackupManifest> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await readFile(path.join(dir, 'manifest.json'), 'utf8').catch(() => undefined);
  if (existing !== undefined) throw new GatewayError(GatewayErrorCode.BackupInvalid, `${dir} already holds a backup; choose an empty folder.`);
  // One transaction: every table as of the same moment.
  const { manifest, files } = await db.transaction(async (tx) => {
    const tables: Record<string, { file: string; rows: number }> = {};
    const files: [string, string][] = [];
    for (const { table, file, order } of BACKUP_TABLES) {
      const rows = await tx.query(`select * from ${table} order by ${order}`);
      tables[table] = { file, rows: rows.length };
      files.push([file, rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length > 0 ? '\n' : '')]);
    }
    const [clock] = await tx.query('select now() as now');
    const schema = await migrationState({ ...db, query: tx.query, exec: tx.exec });
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      schemaVersion: schema.applied,
      createdAt: new Date(clock!['now'] as Date).toISOString(),
      engine: db.engine,
      tables,
    };
    return { manifest, files };
  });
  for (const [file, text] of files) await writeFile(path.join(dir, file), text, { mode: 0o600 });
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

async function readManifest(dir: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
  } catch (error) {
    throw new GatewayError(GatewayErrorCode.BackupInvalid, `${path.join(dir, 'manifest.json')} cannot be read as a backup manifest (${(error as Error).message}).`);
  }
  if (manifest.format !== BACKUP_FORMAT || manifest.version !== BACKUP_VERSION) {
    throw new GatewayError(GatewayErrorCode.BackupInvalid, `${dir} is not a gateway backup of version ${BACKUP_VERSION}.`);
  }
  return manifest;
}

/** Restores a backup into a migrated, empty store, in one transaction. */
export async function restoreBackup(db: Db, dir: string): Promise<BackupManifest> {
  const manifest = await readManifest(dir);
  const schema = await migrationState(db);
  if (manifest.schemaVersion > schema.applied) {
    throw new GatewayError(GatewayErrorCode.BackupInvalid, `The backup is at schema ${manifest.schemaVersion}, newer than this store (${schema.applied}); upgrade the gateway first.`);
  }
  const contents: [string, unknown[]][] = [];
  for (const spec of BACKUP_TABLES) {
    const { table, file } = spec;
    const entry = manifest.tables[table];
    if (entry === undefined && 'since' in spec && manifest.schemaVersion < spec.since) continue;
    if (entry === undefined) throw new GatewayError(GatewayErrorCode.BackupInvalid, `The manifest does not list ${table}.`);
    const text = await readFile(path.join(dir, file), 'utf8').catch(() => {
      throw new GatewayError(GatewayErrorCode.BackupInvalid, `${file} is missing from the backup.`);
    });
    const rows = text.split('\n').filter((line) => line.trim() !== '').map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new GatewayError(GatewayErrorCode.BackupInvalid, `${file} line ${index + 1} is not JSON.`);
      }
    });
    if (rows.length !== entry.rows) throw new GatewayError(GatewayErrorCode.BackupInvalid, `${file} has ${rows.length} rows; the manifest says ${entry.rows}.`);
    contents.push([table, rows]);
  }
  await db.transaction(async (tx) => {
    for (const { table } of BACKUP_TABLES) {
      const [row] = await tx.query(`select count(*) as n from ${table}`);
      if (toNumber(row?.['n']) > 0) throw new GatewayError(GatewayErrorCode.BackupInvalid, `The target store is not empty (${table} has rows); restore into a fresh store.`);
    }
    for (const [table, rows] of contents) {
      if (rows.length === 0) continue;
      await tx.query(`insert into ${table} select * from jsonb_populate_recordset(null::${table}, $1::jsonb)`, [JSON.stringify(rows)]);
    }
    for (const [table, column] of SEQUENCES) {
      await tx.query(`select setval(pg_get_serial_sequence('${table}', '${column}'), coalesce((select max(${column}) from ${table}), 0) + 1, false)`);
    }
    await recordAudit(tx, { type: AuditType.BackupRestored, data: { createdAt: manifest.createdAt, engine: manifest.engine, rows: Object.fromEntries(Object.entries(manifest.tables).map(([t, e]) => [t, e.rows])) } });
  });
  return manifest;
}
