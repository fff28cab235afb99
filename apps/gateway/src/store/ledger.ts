// The webhook replay ledger: every accepted (timestamp, signature) and message id, stored in
// the same transaction as the job it created. Durable and shared by every replica, so a replay
// is refused after a restart and on another replica alike.
import type { Queryable } from './db.js';

export type LedgerKind = 'signature' | 'message';

/** Records the entry; false when it was already there (a replay). */
export async function recordLedgerEntry(q: Queryable, provider: string, kind: LedgerKind, key: string, jobId: string | null): Promise<boolean> {
  const rows = await q.query(
    'insert into gateway_webhook_ledger (provider, kind, key, job_id) values ($1, $2, $3, $4) on conflict do nothing returning key',
    [provider, kind, key, jobId],
  );
  return rows.length === 1;
}

export async function findLedgerJob(q: Queryable, provider: string, kind: LedgerKind, key: string): Promise<string | null | undefined> {
  const rows = await q.query<{ job_id: string | null }>('select job_id from gateway_webhook_ledger where provider = $1 and kind = $2 and key = $3', [provider, kind, key]);
  return rows[0] === undefined ? undefined : rows[0].job_id;
}
