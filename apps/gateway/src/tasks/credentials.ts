// Submitter and runner credentials. Each token is `ocg<r|s>.<id>.<secret>`: the id finds the row,
// and the secret's SHA-256 is compared with the stored one in constant time. The secret itself
// is shown once, when the credential is issued, and stored nowhere.
//
// The three kinds never stand in for each other: the admin token (configuration) may do
// everything but run tasks; a submitter creates tasks and reads its own; a runner polls and
// reports, only for the workspace labels it was registered with.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { toIso, toJson, type Queryable } from '../store/db.js';

export const CREDENTIAL_KINDS = ['submitter', 'runner'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export interface Credential {
  readonly id: string;
  readonly kind: CredentialKind;
  readonly name: string;
  /** Runner: the workspace labels it serves. Submitter: the labels it may submit to (empty: any). */
  readonly workspaces: readonly string[];
  readonly status: 'active' | 'revoked';
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

interface CredentialPrincipal<K extends CredentialKind> {
  readonly kind: K;
  readonly id: string;
  readonly name: string;
  readonly workspaces: readonly string[];
}
export type RunnerPrincipal = CredentialPrincipal<'runner'>;
export type SubmitterPrincipal = CredentialPrincipal<'submitter'>;
export type Principal = { readonly kind: 'admin' } | SubmitterPrincipal | RunnerPrincipal;

/** Names and workspace labels: what an operator types and a runner sends in a URL. */
export const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const TOKEN = /^ocg([rs])\.([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;
const PREFIX: Record<CredentialKind, string> = { runner: 'ocgr', submitter: 'ocgs' };
const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
/** Compared against when the id is unknown, so a miss takes as long as a wrong secret. */
const DUMMY = sha256('no such credential');

function credentialRow(row: Record<string, unknown>): Credential {
  return {
    id: String(row['id']),
    kind: row['kind'] as CredentialKind,
    name: String(row['name']),
    workspaces: (toJson(row['workspaces']) ?? []) as string[],
    status: row['status'] as Credential['status'],
    createdAt: toIso(row['created_at']) ?? '',
    revokedAt: toIso(row['revoked_at']) ?? null,
    lastUsedAt: toIso(row['last_used_at']) ?? null,
  };
}

/**
 * Issues a credential; returns it with its token (the only time the token exists in full).
 * A name already in use by an active credential of the kind is refused; a revoked one's name
 * is taken over by the new credential.
 */
export async function issueCredential(
  q: Queryable,
  kind: CredentialKind,
  name: string,
  workspaces: readonly string[],
): Promise<{ readonly credential: Credential; readonly token: string } | { readonly conflict: true }> {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const rows = await q.query(
    `insert into gateway_credentials (id, kind, name, secret_hash, workspaces) values ($1, $2, $3, $4, $5)
     on conflict (kind, name) do update set id = excluded.id, secret_hash = excluded.secret_hash, workspaces = excluded.workspaces,
       status = 'active', created_at = now(), revoked_at = null, last_used_at = null
       where gateway_credentials.status = 'revoked'
     returning *`,
    [id, kind, name, sha256(secret).toString('hex'), JSON.stringify([...new Set(workspaces)])],
  );
  if (rows[0] === undefined) return { conflict: true };
  return { credential: credentialRow(rows[0]), token: `${PREFIX[kind]}.${id}.${secret}` };
}

/** The active credential a token stands for, or undefined (malformed, unknown, wrong secret, revoked). */
export async function verifyCredential(q: Queryable, token: string): Promise<Credential | undefined> {
  const match = TOKEN.exec(token);
  if (match === null) return undefined;
  const [, letter, id, secret] = match as unknown as [string, string, string, string];
  const rows = await q.query('select * from gateway_credentials where id = $1', [id]);
  const row = rows[0];
  const stored = row === undefined ? DUMMY : Buffer.from(String(row['secret_hash']), 'hex');
  const presented = sha256(secret);
  const same = stored.length === presented.length && timingSafeEqual(stored, presented);
  if (row === undefined || !same) return undefined;
  const credential = credentialRow(row);
  if (credential.status !== 'active' || PREFIX[credential.kind] !== `ocg${letter}`) return undefined;
  // Coarse on purpose: one write a minute per credential, not one per poll.
  await q.query(`update gateway_credentials set last_used_at = now() where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`, [id]);
  return credential;
}

export async function listCredentials(q: Queryable, kind?: CredentialKind): Promise<Credential[]> {
  const rows = await q.query(`select * from gateway_credentials where ($1::text is null or kind = $1) order by kind, name`, [kind ?? null]);
  return rows.map(credentialRow);
}

/** Revokes the active credential of that kind and name; undefined when there is none. */
export async function revokeCredential(q: Queryable, kind: CredentialKind, name: string): Promise<Credential | undefined> {
  const rows = await q.query(`update gateway_credentials set status = 'revoked', revoked_at = now() where kind = $1 and name = $2 and status = 'active' returning *`, [kind, name]);
  return rows[0] === undefined ? undefined : credentialRow(rows[0]);
}

export function principalOf(credential: Credential): Principal {
  const base = { id: credential.id, name: credential.name, workspaces: credential.workspaces };
  return credential.kind === 'runner' ? { kind: 'runner', ...base } : { kind: 'submitter', ...base };
}

/** Who a principal is in event logs and audit rows: `admin`, `runner:<name>`, `submitter:<name>`. */
export function actorOf(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : `${principal.kind}:${principal.name}`;
}
