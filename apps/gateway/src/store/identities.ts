// Channel identities: who may do what, per (provider, provider workspace, user). Deny by
// default: a sender without a row, or with a role that cannot prompt, is refused.
import { randomUUID } from 'node:crypto';
import { toIso, type Queryable } from './db.js';

export const ROLES = ['owner', 'admin', 'member', 'approver', 'viewer', 'disabled'] as const;
export type Role = (typeof ROLES)[number];

/** Owner, admin and member may start private OpenCode work; approver and viewer may not. */
export const PROMPT_ROLES: ReadonlySet<Role> = new Set<Role>(['owner', 'admin', 'member']);

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface IdentityKey {
  readonly provider: string;
  /** '' for an unscoped identity: it matches only messages that carry no workspace id. */
  readonly providerWorkspaceId: string;
  readonly externalUserId: string;
}

export interface Identity extends IdentityKey {
  readonly id: string;
  readonly role: Role;
  readonly displayName: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function identityRow(row: Record<string, unknown>): Identity {
  return {
    id: String(row['id']),
    provider: String(row['provider']),
    providerWorkspaceId: String(row['provider_workspace_id']),
    externalUserId: String(row['external_user_id']),
    role: row['role'] as Role,
    displayName: (row['display_name'] as string | null) ?? null,
    createdAt: toIso(row['created_at']) ?? '',
    updatedAt: toIso(row['updated_at']) ?? '',
  };
}

export async function upsertIdentity(q: Queryable, key: IdentityKey, role: Role, displayName?: string): Promise<Identity> {
  const rows = await q.query(
    `insert into gateway_identities (id, provider, provider_workspace_id, external_user_id, role, display_name)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (provider, provider_workspace_id, external_user_id)
     do update set role = excluded.role, display_name = coalesce(excluded.display_name, gateway_identities.display_name), updated_at = now()
     returning *`,
    [randomUUID(), key.provider, key.providerWorkspaceId, key.externalUserId, role, displayName ?? null],
  );
  return identityRow(rows[0]!);
}

/** Exactly this (provider, workspace, user): an unscoped identity never stands in for a scoped one. */
export async function findIdentity(q: Queryable, key: IdentityKey): Promise<Identity | undefined> {
  const rows = await q.query('select * from gateway_identities where provider = $1 and provider_workspace_id = $2 and external_user_id = $3', [
    key.provider,
    key.providerWorkspaceId,
    key.externalUserId,
  ]);
  return rows[0] === undefined ? undefined : identityRow(rows[0]);
}

/** Changes the role of the identity with this id; undefined when there is none. */
export async function setIdentityRole(q: Queryable, id: string, role: Role): Promise<Identity | undefined> {
  const rows = await q.query('update gateway_identities set role = $2, updated_at = now() where id = $1 returning *', [id, role]);
  return rows[0] === undefined ? undefined : identityRow(rows[0]);
}

export async function listIdentities(q: Queryable, provider?: string): Promise<Identity[]> {
  const rows = await q.query('select * from gateway_identities where ($1::text is null or provider = $1) order by provider, provider_workspace_id, external_user_id', [
    provider ?? null,
  ]);
  return rows.map(identityRow);
}

export async function countPromptCapable(q: Queryable): Promise<number> {
  const rows = await q.query<{ n: unknown }>(`select count(*)::int as n from gateway_identities where role in ('owner', 'admin', 'member')`);
  return Number(rows[0]?.n ?? 0);
}
