// Admission of a channel message. Who may prompt: an active owner, admin or member identity for
// exactly (provider, provider workspace, user). Everyone else is denied and audited without the message text. With
// PAIRING=on an unknown sender is answered once with a pairing code (within the limits of
// store/pairings.ts); nothing they wrote is passed on.
import { enqueueOutbound } from '../channels/outbound.js';
import { enqueueJob } from '../queue/jobs.js';
import { AuditType, recordAudit } from '../store/audit.js';
import type { Queryable } from '../store/db.js';
import { findIdentity, PROMPT_ROLES, type Identity } from '../store/identities.js';
import { expirePairings, offerPairing, PAIRING_TTL_SECONDS } from '../store/pairings.js';
import { appendEvent, ensureSession, sessionQueueKey } from '../store/sessions.js';
import type { PromptPayload } from './prompt-payload.js';
import type { GatewayContext } from './context.js';

export interface Sender {
  readonly provider: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly chatId: string;
  readonly threadId: string;
  readonly messageId: string;
  readonly displayName: string | null;
  readonly textLength: number;
}

export type Authorization =
  | { readonly allowed: true; readonly identity: Identity }
  | { readonly allowed: false; readonly reason: string; readonly pairingCode?: string };

export function pairingMessage(code: string): string {
  return `This gateway does not know you yet. Your pairing code is ${code} (valid for ${PAIRING_TTL_SECONDS / 60} minutes). Send it to the operator; once they approve it, write again.`;
}

export async function authorizeSender(tx: Queryable, ctx: GatewayContext, sender: Sender): Promise<Authorization> {
  const identity = await findIdentity(tx, { provider: sender.provider, providerWorkspaceId: sender.workspaceId, externalUserId: sender.userId });
  if (identity !== undefined && PROMPT_ROLES.has(identity.role)) return { allowed: true, identity };
  const reason = identity === undefined ? 'unknown_identity' : `role_${identity.role}`;
  const denied = { reason, workspaceId: sender.workspaceId, chatId: sender.chatId, messageId: sender.messageId, textLength: sender.textLength };
  await recordAudit(tx, { type: AuditType.PromptDenied, provider: sender.provider, actor: sender.userId, data: denied });
  if (identity !== undefined || !ctx.config.pairing) return { allowed: false, reason };

  for (const expired of await expirePairings(tx)) {
    await recordAudit(tx, { type: AuditType.PairingExpired, provider: expired.provider, actor: expired.externalUserId, subject: expired.code });
  }
  const offer = await offerPairing(tx, { provider: sender.provider, workspaceId: sender.workspaceId, userId: sender.userId, chatId: sender.chatId, threadId: sender.threadId, displayName: sender.displayName });
  if (!offer.issued) {
    await recordAudit(tx, { type: AuditType.PairingSuppressed, provider: sender.provider, actor: sender.userId, data: { reason: offer.reason, workspaceId: sender.workspaceId } });
    ctx.metrics.pairings.inc({ outcome: offer.reason });
    return { allowed: false, reason };
  }
  const code = offer.pairing.code;
  await recordAudit(tx, { type: AuditType.PairingRequested, provider: sender.provider, actor: sender.userId, subject: code, data: { workspaceId: sender.workspaceId, chatId: sender.chatId, expiresAt: offer.pairing.expiresAt } });
  await enqueueOutbound(tx, ctx, { provider: sender.provider, workspaceId: sender.workspaceId, chatId: sender.chatId, threadId: sender.threadId, inReplyTo: sender.messageId }, { kind: 'pairing', text: pairingMessage(code) }, `pairing:${code}`);
  ctx.metrics.pairings.inc({ outcome: 'issued' });
  return { allowed: false, reason, pairingCode: code };
}

/** Stores an admitted message as a prompt job of its chat session (in the caller's transaction). */
export async function acceptPrompt(tx: Queryable, ctx: GatewayContext, sender: Sender, identity: Identity, text: string, jobId: string): Promise<{ readonly jobId: string; readonly sessionId: string }> {
  const key = { provider: sender.provider, providerWorkspaceId: sender.workspaceId, chatId: sender.chatId, threadId: sender.threadId };
  const session = await ensureSession(tx, key);
  const payload: PromptPayload = { provider: sender.provider, workspaceId: sender.workspaceId, chatId: sender.chatId, threadId: sender.threadId, userId: sender.userId, messageId: sender.messageId, text };
  await enqueueJob(tx, { id: jobId, kind: 'prompt', payload: payload as unknown as Record<string, unknown>, maxAttempts: ctx.config.jobs.maxAttempts, queueKey: sessionQueueKey(key), sessionId: session.id });
  await appendEvent(tx, session.id, jobId, 'message.received', { messageId: sender.messageId, userId: sender.userId, role: identity.role, textLength: text.length });
  await recordAudit(tx, { type: AuditType.PromptAccepted, provider: sender.provider, actor: sender.userId, subject: jobId, data: { role: identity.role, sessionId: session.id, messageId: sender.messageId, textLength: text.length } });
  return { jobId, sessionId: session.id };
}
