// What the prompt job reads from the runtime's event stream: which events it keeps as session
// events, which session an event belongs to, and the answer text as the stream shows it.
import type { RuntimeEvent, RuntimeSessions } from '@open-cowork/runtime';
import type { GatewayContext } from './context.js';

/** Runtime events worth keeping, without streaming deltas (the final text is stored once). */
export function projectEvent(event: RuntimeEvent): { type: string; data: Record<string, unknown> } | undefined {
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

export function sessionOf(event: RuntimeEvent): string | undefined {
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

const verifiedSessions = new WeakMap<object, Set<string>>();

/** OpenCode sessions this process has seen working, per runtime. */
export function knownSessions(ctx: GatewayContext): Set<string> {
  let known = verifiedSessions.get(ctx.opencode);
  if (known === undefined) verifiedSessions.set(ctx.opencode, (known = new Set()));
  return known;
}

/** The answer as the event stream shows it: the text parts of the last assistant message. */
export class AnswerText {
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
export async function finalText(runtime: RuntimeSessions, directory: string, sessionId: string, since: number): Promise<string> {
  const messages = await runtime.messages({ directory, sessionId, limit: 20 });
  for (const message of [...messages].reverse()) {
    if (message.info.role !== 'assistant' || message.info.createdAt < since - 1000) continue;
    const text = message.parts.filter((part) => part.kind === 'text' && part.synthetic !== true).map((part) => (part as { text: string }).text).join('');
    if (text.trim() !== '') return text;
  }
  return '';
}

