// A finished task's callback: a durable job (kind `callback`, one per task, its id derived from
// the task's) stored in the transaction that finished the task. A URL gets a signed POST — the
// key is the gateway's TASK_CALLBACK_SECRET, never anything from the task — through the SSRF
// guard; 5xx, 408, 429, timeouts and network errors are retried with backoff, at least as long
// as the endpoint's Retry-After says; any other answer fails it for good. A chat callback is
// written into the chat through the channel's own delivery jobs.
import { createHash } from 'node:crypto';
import type { TaskResult, TaskView } from '@open-cowork/contracts';
import { canDeliver, enqueueOutbound } from '../channels/outbound.js';
import { completeJob, enqueueJob, failJob, type Job } from '../queue/jobs.js';
import type { Queryable } from '../store/db.js';
import type { GatewayContext, JobLease } from '../work/context.js';
import { backoff } from '../work/prompt.js';
import { postSigned, type PostOutcome } from '../webhook/signed-post.js';
import { recordTaskEvent } from './events.js';
import { getTaskRecord, taskView, type TaskRecord } from './store.js';

export type CallbackContext = Pick<GatewayContext, 'db' | 'config' | 'onJobStored'>;


/** The delivery id a task's callback always carries (receivers deduplicate by it). */
export function callbackDeliveryId(taskId: string): string {
  return `tcb_${createHash('sha256').update(`task-callback:${taskId}`).digest('hex').slice(0, 32)}`;
}

/** Stores the callback job of a finished task that asked for one. */
export async function dispatchCallback(tx: Queryable, ctx: CallbackContext, record: TaskRecord): Promise<void> {
  if (record.callback === null) return;
  const deliveryId = callbackDeliveryId(record.job.id);
  const { created } = await enqueueJob(tx, { id: deliveryId, kind: 'callback', payload: { taskId: record.job.id, deliveryId }, maxAttempts: ctx.config.jobs.maxAttempts });
  if (created) await recordTaskEvent(tx, record.job.id, 'callback.dispatched', 'gateway', { deliveryId, target: 'url' in record.callback ? 'url' : 'chat' });
}

/** The JSON body a callback URL receives. */
export function callbackBody(deliveryId: string, view: TaskView): string {
  return JSON.stringify({
    deliveryId,
    taskId: view.id,
    status: view.status,
    kind: view.kind,
    workspace: view.workspace,
    sessionKey: view.sessionKey,
    attempts: view.attempts,
    result: view.result,
    error: view.error,
    finishedAt: view.finishedAt,
  });
}

/** What a chat is told about a finished task. */
export function chatText(view: TaskView): string {
  const result: TaskResult | null = view.result;
  if (view.status === 'completed') {
    if (view.kind === 'prompt') return result?.text ?? '';
    return `Command finished with exit code ${result?.exitCode ?? '?'}${result?.output ? `:\n${result.output}${result.truncated === true ? '\n…(output cut)' : ''}` : '.'}`;
  }
  return `Task ${view.id} ${view.status}${view.error ? `: ${view.error}` : '.'}`;
}

type Attempt = { readonly ok: true; readonly status?: number; readonly messages?: number } | Exclude<PostOutcome, { ok: true }>;

async function post(ctx: GatewayContext, url: string, deliveryId: string, view: TaskView, signal: AbortSignal): Promise<Attempt> {
  const secret = ctx.config.tasks.callbackSecret;
  if (secret === undefined) return { ok: false, retryable: false, reason: 'No TASK_CALLBACK_SECRET is configured to sign callbacks.' };
  return postSigned(ctx.callbackFetch, { url, secret, deliveryId, timestamp: String(ctx.nowSeconds()), body: callbackBody(deliveryId, view), what: 'callback' }, signal);
}

async function toChat(ctx: GatewayContext, tx: Queryable, record: TaskRecord, view: TaskView): Promise<Attempt> {
  if (record.callback === null || !('chat' in record.callback)) return { ok: false, retryable: false, reason: 'The task has no chat callback.' };
  const chat = record.callback.chat;
  if (!canDeliver(ctx, chat.provider)) return { ok: false, retryable: false, reason: `The gateway cannot write to provider "${chat.provider}".` };
  const target = { provider: chat.provider, workspaceId: chat.workspaceId ?? '', chatId: chat.chatId, threadId: chat.threadId ?? '', inReplyTo: '' };
  const messages = await enqueueOutbound(tx, ctx, target, { kind: 'notice', text: chatText(view) }, `task:${record.job.id}`);
  return { ok: true, messages };
}

export async function runCallbackJob(ctx: GatewayContext, job: Job, lease: JobLease): Promise<void> {
  const { taskId, deliveryId } = job.payload as { taskId: string; deliveryId: string };
  const record = await getTaskRecord(ctx.db, taskId);
  if (record === undefined || record.callback === null) {
    // The task was removed by retention before its callback could go out: nothing to announce.
    await completeJob(ctx.db, job.id, lease.token, { skipped: 'task gone' });
    return;
  }
  const view = await taskView(ctx.db, record, { events: false });
  const callback = record.callback;
  if ('url' in callback) {
    const result = await post(ctx, callback.url, deliveryId, view, lease.signal);
    await settle(ctx, job, lease, taskId, deliveryId, result);
    return;
  }
  await ctx.db.transaction(async (tx) => {
    const result = await toChat(ctx, tx, record, view);
    if (!result.ok) return settleIn(tx, ctx, job, lease, taskId, deliveryId, result);
    if (!(await completeJob(tx, job.id, lease.token, { messages: result.messages ?? 0 }))) throw new Error('The callback lost its lease.');
    await recordTaskEvent(tx, taskId, 'callback.sent', 'gateway', { deliveryId, attempt: job.attempts, target: 'chat', messages: result.messages ?? 0 });
  });
  ctx.onJobStored?.();
}

function settle(ctx: GatewayContext, job: Job, lease: JobLease, taskId: string, deliveryId: string, result: Attempt): Promise<void> {
  return ctx.db.transaction((tx) => settleIn(tx, ctx, job, lease, taskId, deliveryId, result));
}

async function settleIn(tx: Queryable, ctx: GatewayContext, job: Job, lease: JobLease, taskId: string, deliveryId: string, result: Attempt): Promise<void> {
  if (result.ok) {
    if (!(await completeJob(tx, job.id, lease.token, { status: result.status }))) throw new Error('The callback lost its lease.');
    await recordTaskEvent(tx, taskId, 'callback.sent', 'gateway', { deliveryId, attempt: job.attempts, target: 'url', httpStatus: result.status });
    return;
  }
  // The endpoint's Retry-After wins over a shorter backoff, up to the longest backoff allowed.
  const wait = Math.min(ctx.config.jobs.backoffMaxMs, Math.max(result.retryAfterMs ?? 0, backoff(ctx, job.attempts)));
  const failed = await failJob(tx, job.id, lease.token, result.reason, { retryable: result.retryable, backoffMs: wait });
  if (failed.status === null) throw new Error('The callback lost its lease.');
  await recordTaskEvent(tx, taskId, 'callback.failed', 'gateway', {
    deliveryId,
    attempt: job.attempts,
    willRetry: failed.status === 'pending',
    reason: result.reason,
    ...(failed.status === 'pending' ? { retryInMs: wait } : {}),
    ...(result.status === undefined ? {} : { httpStatus: result.status }),
    ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
  });
}
