// One prompt task on this machine's host, the way `open-cowork run` sends a prompt: a session in
// the task's workspace (the same one again for tasks that continue a session), the host's
// settings, credentials, sandbox and approvals. What the session does goes to the gateway as
// progress; a permission request is reported and answered as --approve says.
import type { HostEvent } from '@open-cowork/contracts';
import { RuntimeEventHub, waitForPrompt, type PromptOutcome, type RuntimeEvent } from '@open-cowork/runtime';
import type { RunTarget } from '../run/target.js';
import type { TaskLease } from './task-lease.js';

/**
 * host: leave permission requests to the host (its UI, `open-cowork approvals`, or `serve
 * --approval auto`); allow: allow each once; deny: refuse each.
 */
export type Approve = 'host' | 'allow' | 'deny';

/** Host events by session: one subscription for the whole runner, a listener per running task. */
export class SessionEvents {
  readonly #listeners = new Map<string, (event: HostEvent) => void>();

  dispatch(sessionId: string | undefined, event: HostEvent): void {
    if (sessionId !== undefined) this.#listeners.get(sessionId)?.(event);
  }

  on(sessionId: string, listener: (event: HostEvent) => void): () => void {
    this.#listeners.set(sessionId, listener);
    return () => {
      if (this.#listeners.get(sessionId) === listener) this.#listeners.delete(sessionId);
    };
  }
}

export interface PromptTaskInput {
  readonly target: RunTarget;
  readonly events: SessionEvents;
  readonly workspaceId: string;
  /** A session of an earlier task of the same session key, to continue. */
  readonly sessionId?: string;
  readonly prompt: string;
  readonly timeoutMs: number;
  /** `host` with no host of its own to answer (the runner's in-process host) refuses instead. */
  readonly approve: Approve;
  readonly hostAnswers: boolean;
  readonly lease: TaskLease;
  /** Aborted when the runner stops. */
  readonly stopping: AbortSignal;
}

export type PromptTaskOutcome =
  | { readonly status: 'completed'; readonly sessionId: string; readonly text: string }
  | { readonly status: 'failed'; readonly sessionId?: string; readonly error: string }
  /** The lease was lost or the runner is stopping: nothing is to be reported. */
  | { readonly status: 'interrupted'; readonly sessionId?: string; readonly reason: string };

export async function runPromptTask(input: PromptTaskInput): Promise<PromptTaskOutcome> {
  const { target, lease } = input;
  const sessionId = input.sessionId ?? (await target.call('sessions.create', { workspaceId: input.workspaceId })).id;
  const hub = new RuntimeEventHub();
  const asked = new Set<string>();
  const tools = new Map<string, string>();
  const unsubscribe = input.events.on(sessionId, (event) => {
    if (event.type === 'session.status' || event.type === 'session.error' || event.type === 'message.updated') hub.emit({ type: event.type, ...event.payload } as RuntimeEvent);
    if (event.type === 'text.delta') lease.report({ kind: 'text', data: { text: event.payload.delta } });
    else if (event.type === 'tool.state') {
      const { callId, tool, state } = event.payload;
      if (tools.get(callId) === state.status) return;
      tools.set(callId, state.status);
      lease.report({ kind: 'tool', data: { tool, status: state.status, ...(state.title ? { title: state.title } : {}), ...(state.error ? { error: state.error } : {}) } });
    } else if (event.type === 'session.status' && event.payload.status.type === 'retry') {
      lease.report({ kind: 'status', data: { retry: event.payload.status.attempt, message: event.payload.status.message } });
    } else if (event.type === 'permission.asked' && !asked.has(event.payload.request.id)) {
      const request = event.payload.request;
      asked.add(request.id);
      const decision = input.approve === 'allow' ? 'once' : input.approve === 'deny' || !input.hostAnswers ? 'reject' : undefined;
      lease.report({ kind: 'permission', data: { permission: request.permission, patterns: [...request.patterns], decision: decision === undefined ? 'left to the host' : decision === 'once' ? 'allowed once' : 'denied' } });
      if (decision !== undefined) void target.call('permissions.reply', { requestId: request.id, reply: decision }).catch(() => undefined);
    } else if (event.type === 'question.asked') {
      // Nobody at a runner can answer a question; the session goes on without it.
      lease.report({ kind: 'permission', data: { question: true, decision: 'dismissed' } });
      void target.call('questions.reject', { requestId: event.payload.request.id }).catch(() => undefined);
    }
  });
  const timeout = AbortSignal.timeout(input.timeoutMs);
  const signal = AbortSignal.any([lease.signal, input.stopping, timeout]);
  try {
    lease.report({ kind: 'started', data: { continued: input.sessionId !== undefined } });
    const outcome = waitForPrompt(hub, sessionId, {
      signal,
      giveUpAfterRetries: 2,
      abortSession: async () => void (await target.call('sessions.abort', { sessionId })),
    });
    await target.call('sessions.prompt', { sessionId, text: input.prompt });
    let settled: PromptOutcome;
    try {
      settled = await outcome;
    } catch (error) {
      if (!signal.aborted) throw error;
      await target.call('sessions.abort', { sessionId }).catch(() => undefined);
      if (timeout.aborted && !lease.signal.aborted && !input.stopping.aborted) return { status: 'failed', sessionId, error: `The prompt ran longer than ${input.timeoutMs} ms and was aborted.` };
      return { status: 'interrupted', sessionId, reason: lease.lostReason ?? 'the runner is stopping' };
    }
    if (settled.status !== 'completed') return { status: 'failed', sessionId, error: `${settled.error.name}: ${settled.error.message}` };
    return { status: 'completed', sessionId, text: await answerText(target, sessionId) };
  } finally {
    unsubscribe();
  }
}

/** The text the session's last turn answered: assistant text after the last user message. */
async function answerText(target: RunTarget, sessionId: string): Promise<string> {
  const history = (await target.call('sessions.messages', { sessionId })).messages;
  const lastUser = history.findLastIndex((message) => message.info.role === 'user');
  const answer = history.slice(lastUser + 1).filter((message) => message.info.role === 'assistant');
  for (const message of answer.reverse()) {
    const text = message.parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('');
    if (text.trim() !== '') return text;
  }
  return '';
}
