// A prompt job of a chat bound to a runner workspace: the message becomes a task that a runner of
// that workspace answers on its own machine, instead of the gateway's private runtime. The job
// keeps its chat's place in line (one message at a time, in order) while it follows the task:
// the task's progress becomes session events, a permission request the runner reports is told to
// the chat, and the runner's answer is delivered as the reply. The task's id derives from the
// job's, so a retried job follows the task it already created.
import { createHash } from 'node:crypto';
import { enqueueOutbound } from '../channels/outbound.js';
import type { Job } from '../queue/jobs.js';
import { appendEvent, markSessionRunning } from '../store/sessions.js';
import { findBinding } from '../tasks/bindings.js';
import { queryTaskEvents } from '../tasks/events.js';
import { QUEUE_SIGNAL } from '../tasks/routes.js';
import { ackTask, cancelTask, createTask, getTaskRecord, isFinished } from '../tasks/store.js';
import type { TaskEvent, TaskResult } from '@open-cowork/contracts';
import type { GatewayContext, JobLease } from './context.js';
import type { PromptPayload } from './prompt-payload.js';
import { completePrompt, LeaseLost, recordFailure, runPromptJob, type Failure } from './prompt.js';

/** The task a chat's prompt job hands to a runner: a UUID derived from the job's id. */
export function chatTaskId(jobId: string): string {
  const hex = createHash('sha256').update(`chat-task:${jobId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const RECHECK_MS = 1000;

/** A prompt job: answered by a runner when its chat is bound to one, by the private runtime otherwise. */
export async function runChatPromptJob(ctx: GatewayContext, job: Job, lease: JobLease): Promise<void> {
  const payload = job.payload as unknown as PromptPayload;
  const binding = job.sessionId === null ? undefined : await findBinding(ctx.db, { provider: payload.provider, providerWorkspaceId: payload.workspaceId, chatId: payload.chatId });
  if (binding === undefined || job.sessionId === null) return runPromptJob(ctx, job, lease);
  if ((await markSessionRunning(ctx.db, job.sessionId)) === undefined) throw new Error(`Session ${job.sessionId} no longer exists.`);
  return runPromptOnRunner(ctx, job, lease, payload, job.sessionId, binding.workspace);
}

export async function runPromptOnRunner(ctx: GatewayContext, job: Job, lease: JobLease, payload: PromptPayload, sessionId: string, workspace: string): Promise<void> {
  const taskId = chatTaskId(job.id);
  const timeoutMs = ctx.config.opencode.executionTimeoutMs;
  await ctx.db.transaction(async (tx) => {
    if ((await getTaskRecord(tx, taskId)) !== undefined) return;
    // The chat's channel session is the task's session key: its messages continue one session on the runner.
    await createTask(tx, { id: taskId, kind: 'prompt', workspace, prompt: payload.text, sessionKey: sessionId, timeoutMs, submitter: `channel:${payload.provider}`, maxAttempts: ctx.config.tasks.maxAttempts }, `${payload.provider}:${payload.userId}`);
    await appendEvent(tx, sessionId, job.id, 'runner.task', { taskId, workspace, attempt: job.attempts });
  });
  ctx.taskSignals.notify(QUEUE_SIGNAL);

  // Since when the task has waited for a runner (reset while one holds it).
  let pendingSince = Date.now();
  let seen = 0;
  for (;;) {
    if (lease.signal.aborted) throw new LeaseLost('The job lost its lease while its runner task ran.');
    const record = await getTaskRecord(ctx.db, taskId);
    if (record === undefined) return fail(ctx, job, lease, payload, sessionId, 'The runner task was removed before it finished.');
    for (const event of await queryTaskEvents(ctx.db, { taskId, afterSeq: seen, limit: 500 })) {
      seen = event.seq;
      await follow(ctx, job, payload, sessionId, event);
    }
    const status = record.job.status;
    if (isFinished(status)) {
      if (status === 'completed') {
        await completePrompt(ctx, job, lease, payload, sessionId, ((record.job.result ?? {}) as TaskResult).text ?? '');
        // The chat's reply is stored: the result is consumed, as a submitter's ack would say.
        await ctx.db.transaction((tx) => ackTask(tx, taskId, 'gateway'));
        return;
      }
      return fail(ctx, job, lease, payload, sessionId, `The runner ${status === 'dead' ? 'kept losing the task' : status === 'cancelled' ? 'task was cancelled' : 'could not answer'}: ${record.job.lastError ?? 'no reason given'}`);
    }
    // Nobody of the workspace takes it (no runner connected, or the one that held it is gone):
    // the chat is not held forever.
    if (status !== 'pending') pendingSince = Date.now();
    else if (Date.now() - pendingSince > timeoutMs) {
      await ctx.db.transaction((tx) => cancelTask(tx, taskId, 'gateway'));
      return fail(ctx, job, lease, payload, sessionId, `No runner of workspace "${workspace}" took the message within ${timeoutMs} ms.`);
    }
    await ctx.taskSignals.wait(taskId, RECHECK_MS, lease.signal);
  }
}

/** A task event, kept as a session event; a permission request is also told to the chat. */
async function follow(ctx: GatewayContext, job: Job, payload: PromptPayload, sessionId: string, event: TaskEvent): Promise<void> {
  const data = event.data;
  if (event.type === 'task.claimed') return appendEvent(ctx.db, sessionId, job.id, 'runner.claimed', { taskId: event.taskId, runner: event.actor, attempt: data['attempt'] });
  if (event.type === 'task.requeued') return appendEvent(ctx.db, sessionId, job.id, 'runner.requeued', { taskId: event.taskId, reason: data['reason'] });
  if (event.type !== 'task.progress') return;
  if (data['kind'] === 'tool') return appendEvent(ctx.db, sessionId, job.id, 'tool', { tool: data['tool'], status: data['status'], ...(data['title'] ? { title: data['title'] } : {}) });
  if (data['kind'] !== 'permission') return;
  const what = data['question'] === true ? 'a question' : `permission for ${String(data['permission'] ?? '?')}${Array.isArray(data['patterns']) && data['patterns'].length > 0 ? ` (${data['patterns'].join(', ')})` : ''}`;
  const decision = String(data['decision'] ?? 'left to the host');
  await ctx.db.transaction(async (tx) => {
    await appendEvent(tx, sessionId, job.id, 'permission.asked', { taskId: event.taskId, runner: event.actor, permission: data['permission'] ?? null, decision });
    const target = { provider: payload.provider, workspaceId: payload.workspaceId, chatId: payload.chatId, threadId: payload.threadId, inReplyTo: payload.messageId, sessionId };
    await enqueueOutbound(tx, ctx, target, { kind: 'notice', text: `The runner ${event.actor?.replace(/^runner:/, '') ?? ''} asked for ${what}: ${decision}.` }, `task-permission:${event.taskId}:${event.seq}`);
  });
  ctx.onJobStored?.();
}

function fail(ctx: GatewayContext, job: Job, lease: JobLease, payload: PromptPayload, sessionId: string, message: string): Promise<void> {
  const failure: Failure = { message, retryable: false, timeout: false };
  let writes = Promise.resolve();
  const store = (type: string, data: Record<string, unknown>): void => {
    writes = writes.then(() => appendEvent(ctx.db, sessionId, job.id, type, data));
  };
  return recordFailure(ctx, job, lease, payload, sessionId, failure, store, () => writes);
}
