// `migrate`, `backup --output DIR` and `restore --input DIR`.
import path from 'node:path';
import { LATEST_VERSION, migrate, migrationState } from '../../store/migrations.js';
import { restoreBackup, writeBackup } from '../../store/backup.js';
import { ExitCode, parseCommand, printJson, required, type CliIo } from '../io.js';
import { withStore } from '../store-access.js';

export const MIGRATE_USAGE = `Usage: open-cowork-gateway migrate [--json]

Applies the store's pending schema migrations (each in its own transaction; replicas that start
together wait for each other). serve and the other store commands migrate too.
Exit status: 0 done, 1 failed, 2 usage error.
`;

export const BACKUP_USAGE = `Usage: open-cowork-gateway backup --output DIR [--json]

Writes manifest.json and one NDJSON file per table (identities, sessions and their events,
jobs, the webhook replay ledger, audit rows, artifact metadata) into DIR, all as of one
moment. The files hold message text: keep them as private as the store. Secrets (the env file)
are not included; keep them separately.
Exit status: 0 done, 1 failed, 2 usage error.
`;

export const RESTORE_USAGE = `Usage: open-cowork-gateway restore --input DIR [--json]

Reads a backup written by "backup" into the configured store, which must be empty (freshly
created). Works across engines (PostgreSQL and embedded) and PGlite versions.
Exit status: 0 done, 1 failed (not a backup, store not empty), 2 usage error.
`;

function usage(args: readonly string[], io: CliIo, text: string, command: string, options: Parameters<typeof parseCommand>[1]): ReturnType<typeof parseCommand> | undefined {
  const parsed = parseCommand(args, options, `open-cowork-gateway ${command} --help`, 0);
  if (parsed.values['help'] === true) {
    io.stdout(text);
    return undefined;
  }
  return parsed;
}

export async function runMigrateCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = usage(args, io, MIGRATE_USAGE, 'migrate', { json: { type: 'boolean' } });
  if (parsed === undefined) return ExitCode.Ok;
  const { applied, state } = await withStore(io, async (db) => ({ applied: await migrate(db), state: await migrationState(db) }), { migrate: false });
  if (parsed.values['json'] === true) printJson(io, { applied, schemaVersion: state.applied, latest: LATEST_VERSION });
  else io.stdout(applied.length === 0 ? `The store is current (schema ${state.applied}).\n` : `Applied migration(s) ${applied.join(', ')}; schema ${state.applied}.\n`);
  return ExitCode.Ok;
}

export async function runBackupCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = usage(args, io, BACKUP_USAGE, 'backup', { output: { type: 'string' }, json: { type: 'boolean' } });
  if (parsed === undefined) return ExitCode.Ok;
  const dir = path.resolve(io.cwd, required(parsed.values, 'output', 'open-cowork-gateway backup --help'));
  const manifest = await withStore(io, (db) => writeBackup(db, dir));
  if (parsed.values['json'] === true) printJson(io, { output: dir, manifest });
  else io.stdout(`Backup written to ${dir}: ${Object.entries(manifest.tables).map(([table, entry]) => `${table.replace('gateway_', '')} ${entry.rows}`).join(', ')}.\n`);
  return ExitCode.Ok;
}

export async function runRestoreCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = usage(args, io, RESTORE_USAGE, 'restore', { input: { type: 'string' }, json: { type: 'boolean' } });
  if (parsed === undefined) return ExitCode.Ok;
  const dir = path.resolve(io.cwd, required(parsed.values, 'input', 'open-cowork-gateway restore --help'));
  const manifest = await withStore(io, (db) => restoreBackup(db, dir));
  if (parsed.values['json'] === true) printJson(io, { input: dir, manifest });
  else io.stdout(`Restored the backup of ${manifest.createdAt} (${manifest.engine}).\n`);
  return ExitCode.Ok;
}
