// A delivery job: one message (or one chunk of it) written into a chat — a signed POST to
// WEBHOOK_DELIVERY_URL, or Bot API calls (telegram/deliver.ts). 2xx is done; 5xx, 408, 429,
// timeouts and network errors are retried with backoff (at least Telegram's retry_after); any
// other answer and an address the SSRF guard refuses fail the delivery for good. Every failure
// is audited without the text; the prompt a reply answers stays completed.
import { NetworkGuardError } from '@open-cowork/host';
import type { DeliveryPayload, TelegramDelivery, WebhookDelivery } from '../channels/outbound.js';
import { messageOf } from '../errors.js';
import { AuditType, recordAudit } from '../store/audit.js';
import { appendEvent } from '../store/sessions.js';
import { completeJob, failJob, type Job } from '../queue/jobs.js';
import { sendTelegramChunks } from '../telegram/deliver.js';
import { HEADER_DELIVERY_ID, HEADER_DELIVERY_SIGNATURE, HEADER_DELIVERY_TIMESTAMP, signDelivery } from '../webhook/signing.js';
import type { GatewayContext, JobLease } from './context.js';
import { backoff, LeaseLost } from './prompt.js';

const TIMEOUT_MS = 15_000;

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
  const timestamp = String(ctx.nowSeconds());
  try {
    const response = await ctx.deliveryFetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [HEADER_DELIVERY_ID]: payload.deliveryId,
        [HEADER_DELIVERY_TIMESTAMP]: timestamp,
        [HEADER_DELIVERY_SIGNATURE]: signDelivery(secret, timestamp, body),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return { ok: true, status: response.status };
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    return { ok: false, retryable, status: response.status, reason: `The delivery endpoint answered HTTP ${response.status}.`, chunk: payload.chunk };
  } catch (error) {
    if (error instanceof NetworkGuardError && error.code !== 'NETWORK_TIMEOUT') return { ok: false, retryable: false, reason: `Refused by the network guard: ${error.message}`, chunk: payload.chunk };
    return { ok: false, retryable: true, reason: `The delivery did not get through: ${messageOf(error)}`, chunk: payload.chunk };
  }
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
