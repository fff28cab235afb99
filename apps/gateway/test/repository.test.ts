import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../src/queue/jobs.js';
import { listAudit, recordAudit, AuditType } from '../src/store/audit.js';
import { restoreBackup, writeBackup } from '../src/store/backup.js';
import { toNumber, type Db } from '../src/store/db.js';
import { countPromptCapable, findIdentity, listIdentities, upsertIdentity } from '../src/store/identities.js';
import { acquireLease, DAEMON_LEASE, holdsLease, readLease } from '../src/store/leases.js';
import { recordLedgerEntry } from '../src/store/ledger.js';
import { runRetention } from '../src/store/retention.js';
import { LATEST_VERSION } from '../src/store/migrations.js';
import { appendEvent, ensureSession, listEvents, setSessionStatus } from '../src/store/sessions.js';
import { ENGINES, openTestStore, type EngineName, type TestStore } from './support/stores.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RETENTION = { sessionDays: 10, artifactDays: 20, auditDays: 30, jobDays: 5, taskHours: 48, intervalSeconds: 3600, explicit: { session: true, artifact: true, audit: true, job: true } };

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query(`select count(*) as n from ${sql}`, params);
  return toNumber(row?.['n']);
}

describe.each(ENGINES)('the repository on %s', (engine: EngineName) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('identities: exact (provider, workspace, user) match; an unscoped identity is no fallback for a scoped message', async () => {
    const db = store.db;
    await upsertIdentity(db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'alice' }, 'member');
    await upsertIdentity(db, { provider: 'slack', providerWorkspaceId: 'T1', externalUserId: 'bob' }, 'viewer', 'Bob');
    expect((await findIdentity(db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'alice' }))?.role).toBe('member');
    expect(await findIdentity(db, { provider: 'webhook', providerWorkspaceId: 'W9', externalUserId: 'alice' })).toBeUndefined();
    expect(await findIdentity(db, { provider: 'slack', providerWorkspaceId: '', externalUserId: 'bob' })).toBeUndefined();
    const updated = await upsertIdentity(db, { provider: 'slack', providerWorkspaceId: 'T1', externalUserId: 'bob' }, 'admin');
    expect(updated).toMatchObject({ role: 'admin', displayName: 'Bob' });
    expect(await countPromptCapable(db)).toBe(2);
    expect((await listIdentities(db, 'slack')).map((i) => i.externalUserId)).toEqual(['bob']);
  });

  it('the replay ledger refuses a second entry of the same key, per provider', async () => {
    expect(await recordLedgerEntry(store.db, 'webhook', 'message', 'm-1', null)).toBe(true);
    expect(await recordLedgerEntry(store.db, 'webhook', 'message', 'm-1', null)).toBe(false);
    expect(await recordLedgerEntry(store.db, 'other', 'message', 'm-1', null)).toBe(true);
    expect(await recordLedgerEntry(store.db, 'webhook', 'signature', 'm-1', null)).toBe(true);
  });

  it('the daemon lease has one owner at a time, expires by the database clock, and is then taken over', async () => {
    const db = store.db;
    expect(await acquireLease(db, 'test-lease', 'replica-a', 0.5)).toBe(true);
    expect(await acquireLease(db, 'test-lease', 'replica-b', 0.5)).toBe(false);
    expect(await acquireLease(db, 'test-lease', 'replica-a', 0.5)).toBe(true); // renewal
    expect(await holdsLease(db, 'test-lease', 'replica-b')).toBe(false);
    await sleep(700);
    expect(await holdsLease(db, 'test-lease', 'replica-a')).toBe(false);
    expect(await acquireLease(db, 'test-lease', 'replica-b', 30)).toBe(true);
    expect((await readLease(db, 'test-lease'))).toMatchObject({ owner: 'replica-b', live: true });
  });

  it('retention deletes and preserves exactly what the seed lists, in one pass with an audit row of cutoffs and counts', async () => {
    const db = store.db;
    const session = async (chat: string, status: 'idle' | 'running' | 'blocked' | 'failed' | 'completed', ageDays: number) => {
      const s = await ensureSession(db, { provider: 'webhook', providerWorkspaceId: '', chatId: chat, threadId: '' });
      await setSessionStatus(db, s.id, status);
      await appendEvent(db, s.id, null, 'assistant.text', { text: 'x' });
      await db.query(`update gateway_sessions set updated_at = now() - make_interval(days => $2) where id = $1`, [s.id, ageDays]);
      return s.id;
    };
    const oldIdle = await session('old-idle', 'idle', 11);
    const oldFailed = await session('old-failed', 'failed', 11);
    const oldCompleted = await session('old-completed', 'completed', 11);
    const oldRunning = await session('old-running', 'running', 11);
    const oldBlocked = await session('old-blocked', 'blocked', 11);
    const oldWithPending = await session('old-with-pending', 'idle', 11);
    const youngIdle = await session('young-idle', 'idle', 9);
    await enqueueJob(db, { kind: 'prompt', payload: {}, maxAttempts: 3, sessionId: oldWithPending });
    const job = async (status: string, ageDays: number) => {
      const { id } = await enqueueJob(db, { kind: 'prompt', payload: {}, maxAttempts: 3 });
      await db.query(`update gateway_jobs set status = $2, finished_at = case when $2 in ('pending','running') then null else now() - make_interval(days => $3) end, updated_at = now() - make_interval(days => $3) where id = $1`, [id, status, ageDays]);
      return id;
    };
    const oldJobs = [await job('completed', 6), await job('failed', 6), await job('dead', 6), await job('cancelled', 6)];
    const keptJobs = [await job('pending', 60), await job('running', 60), await job('completed', 4)];
    await db.query(`insert into gateway_artifacts (id, name, created_at) values ('art-old', 'a', now() - interval '21 days'), ('art-young', 'b', now() - interval '19 days')`);
    await recordAudit(db, { type: AuditType.PromptAccepted, subject: 'old-audit' });
    await recordAudit(db, { type: AuditType.PromptAccepted, subject: 'young-audit' });
    await db.query(`update gateway_audit set created_at = now() - interval '31 days' where subject = 'old-audit'`);
    await db.query(`update gateway_audit set created_at = now() - interval '29 days' where subject = 'young-audit'`);

    // Without the lease, nothing is pruned.
    expect(await runRetention(db, 'not-the-leader', RETENTION)).toEqual({ ran: false, reason: 'not_leader' });
    expect(await count(db, 'gateway_sessions')).toBeGreaterThanOrEqual(7);

    expect(await acquireLease(db, DAEMON_LEASE, 'leader-1', 30)).toBe(true);
    const result = await runRetention(db, 'leader-1', RETENTION);
    expect(result.ran).toBe(true);
    if (!result.ran) return;
    expect(result.counts).toMatchObject({ sessions: 3, sessionEvents: 3, artifacts: 1, audit: 1, jobs: 4 });
    const sessions = (await db.query<{ id: string }>('select id from gateway_sessions')).map((r) => r.id);
    expect(sessions).not.toContain(oldIdle);
    expect(sessions).not.toContain(oldFailed);
    expect(sessions).not.toContain(oldCompleted);
    expect(sessions).toEqual(expect.arrayContaining([oldRunning, oldBlocked, oldWithPending, youngIdle]));
    expect(await listEvents(db, oldIdle)).toEqual([]);
    expect(await listEvents(db, youngIdle)).toHaveLength(1);
    const jobs = (await db.query<{ id: string }>('select id from gateway_jobs')).map((r) => r.id);
    for (const id of oldJobs) expect(jobs).not.toContain(id);
    expect(jobs).toEqual(expect.arrayContaining(keptJobs));
    expect((await db.query<{ id: string }>('select id from gateway_artifacts')).map((r) => r.id)).toEqual(['art-young']);
    const audits = await listAudit(db, { limit: 1000 });
    expect(audits.some((a) => a.subject === 'old-audit')).toBe(false);
    expect(audits.some((a) => a.subject === 'young-audit')).toBe(true);
    const pruned = audits.find((a) => a.type === AuditType.RetentionPruned);
    expect(pruned?.data).toMatchObject({ counts: result.counts, cutoffs: result.cutoffs });
    const [clock] = await db.query<{ now: Date }>('select now() as now');
    const days = (iso: string) => (clock!.now.getTime() - new Date(iso).getTime()) / 86_400_000;
    expect(Math.round(days(result.cutoffs.session))).toBe(10);
    expect(Math.round(days(result.cutoffs.artifact))).toBe(20);
    expect(Math.round(days(result.cutoffs.audit))).toBe(30);
    expect(Math.round(days(result.cutoffs.job))).toBe(5);
  });
});

describe('backup and restore drill', () => {
  it('a PostgreSQL store backed up and restored into a fresh embedded store (and back) keeps every row', async () => {
    const source = await openTestStore('postgres');
    const dir = mkdtempSync(path.join(tmpdir(), 'gateway-backup-'));
    const targets: TestStore[] = [];
    try {
      const db = source.db;
      await upsertIdentity(db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'alice' }, 'owner');
      const session = await ensureSession(db, { provider: 'webhook', providerWorkspaceId: 'w', chatId: 'c', threadId: 't' });
      await appendEvent(db, session.id, null, 'assistant.text', { text: 'kept' });
      const { id: jobId } = await enqueueJob(db, { kind: 'prompt', payload: { text: 'hello' }, maxAttempts: 3, sessionId: session.id, queueKey: 'k' });
      await recordLedgerEntry(db, 'webhook', 'message', 'm-1', jobId);
      await recordAudit(db, { type: AuditType.PromptAccepted, subject: jobId, data: { n: 1 } });

      const manifest = await writeBackup(db, path.join(dir, 'one'));
      expect(manifest.tables['gateway_jobs']?.rows).toBe(1);
      expect(JSON.parse(readFileSync(path.join(dir, 'one', 'manifest.json'), 'utf8'))).toMatchObject({ format: 'open-cowork-gateway-backup', schemaVersion: LATEST_VERSION, engine: 'postgres' });
      await expect(writeBackup(db, path.join(dir, 'one'))).rejects.toThrow(/already holds a backup/);

      const embedded = await openTestStore('embedded');
      targets.push(embedded);
      await restoreBackup(embedded.db, path.join(dir, 'one'));
      await expect(restoreBackup(embedded.db, path.join(dir, 'one'))).rejects.toThrow(/not empty/);
      expect((await findIdentity(embedded.db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'alice' }))?.role).toBe('owner');
      expect((await listEvents(embedded.db, session.id)).map((e) => e.data)).toEqual([{ text: 'kept' }]);
      expect(await recordLedgerEntry(embedded.db, 'webhook', 'message', 'm-1', null)).toBe(false); // replay protection survives
      // Identity sequences continue after the restored rows.
      const { id: next } = await enqueueJob(embedded.db, { kind: 'prompt', payload: {}, maxAttempts: 3 });
      const seqs = await embedded.db.query<{ id: string; seq: unknown }>('select id, seq from gateway_jobs order by seq');
      expect(seqs.at(-1)?.id).toBe(next);
      expect(toNumber(seqs.at(-1)?.seq)).toBeGreaterThan(toNumber(seqs[0]?.seq));

      // And back to PostgreSQL from the embedded store's own backup.
      await writeBackup(embedded.db, path.join(dir, 'two'));
      const back = await openTestStore('postgres');
      targets.push(back);
      await restoreBackup(back.db, path.join(dir, 'two'));
      expect(await count(back.db, 'gateway_jobs')).toBe(2);
      expect(await count(back.db, 'gateway_audit where type = $1', [AuditType.BackupRestored])).toBe(2); // the first restore's row travelled in the second backup
    } finally {
      for (const target of targets) await target.close();
      await source.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a folder that is not a backup, and a table file that does not match its manifest', async () => {
    const target = await openTestStore('embedded');
    const dir = mkdtempSync(path.join(tmpdir(), 'gateway-backup-bad-'));
    try {
      await expect(restoreBackup(target.db, dir)).rejects.toThrow(/cannot be read as a backup manifest/);
      await writeBackup(target.db, path.join(dir, 'b'));
      writeFileSync(path.join(dir, 'b', 'identities.ndjson'), '{"id":"x"}\n');
      const other = await openTestStore('embedded');
      try {
        await expect(restoreBackup(other.db, path.join(dir, 'b'))).rejects.toThrow(/identities.ndjson has 1 rows; the manifest says 0/);
      } finally {
        await other.close();
      }
    } finally {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
