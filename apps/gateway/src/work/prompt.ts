// A prompt job: one channel message answered by the private OpenCode. The runtime's events are
// stored as ordered session events while it runs; the final assistant text is split into reply
// chunks whose delivery jobs are stored in the same transaction that completes the prompt, so
// a prompt is answered once however often its worker dies.
import { createHash } from 'node:crypto';
import { RuntimeSessions, type RuntimeEvent } from '@open-cowork/runtime';
import { messageOf } from '../errors.js';
import { AuditType, recordAudit } from '../store/audit.js';
import type { Queryable } from '../store/db.js';
import { appendEvent, bindOpencodeSession, markSessionRunning, setSessionStatus } from '../store/sessions.js';
import { completeJob, enqueueJob, failJob, type Job } from '../queue/jobs.js';
import { splitReply } from '../reply/split.js';
import type { GatewayContext, JobLease } from './context.js';

export interface PromptPayload {
  readonly provider: string;
  readonly workspaceId: string;
  readonly chatId: string;
  readonly threadId: string;
  readonly userId: string;
  readonly messageId: string;
  readonly text: string;
}

export interface DeliveryPayload {
  readonly provider: string;
  readonly deliveryId: string;
  readonly chatId: string;
  readonly threadId: string;
  readonly text: string;
  readonly chunk: number;
  readonly chunks: number;
  readonly inReplyTo: string;
  readonly promptJobId: string;
}

/** The same job and chunk always give the same id, so a retried delivery is recognisable. */
export function deliveryId(jobId: string, chunk: number, chunks: number): string {
  return `dlv_${createHash('sha256').update(`${jobId}:${chunk}/${chunks}`).digest('hex').slice(0, 32)}`;
}

class LeaseLost extends Error {}

/** Runtime events worth keeping, without streaming deltas (the final text is stored once). */
function projectEvent(event: RuntimeEvent): { type: string; data: Record<string, unknown> } | undefined {
  switch (event.type) {
    case 'tool.state':
      return { type: 'tool', data: { tool: event.tool, callId: event.callId, status: event.state.status, ...(event.state.title ? { title: event.state.title } : {}), ...(event.state.error ? { error: event.state.error } : {}) } };
    case 'session.error':
      return { type: 'error', data: { name: event.error.name, message: event.error.message } };
    case 'permission.asked':
      return { type: 'permission.asked', data: { requestId: event.request.id, permission: event.request.permission, patterns: [...event.request.patterns] } };
    case 'question.asked':
      return { type: 'question.asked', data: { requestId: event.request.id, questions: event.request.questions.map((q) => q.question) } };
    case 'session.status':
      return event.status.type === 'retry' ? { type: 'model.retry', data: { attempt: event.status.attempt, message: event.status.message } } : undefined;
    default:
      return undefined;
  }
}

function sessionOf(event: RuntimeEvent): string | undefined {
  switch (event.type) {
    case 'permission.asked':
    case 'question.asked':
      return event.request.sessionId;
    case 'message.updated':
      return event.message.sessionId;
    case 'part.updated':
      return event.part.sessionId;
    case 'session.created':
    case 'session.updated':
    case 'session.deleted':
      return event.session.id;
    default:
      return event.sessionId;
  }
}

export async function runPromptJob(ctx: GatewayContext, job: Job, lease: JobLease): Promise<void> {
  const payload = job.payload as unknown as PromptPayload;
  const sessionId = job.sessionId;
  if (sessionId === null) throw new Error('A prompt job without a session.');
  const started = Date.now();
  const session = await markSessionRunning(ctx.db, sessionId);
  if (session === undefined) throw new Error(`Session ${sessionId} no longer exists.`);
  const directory = ctx.config.opencode.workspace;
  const runtime = new RuntimeSessions(() => ctx.opencode.client());
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
  const unsubscribe = ctx.opencode.events.subscribe((event) => {
    if (sessionOf(event) !== ocSession) return;
    if (event.type === 'session.error') runtimeError = `${event.error.name}: ${event.error.message.split('\n')[0]}`;
    answer.observe(event);
    const projected = projectEvent(event);
    if (projected) store(projected.type, projected.data);
    // Part 1 has no way to answer from the channel: refuse at once so the run goes on.
    if (event.type === 'permission.asked') {
      void runtime.replyPermission({ directory, requestId: event.request.id, reply: 'reject', message: 'Approvals are not available from this channel.' }).catch(() => undefined);
    } else if (event.type === 'question.asked') {
      void runtime.rejectQuestion({ directory, requestId: event.request.id }).catch(() => undefined);
    }
  });

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
  const chunks = text.trim() === '' ? [] : splitReply(text, ctx.config.webhook.messageLimit);
  const deliver = ctx.config.webhook.deliveryUrl !== undefined && ctx.config.webhook.providerIds.includes(payload.provider);
  await ctx.db.transaction(async (tx) => {
    if (!(await completeJob(tx, job.id, lease.token, { chunks: chunks.length, delivered: deliver }))) throw new LeaseLost('The job lost its lease before it completed.');
    if (deliver) await enqueueDeliveries(tx, ctx, job, payload, chunks);
    await appendEvent(tx, session.id, job.id, 'prompt.completed', { chunks: chunks.length, textLength: text.length });
    await setSessionStatus(tx, session.id, 'idle');
    await recordAudit(tx, { type: AuditType.PromptCompleted, provider: payload.provider, actor: payload.userId, subject: job.id, data: { chunks: chunks.length, attempts: job.attempts } });
  });
  if (deliver && chunks.length > 0) ctx.onJobStored?.();
  ctx.metrics.jobsFinished.inc({ kind: 'prompt', status: 'completed' });
  ctx.metrics.promptSeconds.observe((Date.now() - started) / 1000);
}

interface Failure {
  readonly message: string;
  readonly retryable: boolean;
  readonly timeout: boolean;
}

async function recordFailure(
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

async function enqueueDeliveries(tx: Queryable, ctx: GatewayContext, job: Job, payload: PromptPayload, chunks: readonly string[]): Promise<void> {
  for (const [index, text] of chunks.entries()) {
    const id = deliveryId(job.id, index + 1, chunks.length);
    const delivery: DeliveryPayload = {
      provider: payload.provider,
      deliveryId: id,
      chatId: payload.chatId,
      threadId: payload.threadId,
      text,
      chunk: index + 1,
      chunks: chunks.length,
      inReplyTo: payload.messageId,
      promptJobId: job.id,
    };
    await enqueueJob(tx, {
      id,
      kind: 'delivery',
      payload: delivery as unknown as Record<string, unknown>,
      maxAttempts: ctx.config.jobs.maxAttempts,
      queueKey: `delivery:${job.queueKey ?? job.id}`,
      ...(job.sessionId === null ? {} : { sessionId: job.sessionId }),
    });
  }
}

const verifiedSessions = new WeakMap<object, Set<string>>();

/** OpenCode sessions this process has seen working, per runtime. */
function knownSessions(ctx: GatewayContext): Set<string> {
  let known = verifiedSessions.get(ctx.opencode);
  if (known === undefined) verifiedSessions.set(ctx.opencode, (known = new Set()));
  return known;
}

/** The answer as the event stream shows it: the text parts of the last assistant message. */
class AnswerText {
  readonly #assistant: string[] = [];
  readonly #parts = new Map<string, { readonly messageId: string; text: string }>();

  observe(event: RuntimeEvent): void {
    if (event.type === 'message.updated' && event.message.role === 'assistant' && !this.#assistant.includes(event.message.id)) this.#assistant.push(event.message.id);
    // An update carries the part's whole text so far; deltas append to it.
    if (event.type === 'part.updated' && event.part.kind === 'text' && event.part.synthetic !== true) this.#parts.set(event.part.id, { messageId: event.part.messageId, text: event.part.text });
    if (event.type === 'text.delta') {
      const part = this.#parts.get(event.partId) ?? { messageId: event.messageId, text: '' };
      part.text += event.delta;
      this.#parts.set(event.partId, part);
    }
  }

  /** Undefined when the stream showed no assistant text (the caller reads the history instead). */
  text(): string | undefined {
    for (const messageId of [...this.#assistant].reverse()) {
      const text = [...this.#parts.values()].filter((part) => part.messageId === messageId).map((part) => part.text).join('');
      if (text.trim() !== '') return text;
    }
    return undefined;
  }
}

/** The text of the last assistant message written since the prompt started. */
async function finalText(runtime: RuntimeSessions, directory: string, sessionId: string, since: number): Promise<string> {
  const messages = await runtime.messages({ directory, sessionId, limit: 20 });
  for (const message of [...messages].reverse()) {
    if (message.info.role !== 'assistant' || message.info.createdAt < since - 1000) continue;
    const text = message.parts.filter((part) => part.kind === 'text' && part.synthetic !== true).map((part) => (part as { text: string }).text).join('');
    if (text.trim() !== '') return text;
  }
  return '';
}

export function backoff(ctx: GatewayContext, attempts: number): number {
  return Math.min(ctx.config.jobs.backoffMaxMs, ctx.config.jobs.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
}

export { LeaseLost };
