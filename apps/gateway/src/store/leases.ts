// Named leases (the daemon lease decides the leader). Expiry comes from the database clock,
// so replicas with skewed clocks agree on who holds it.
import { toIso, type Queryable } from './db.js';

export const DAEMON_LEASE = 'daemon';

export interface LeaseRow {
  readonly name: string;
  readonly owner: string;
  readonly acquiredAt: string;
  readonly expiresAt: string;
  readonly live: boolean;
}

/** Takes the lease when it is free or expired, or renews it for its owner; true when `owner` holds it now. */
export async function acquireLease(q: Queryable, name: string, owner: string, seconds: number): Promise<boolean> {
  const rows = await q.query(
    `insert into gateway_leases (name, owner, acquired_at, expires_at) values ($1, $2, now(), now() + make_interval(secs => $3))
     on conflict (name) do update
       set owner = excluded.owner,
           expires_at = excluded.expires_at,
           acquired_at = case when gateway_leases.owner = excluded.owner then gateway_leases.acquired_at else now() end
       where gateway_leases.owner = excluded.owner or gateway_leases.expires_at < now()
     returning owner`,
    [name, owner, seconds],
  );
  return rows.length === 1;
}

/** Whether `owner` holds the lease now; with `forUpdate` the row stays locked until the transaction ends. */
export async function holdsLease(q: Queryable, name: string, owner: string, forUpdate = false): Promise<boolean> {
  const rows = await q.query(`select 1 from gateway_leases where name = $1 and owner = $2 and expires_at > now()${forUpdate ? ' for update' : ''}`, [name, owner]);
  return rows.length === 1;
}

export async function releaseLease(q: Queryable, name: string, owner: string): Promise<void> {
  await q.query('delete from gateway_leases where name = $1 and owner = $2', [name, owner]);
}

export async function readLease(q: Queryable, name: string): Promise<LeaseRow | undefined> {
  const rows = await q.query('select *, expires_at > now() as live from gateway_leases where name = $1', [name]);
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    name: String(row['name']),
    owner: String(row['owner']),
    acquiredAt: toIso(row['acquired_at']) ?? '',
    expiresAt: toIso(row['expires_at']) ?? '',
    live: row['live'] === true,
  };
}
