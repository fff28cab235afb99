// A delivery job: one message (or one chunk of it) written into a chat — a signed POST to
// WEBHOOK_DELIVERY_URL, or Bot API calls (telegram/deliver.ts). 2xx is done; 5xx, 408, 429,
// timeouts and network errors are retried with backoff (at least Telegram's retry_after); any
// other answer and an address the SSRF guard refuses fail the delivery for good. Every failure
// is audited without the text; the prompt a reply answers stays completed.
import type { DeliveryPayload, TelegramDelivery, WebhookDelivery } from '../channels/outbound.js';
import { AuditType, recordAudit } from '../store/audit.js';
import { appendEvent } from '../store/sessions.js';
import { completeJob, failJob, type Job } from '../queue/jobs.js';
import { sendTelegramChunks } from '../telegram/deliver.js';
import { postSigned } from '../webhook/signed-post.js';
import type { GatewayContext, JobLease } from './context.js';
import { backoff, LeaseLost } from './prompt.js';


type Attempt =
  | { readonly ok: true; readonly status?: number }
  | { readonly ok: false; readonly retryable: boolean; readonly reason: string; readonly status?: number; readonly retryAfterMs?: number; readonly chunk: number };

/** The JSON body a webhook receiver gets; replies keep part 1's shape exactly. */
export function webhookDeliveryBody(payload: WebhookDelivery): string {
  return JSON.stringify({
    deliveryId: payload.deliveryId,
    chatId: payload.chatId,
    threadId: payload.threadId === '' ? null : payload.threadId,
    text: payload.text,
    chunk: payload.chunk,
    chunks: payload.chunks,
    inReplyTo: payload.inReplyTo,
    ...(payload.kind === undefined || payload.kind === 'reply' ? {} : { kind: payload.kind }),
    ...(payload.approvalId === undefined ? {} : { approvalId: payload.approvalId }),
    ...(payload.actions === undefined ? {} : { actions: payload.actions }),
  });
}

async function post(ctx: GatewayContext, payload: WebhookDelivery, signal: AbortSignal): Promise<Attempt> {
  const url = ctx.config.webhook.deliveryUrl;
  const secret = ctx.config.webhook.secret;
  if (url === undefined || secret === undefined) return { ok: false, retryable: false, reason: 'No WEBHOOK_DELIVERY_URL is configured.', chunk: payload.chunk };
  const body = webhookDeliveryBody(payload);
  const outcome = await postSigned(ctx.deliveryFetch, { url, secret, deliveryId: payload.deliveryId, timestamp: String(ctx.nowSeconds()), body, what: 'delivery' }, signal);
  return outcome.ok ? outcome : { ...outcome, chunk: payload.chunk };
}

async function attempt(ctx: GatewayContext, job: Job, lease: JobLease, payload: DeliveryPayload): Promise<Attempt> {
  if (payload.channel !== 'telegram') return post(ctx, payload, lease.signal);
  const sent = await sendTelegramChunks(ctx, job, lease, payload);
  if (sent.ok) return { ok: true };
  const { failure } = sent;
  return { ok: false, retryable: failure.retryable, reason: failure.reason, chunk: sent.chunk, ...(failure.status === undefined ? {} : { status: failure.status }), ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }) };
}

export async function runDeliveryJob(ctx: GatewayContext, job: Job, lease: JobLease): Promise<void> {
  const payload = job.payload as unknown as DeliveryPayload;
  const result = await attempt(ctx, job, lease, payload);
  const audit = { provider: payload.provider, subject: payload.deliveryId };
  const chunks = payload.channel === 'telegram' ? (payload as TelegramDelivery).chunks.length : payload.chunks;
  if (result.ok) {
    await ctx.db.transaction(async (tx) => {
      if (!(await completeJob(tx, job.id, lease.token, { ...(result.status === undefined ? {} : { status: result.status }) }))) throw new LeaseLost('The delivery lost its lease.');
      const data = { kind: payload.kind ?? 'reply', chunks, attempts: job.attempts, ...(payload.promptJobId === undefined ? {} : { promptJobId: payload.promptJobId }) };
      await recordAudit(tx, { type: AuditType.ReplyDelivered, ...audit, data: payload.channel === 'telegram' ? data : { ...data, chunk: payload.chunk } });
      if (job.sessionId !== null) await appendEvent(tx, job.sessionId, payload.promptJobId ?? job.id, 'delivery.sent', { deliveryId: payload.deliveryId, kind: payload.kind ?? 'reply', ...(payload.channel === 'telegram' ? { chunks } : { chunk: payload.chunk, chunks }) });
    });
    ctx.metrics.deliveries.inc({ outcome: 'delivered' });
    return;
  }
  const wait = Math.max(result.retryAfterMs ?? 0, backoff(ctx, job.attempts));
  const status = await ctx.db.transaction(async (tx) => {
    const failed = await failJob(tx, job.id, lease.token, result.reason, { retryable: result.retryable, backoffMs: wait });
    if (failed.status === null) throw new LeaseLost('The delivery lost its lease.');
    await recordAudit(tx, {
      type: AuditType.ReplyFailed,
      ...audit,
      data: {
        kind: payload.kind ?? 'reply',
        chunk: result.chunk,
        attempt: job.attempts,
        willRetry: failed.status === 'pending',
        reason: result.reason,
        ...(failed.status === 'pending' ? { retryInMs: wait } : {}),
        ...(payload.promptJobId === undefined ? {} : { promptJobId: payload.promptJobId }),
        ...(result.status === undefined ? {} : { httpStatus: result.status }),
        ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
      },
    });
    return failed.status;
  });
  ctx.metrics.deliveries.inc({ outcome: status === 'pending' ? 'retrying' : 'failed' });
}
