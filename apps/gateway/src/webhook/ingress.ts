// POST /webhooks/<providerId>: verify, refuse replays from the durable ledger, authorize the
// sender, and store the message as a prompt job — all before answering 202 with the job id.
// Nothing here waits for the answer.
import { randomUUID } from 'node:crypto';
import { GatewayErrorCode } from '../errors.js';
import { AuditType, recordAudit } from '../store/audit.js';
import { findIdentity, PROMPT_ROLES } from '../store/identities.js';
import { findLedgerJob, recordLedgerEntry } from '../store/ledger.js';
import { ensureSession, sessionQueueKey } from '../store/sessions.js';
import { enqueueJob } from '../queue/jobs.js';
import type { GatewayContext } from '../work/context.js';
import type { PromptPayload } from '../work/prompt.js';
import { parseInboundMessage } from './message.js';
import { verifyInbound } from './signing.js';

export interface IngressResult {
  readonly status: number;
  readonly body: unknown;
  /** The request failed authentication (counts toward the source's rate limit). */
  readonly authFailure?: boolean;
}

const error = (status: number, code: string, message: string, authFailure = false): IngressResult => ({ status, body: { error: { code, message } }, authFailure });

class Replay extends Error {
  constructor(readonly what: 'signature' | 'message', readonly jobId: string | null | undefined) {
    super(what);
  }
}

export async function handleWebhook(ctx: GatewayContext, providerId: string, headers: { timestamp?: string; signature?: string }, body: Buffer): Promise<IngressResult> {
  const secret = ctx.config.webhook.secret;
  if (secret === undefined || !ctx.config.webhook.providerIds.includes(providerId)) {
    return error(404, GatewayErrorCode.UnknownProvider, `No signed webhook provider "${providerId}" is configured.`);
  }
  const verified = verifyInbound(secret, headers.timestamp, headers.signature, body, ctx.nowSeconds());
  if (!verified.ok) {
    ctx.metrics.webhookRequests.inc({ outcome: `rejected_${verified.reason}` });
    await recordAudit(ctx.db, { type: AuditType.WebhookRejected, provider: providerId, data: { reason: verified.reason, bodyBytes: body.length } });
    const code = verified.reason === 'skew' ? GatewayErrorCode.TimestampSkew : GatewayErrorCode.SignatureInvalid;
    return error(401, code, verified.message, true);
  }
  const parsed = parseInboundMessage(body);
  if (!parsed.ok) {
    ctx.metrics.webhookRequests.inc({ outcome: 'invalid' });
    return error(400, GatewayErrorCode.BadRequest, parsed.message);
  }
  const message = parsed.message;
  const key = { provider: providerId, providerWorkspaceId: message.workspaceId, chatId: message.chatId, threadId: message.threadId };
  try {
    const outcome = await ctx.db.transaction(async (tx) => {
      const jobId = randomUUID();
      if (!(await recordLedgerEntry(tx, providerId, 'signature', `${verified.timestamp}:${verified.signature}`, jobId))) {
        throw new Replay('signature', await findLedgerJob(tx, providerId, 'signature', `${verified.timestamp}:${verified.signature}`));
      }
      if (!(await recordLedgerEntry(tx, providerId, 'message', message.id, jobId))) {
        throw new Replay('message', await findLedgerJob(tx, providerId, 'message', message.id));
      }
      const identity = await findIdentity(tx, { provider: providerId, providerWorkspaceId: message.workspaceId, externalUserId: message.userId });
      if (identity === undefined || !PROMPT_ROLES.has(identity.role)) {
        // The ledger rows stay (without a job): a replay of a refused message is refused as a replay.
        await tx.query(`update gateway_webhook_ledger set job_id = null where job_id = $1`, [jobId]);
        await recordAudit(tx, {
          type: AuditType.PromptDenied,
          provider: providerId,
          actor: message.userId,
          data: { reason: identity === undefined ? 'unknown_identity' : `role_${identity.role}`, workspaceId: message.workspaceId, chatId: message.chatId, messageId: message.id, textLength: message.text.length },
        });
        return { denied: identity === undefined ? 'unknown' : identity.role } as const;
      }
      const session = await ensureSession(tx, key);
      const payload: PromptPayload = {
        provider: providerId,
        workspaceId: message.workspaceId,
        chatId: message.chatId,
        threadId: message.threadId,
        userId: message.userId,
        messageId: message.id,
        text: message.text,
      };
      await enqueueJob(tx, { id: jobId, kind: 'prompt', payload: payload as unknown as Record<string, unknown>, maxAttempts: ctx.config.jobs.maxAttempts, queueKey: sessionQueueKey(key), sessionId: session.id });
      await recordAudit(tx, { type: AuditType.PromptAccepted, provider: providerId, actor: message.userId, subject: jobId, data: { role: identity.role, sessionId: session.id, messageId: message.id, textLength: message.text.length } });
      return { jobId, sessionId: session.id } as const;
    });
    if ('denied' in outcome) {
      ctx.metrics.webhookRequests.inc({ outcome: 'denied' });
      return error(403, GatewayErrorCode.Forbidden, 'The sender has no identity allowed to prompt on this gateway.');
    }
    ctx.metrics.webhookRequests.inc({ outcome: 'accepted' });
    ctx.onJobStored?.();
    return { status: 202, body: { jobId: outcome.jobId, sessionId: outcome.sessionId } };
  } catch (caught) {
    if (!(caught instanceof Replay)) throw caught;
    ctx.metrics.webhookRequests.inc({ outcome: `replay_${caught.what}` });
    await recordAudit(ctx.db, { type: AuditType.WebhookRejected, provider: providerId, actor: message.userId, data: { reason: `replay_${caught.what}`, messageId: message.id } });
    return error(409, GatewayErrorCode.Replayed, caught.what === 'signature' ? 'This signed request was already received.' : `Message "${message.id}" was already received.`);
  }
}
