// A delivery job: one reply chunk POSTed to WEBHOOK_DELIVERY_URL, signed for the delivery
// direction. 2xx is done; 5xx, 408, 429, timeouts and network errors are retried with backoff;
// any other answer and an address the SSRF guard refuses fail the delivery for good. Every
// failure is audited without the text; the prompt it answers stays completed.
import { NetworkGuardError } from '@open-cowork/host';
import { messageOf } from '../errors.js';
import { AuditType, recordAudit } from '../store/audit.js';
import { completeJob, failJob, type Job } from '../queue/jobs.js';
import { HEADER_DELIVERY_ID, HEADER_DELIVERY_SIGNATURE, HEADER_DELIVERY_TIMESTAMP, signDelivery } from '../webhook/signing.js';
import type { GatewayContext, JobLease } from './context.js';
import { backoff, LeaseLost, type DeliveryPayload } from './prompt.js';

const TIMEOUT_MS = 15_000;

type Attempt = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly retryable: boolean; readonly reason: string; readonly status?: number };

async function post(ctx: GatewayContext, payload: DeliveryPayload, signal: AbortSignal): Promise<Attempt> {
  const url = ctx.config.webhook.deliveryUrl;
  const secret = ctx.config.webhook.secret;
  if (url === undefined || secret === undefined) return { ok: false, retryable: false, reason: 'No WEBHOOK_DELIVERY_URL is configured.' };
  const body = JSON.stringify({
    deliveryId: payload.deliveryId,
    chatId: payload.chatId,
    threadId: payload.threadId === '' ? null : payload.threadId,
    text: payload.text,
    chunk: payload.chunk,
    chunks: payload.chunks,
    inReplyTo: payload.inReplyTo,
  });
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
    return { ok: false, retryable, status: response.status, reason: `The delivery endpoint answered HTTP ${response.status}.` };
  } catch (error) {
    if (error instanceof NetworkGuardError && error.code !== 'NETWORK_TIMEOUT') return { ok: false, retryable: false, reason: `Refused by the network guard: ${error.message}` };
    return { ok: false, retryable: true, reason: `The delivery did not get through: ${messageOf(error)}` };
  }
}

export async function runDeliveryJob(ctx: GatewayContext, job: Job, lease: JobLease): Promise<void> {
  const payload = job.payload as unknown as DeliveryPayload;
  const attempt = await post(ctx, payload, lease.signal);
  const audit = { provider: payload.provider, subject: payload.deliveryId };
  if (attempt.ok) {
    await ctx.db.transaction(async (tx) => {
      if (!(await completeJob(tx, job.id, lease.token, { status: attempt.status }))) throw new LeaseLost('The delivery lost its lease.');
      await recordAudit(tx, { type: AuditType.ReplyDelivered, ...audit, data: { promptJobId: payload.promptJobId, chunk: payload.chunk, chunks: payload.chunks, attempts: job.attempts } });
    });
    ctx.metrics.deliveries.inc({ outcome: 'delivered' });
    return;
  }
  const status = await ctx.db.transaction(async (tx) => {
    const failed = await failJob(tx, job.id, lease.token, attempt.reason, { retryable: attempt.retryable, backoffMs: backoff(ctx, job.attempts) });
    if (failed.status === null) throw new LeaseLost('The delivery lost its lease.');
    await recordAudit(tx, {
      type: AuditType.ReplyFailed,
      ...audit,
      data: { promptJobId: payload.promptJobId, chunk: payload.chunk, attempt: job.attempts, willRetry: failed.status === 'pending', reason: attempt.reason, ...(attempt.status === undefined ? {} : { httpStatus: attempt.status }) },
    });
    return failed.status;
  });
  ctx.metrics.deliveries.inc({ outcome: status === 'pending' ? 'retrying' : 'failed' });
}
