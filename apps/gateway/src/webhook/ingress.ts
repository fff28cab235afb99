// POST /webhooks/<providerId>: verify, refuse replays from the durable ledger, authorize the
// sender (or offer a pairing code), and store the message as a prompt job — all before answering
// 202 with the job id.
// Nothing here waits for the answer.
import { randomUUID } from 'node:crypto';
import { GatewayErrorCode } from '../errors.js';
import { AuditType, recordAudit } from '../store/audit.js';
import { findLedgerJob, recordLedgerEntry } from '../store/ledger.js';
import { acceptPrompt, authorizeSender, type Sender } from '../work/admission.js';
import type { GatewayContext } from '../work/context.js';
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
  try {
    const outcome = await ctx.db.transaction(async (tx) => {
      const jobId = randomUUID();
      if (!(await recordLedgerEntry(tx, providerId, 'signature', `${verified.timestamp}:${verified.signature}`, jobId))) {
        throw new Replay('signature', await findLedgerJob(tx, providerId, 'signature', `${verified.timestamp}:${verified.signature}`));
      }
      if (!(await recordLedgerEntry(tx, providerId, 'message', message.id, jobId))) {
        throw new Replay('message', await findLedgerJob(tx, providerId, 'message', message.id));
      }
      const sender: Sender = { provider: providerId, workspaceId: message.workspaceId, userId: message.userId, chatId: message.chatId, threadId: message.threadId, messageId: message.id, displayName: null, textLength: message.text.length };
      const admission = await authorizeSender(tx, ctx, sender);
      if (!admission.allowed) {
        // The ledger rows stay (without a job): a replay of a refused message is refused as a replay.
        await tx.query(`update gateway_webhook_ledger set job_id = null where job_id = $1`, [jobId]);
        return { denied: admission.reason, pairing: admission.pairingCode !== undefined } as const;
      }
      return acceptPrompt(tx, ctx, sender, admission.identity, message.text, jobId);
    });
    if ('denied' in outcome) {
      ctx.metrics.webhookRequests.inc({ outcome: 'denied' });
      if (outcome.pairing) ctx.onJobStored?.();
      return error(403, GatewayErrorCode.Forbidden, outcome.pairing ? 'The sender has no identity allowed to prompt on this gateway; a pairing code was sent to the chat.' : 'The sender has no identity allowed to prompt on this gateway.');
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
