// Pairing codes (PAIRING=on): an unknown sender gets one code an operator can approve. Codes are
// 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), valid for an hour; a
// channel has at most 3 pending codes, and a sender gets at most one answer per hour.
import { randomInt } from 'node:crypto';
import { toIso, toNumber, type Queryable } from './db.js';
import type { Role } from './identities.js';

export const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 8;
export const PAIRING_TTL_SECONDS = 3600;
export const MAX_PENDING_PER_CHANNEL = 3;
/** A sender is answered (with a code or anything else) at most once in this window. */
export const SENDER_WINDOW_SECONDS = 3600;

export type PairingStatus = 'pending' | 'approved' | 'expired';

export interface Pairing {
  readonly code: string;
  readonly provider: string;
  readonly workspaceId: string;
  readonly externalUserId: string;
  readonly chatId: string;
  readonly threadId: string;
  readonly displayName: string | null;
  readonly status: PairingStatus;
  readonly role: Role | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
}

export interface PairingSender {
  readonly provider: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly chatId: string;
  readonly threadId: string;
  readonly displayName: string | null;
}

export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i += 1) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return code;
}

/** What an operator typed, as a stored code: case and separators do not matter. */
export function normalizeCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '');
}

function pairingRow(row: Record<string, unknown>): Pairing {
  return {
    code: String(row['code']),
    provider: String(row['provider']),
    workspaceId: String(row['provider_workspace_id']),
    externalUserId: String(row['external_user_id']),
    chatId: String(row['chat_id']),
    threadId: String(row['thread_id']),
    displayName: (row['display_name'] as string | null) ?? null,
    status: row['status'] as PairingStatus,
    role: (row['role'] as Role | null) ?? null,
    createdAt: toIso(row['created_at']) ?? '',
    expiresAt: toIso(row['expires_at']) ?? '',
    decidedAt: toIso(row['decided_at']) ?? null,
    decidedBy: (row['decided_by'] as string | null) ?? null,
  };
}

/** Pending codes past their hour become expired; returns them (for the audit). */
export async function expirePairings(q: Queryable): Promise<Pairing[]> {
  const rows = await q.query(`update gateway_pairings set status = 'expired', decided_at = now() where status = 'pending' and expires_at <= now() returning *`);
  return rows.map(pairingRow);
}

export type PairingOffer = { readonly issued: true; readonly pairing: Pairing } | { readonly issued: false; readonly reason: 'recently_answered' | 'too_many_pending' };

/**
 * A new code for `sender`, unless it was answered within the hour or its channel already has
 * the most pending codes. Callers hold the transaction; concurrent offers on one channel are
 * serialized by a transaction lock.
 */
export async function offerPairing(tx: Queryable, sender: PairingSender): Promise<PairingOffer> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('open-cowork-gateway-pairing:' || $1))`, [sender.provider]);
  const [recent] = await tx.query(
    `select count(*) as n from gateway_pairings where provider = $1 and provider_workspace_id = $2 and external_user_id = $3 and created_at > now() - make_interval(secs => $4)`,
    [sender.provider, sender.workspaceId, sender.userId, SENDER_WINDOW_SECONDS],
  );
  if (toNumber(recent?.['n']) > 0) return { issued: false, reason: 'recently_answered' };
  const [pending] = await tx.query(`select count(*) as n from gateway_pairings where provider = $1 and status = 'pending' and expires_at > now()`, [sender.provider]);
  if (toNumber(pending?.['n']) >= MAX_PENDING_PER_CHANNEL) return { issued: false, reason: 'too_many_pending' };
  for (;;) {
    const rows = await tx.query(
      `insert into gateway_pairings (code, provider, provider_workspace_id, external_user_id, chat_id, thread_id, display_name, status, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, 'pending', now() + make_interval(secs => $8)) on conflict (code) do nothing returning *`,
      [newPairingCode(), sender.provider, sender.workspaceId, sender.userId, sender.chatId, sender.threadId, sender.displayName, PAIRING_TTL_SECONDS],
    );
    if (rows[0] !== undefined) return { issued: true, pairing: pairingRow(rows[0]) };
  }
}

export async function listPairings(q: Queryable, filter: { readonly status?: PairingStatus; readonly limit?: number } = {}): Promise<Pairing[]> {
  const rows = await q.query(`select * from gateway_pairings where ($1::text is null or status = $1) order by created_at desc limit $2`, [filter.status ?? null, filter.limit ?? 100]);
  return rows.map(pairingRow);
}

/** The pending, unexpired pairing with this code, locked for the rest of the transaction. */
export async function lockPendingPairing(tx: Queryable, code: string): Promise<Pairing | undefined> {
  const rows = await tx.query(`select * from gateway_pairings where code = $1 and status = 'pending' and expires_at > now() for update`, [normalizeCode(code)]);
  return rows[0] === undefined ? undefined : pairingRow(rows[0]);
}

export async function markPairingApproved(tx: Queryable, code: string, role: Role, by: string): Promise<Pairing> {
  const rows = await tx.query(`update gateway_pairings set status = 'approved', role = $2, decided_at = now(), decided_by = $3 where code = $1 returning *`, [code, role, by]);
  return pairingRow(rows[0]!);
}
