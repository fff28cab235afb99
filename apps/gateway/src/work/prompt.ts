// A prompt job: one channel message answered by the private OpenCode. The runtime's events are
// stored as ordered session events while it runs; permission requests and questions go to the
// chat (approvals.ts); a Telegram chat shows "typing…" meanwhile. The final assistant text is
// stored as delivery jobs in the same transaction that completes the prompt, so a prompt is
// answered once however often its worker dies.
import { RuntimeSessions } from '@open-cowork/runtime';
import { enqueueOutbound } from '../channels/outbound.js';
import { messageOf } from '../errors.js';
import { AuditType, recordAudit } from '../store/audit.js';
import { appendEvent, bindOpencodeSession, markSessionRunning, setSessionStatus } from '../store/sessions.js';
import { TELEGRAM_PROVIDER } from '../telegram/ingress.js';
import { completeJob, failJob, type Job } from '../queue/jobs.js';
import { ChannelApprovals } from './approvals.js';
import type { GatewayContext, JobLease } from './context.js';
import type { PromptPayload } from './prompt-payload.js';
import { AnswerText, finalText, knownSessions, projectEvent, sessionOf } from './run-events.js';

class LeaseLost extends Error {}

export async function runPromptJob(ctx: GatewayContext, job: Job, lease: JobLease): Promise<void> {
  const payload = job.payload as unknown as PromptPayload;
  const sessionId = job.sessionId;
  if (sessionId === null) throw new Error('A prompt job without a session.');
  const started = Date.now();
  const session = await markSessionRunning(ctx.db, sessionId);
  if (session === undefined) throw new Error(`Session ${sessionId} no longer exists.`);
  const directory = ctx.config.opencode.workspace;
  const runtime = new RuntimeSessions(() => ctx.opencode.client(), { beforeCall: (folder) => ctx.opencode.prepareFor(folder) });
  const known = knownSessions(ctx);
  let opencodeSessionId = session.opencodeSessionId;
  // A bound OpenCode session is checked once per process (the runtime may have lost it).
  if (opencodeSessionId !== null && !known.has(opencodeSessionId)) {
    opencodeSessionId = await runtime.get({ directory, sessionId: opencodeSessionId }).then((s) => s.id, () => null);
  }
  if (opencodeSessionId === null) {
    opencodeSessionId = (await runtime.create({ directory, title: `${payload.provider} ${payload.chatId}` })).id;
    await bindOpencodeSession(ctx.db, session.id, opencodeSessionId);
  }
  const ocSession = opencodeSessionId;
  known.add(ocSession);
  const answer = new AnswerText();

  // Events are written in arrival order by one promise chain; the job waits for it before it ends.
  let writes: Promise<void> = Promise.resolve();
  const store = (type: string, data: Record<string, unknown>): void => {
    writes = writes.then(() => appendEvent(ctx.db, session.id, job.id, type, data)).catch((error: unknown) => ctx.log.log('warn', 'session.event.lost', { jobId: job.id, error: messageOf(error) }));
  };
  store('prompt.started', { attempt: job.attempts, opencodeSessionId: ocSession, textLength: payload.text.length });
  let runtimeError: string | undefined;
  const approvals = new ChannelApprovals({ ctx, job, payload, sessionId: session.id, runtime, directory, event: store, signal: lease.signal });
  const unsubscribe = ctx.opencode.events.subscribe((event) => {
    if (sessionOf(event) !== ocSession) return;
    if (event.type === 'session.error') runtimeError = `${event.error.name}: ${event.error.message.split('\n')[0]}`;
    answer.observe(event);
    const projected = projectEvent(event);
    if (projected) store(projected.type, projected.data);
    if (event.type === 'permission.asked') approvals.permission(event.request);
    else if (event.type === 'question.asked') approvals.question(event.request);
  });
  const stopTyping = payload.provider === TELEGRAM_PROVIDER && ctx.telegram !== undefined ? ctx.telegram.typing(payload.chatId, payload.threadId) : () => undefined;

  let outcome: Awaited<ReturnType<RuntimeSessions['promptAndWait']>> | undefined;
  let failure: Failure | undefined;
  try {
    outcome = await runtime.promptAndWait(
      { directory, sessionId: ocSession, text: payload.text, ...(ctx.config.opencode.model ? { model: ctx.config.opencode.model } : {}) },
      { events: ctx.opencode.events, signal: lease.signal, timeoutMs: ctx.config.opencode.executionTimeoutMs, giveUpAfterRetries: 2 },
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    const timeout = code === 'RUNTIME_TIMEOUT';
    if (timeout || lease.signal.aborted) await runtime.abort({ directory, sessionId: ocSession }).catch(() => undefined);
    failure = {
      message: timeout ? `The prompt ran longer than ${ctx.config.opencode.executionTimeoutMs} ms and was aborted.` : messageOf(error),
      retryable: !timeout,
      timeout,
    };
  } finally {
    unsubscribe();
    stopTyping();
    await approvals.close();
  }
  if (lease.signal.aborted) {
    await writes;
    throw new LeaseLost('The job lost its lease while running.');
  }
  if (outcome !== undefined && outcome.status !== 'completed') failure = { message: `${outcome.error.name}: ${outcome.error.message}`, retryable: true, timeout: false };

  if (failure !== undefined) known.delete(ocSession);
  const text = failure === undefined ? (answer.text() ?? (await finalText(runtime, directory, ocSession, started))) : '';
  // OpenCode can report an error and still end the turn idle without an answer.
  if (failure === undefined && text.trim() === '' && runtimeError !== undefined) failure = { message: runtimeError, retryable: true, timeout: false };

  if (failure !== undefined) {
    await recordFailure(ctx, job, lease, payload, session.id, failure, store, () => writes);
    ctx.metrics.promptSeconds.observe((Date.now() - started) / 1000);
    return;
  }

  store('assistant.text', { text });
  await writes;
  await completePrompt(ctx, job, lease, payload, session.id, text);
  ctx.metrics.promptSeconds.observe((Date.now() - started) / 1000);
}

/** The answer is in: its reply deliveries are stored in the transaction that completes the job. */
export async function completePrompt(ctx: GatewayContext, job: Job, lease: JobLease, payload: PromptPayload, sessionId: string, text: string): Promise<void> {
  const target = { provider: payload.provider, workspaceId: payload.workspaceId, chatId: payload.chatId, threadId: payload.threadId, inReplyTo: payload.messageId, sessionId };
  const deliveries = await ctx.db.transaction(async (tx) => {
    const created = await enqueueOutbound(tx, ctx, target, { kind: 'reply', text }, job.id, job.id);
    if (!(await completeJob(tx, job.id, lease.token, { deliveries: created }))) throw new LeaseLost('The job lost its lease before it completed.');
    await appendEvent(tx, sessionId, job.id, 'prompt.completed', { deliveries: created, textLength: text.length });
    await setSessionStatus(tx, sessionId, 'idle');
    await recordAudit(tx, { type: AuditType.PromptCompleted, provider: payload.provider, actor: payload.userId, subject: job.id, data: { deliveries: created, attempts: job.attempts } });
    return created;
  });
  if (deliveries > 0) ctx.onJobStored?.();
  ctx.metrics.jobsFinished.inc({ kind: 'prompt', status: 'completed' });
}

export interface Failure {
  readonly message: string;
  readonly retryable: boolean;
  readonly timeout: boolean;
}

export async function recordFailure(
  ctx: GatewayContext,
  job: Job,
  lease: JobLease,
  payload: PromptPayload,
  sessionId: string,
  failure: Failure,
  store: (type: string, data: Record<string, unknown>) => void,
  written: () => Promise<void>,
): Promise<void> {
  store(failure.timeout ? 'prompt.timeout' : 'prompt.failed', { message: failure.message, attempt: job.attempts });
  await written();
  const result = await ctx.db.transaction(async (tx) => {
    const failed = await failJob(tx, job.id, lease.token, failure.message, { retryable: failure.retryable, backoffMs: backoff(ctx, job.attempts) });
    if (failed.status === null) throw new LeaseLost('The job lost its lease before it could record its failure.');
    await setSessionStatus(tx, sessionId, failed.status === 'pending' ? 'idle' : 'failed');
    if (failure.timeout) await recordAudit(tx, { type: AuditType.PromptTimedOut, provider: payload.provider, actor: payload.userId, subject: job.id, data: { timeoutMs: ctx.config.opencode.executionTimeoutMs } });
    if (failed.status !== 'pending') await recordAudit(tx, { type: failed.status === 'dead' ? AuditType.JobDead : AuditType.PromptFailed, provider: payload.provider, actor: payload.userId, subject: job.id, data: { attempts: job.attempts, error: failure.message } });
    return failed.status;
  });
  ctx.metrics.jobsFinished.inc({ kind: 'prompt', status: result });
}

export function backoff(ctx: GatewayContext, attempts: number): number {
  return Math.min(ctx.config.jobs.backoffMaxMs, ctx.config.jobs.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
}

export { LeaseLost };
