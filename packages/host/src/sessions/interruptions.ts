// Turns the runtime cut off. When the OpenCode process goes away (a crash, a kill, a restart)
// while sessions are answering, nothing from OpenCode will ever end those turns: it does not
// know they were running. This module remembers which sessions are busy and which answer each
// is writing, ends those turns itself (a session.error, the half-written answer marked failed,
// the session idle), and keeps the marks in `<data>/interrupted-turns.json`, so history read
// later (sessions.messages) shows the answer failed with the reason, across host restarts too.
// OpenCode stores a text part only when the part ends, so the text that streamed before the
// cut would be lost with the process: the marks keep it, and history shows it.
import type { MessageInfo, MessageWithParts, PartInfo, RuntimeErrorInfo, RuntimeEvent, RuntimeStatus } from '@open-cowork/runtime';
import type { Clock } from '../ports/clock.js';
import { PrivateJsonFile } from '../state/private-file.js';
import { schemaCheck } from '../state/schema-check.js';

/** The error name of a turn the runtime's end cut off. */
export const RUNTIME_EXITED = 'RuntimeExited';

/** Marks kept at most; the oldest go first. */
const MAX_MARKS = 500;

/** Streamed text kept per cut-off answer at most (characters); the rest is dropped. */
const MAX_KEPT_TEXT = 2_000_000;

/** Text a cut-off answer had streamed, by part. */
interface KeptText {
  readonly partId: string;
  readonly text: string;
}

interface Mark {
  readonly sessionId: string;
  readonly messageId?: string;
  /** The answer's text parts as they had streamed when the runtime went away. */
  readonly texts?: readonly KeptText[];
  readonly error: RuntimeErrorInfo;
  /** When the turn was cut off (epoch ms). */
  readonly at: number;
}

interface MarksFile {
  readonly version: 1;
  readonly marks: readonly Mark[];
}

const parseMarks = schemaCheck<MarksFile>({
  type: 'object',
  properties: {
    version: { const: 1 },
    marks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sessionId: { type: 'string', minLength: 1 },
          messageId: { type: 'string', minLength: 1 },
          texts: {
            type: 'array',
            items: { type: 'object', properties: { partId: { type: 'string', minLength: 1 }, text: { type: 'string' } }, required: ['partId', 'text'] },
          },
          error: { type: 'object', properties: { name: { type: 'string' }, message: { type: 'string' } }, required: ['name', 'message'] },
          at: { type: 'number', minimum: 0 },
        },
        required: ['sessionId', 'error', 'at'],
      },
    },
  },
  required: ['version', 'marks'],
});

interface RunningTurn {
  directory: string | undefined;
  message: MessageInfo | undefined;
  /** Part id → the text streamed so far, for the answer being written. */
  readonly texts: Map<string, string>;
}

export class InterruptedTurns {
  readonly #file: PrivateJsonFile<MarksFile>;
  readonly #clock: Clock;
  /** Session id → what is known of its running turn. */
  readonly #running = new Map<string, RunningTurn>();

  constructor(options: { readonly file: string; readonly clock: Clock; readonly report: (message: string) => void }) {
    this.#clock = options.clock;
    this.#file = new PrivateJsonFile({
      file: options.file,
      parse: parseMarks,
      clock: options.clock,
      recover: ({ movedTo, reason }) => options.report(`The list of interrupted answers was damaged (${reason}); kept it as ${movedTo}.`),
    });
  }

  /** Follows one runtime event: which sessions are busy, and the answer each is writing. */
  observe(event: RuntimeEvent): void {
    if (event.type === 'session.status') {
      if (event.status.type === 'idle') this.#running.delete(event.sessionId);
      else if (!this.#running.has(event.sessionId)) this.#running.set(event.sessionId, { directory: event.directory, message: undefined, texts: new Map() });
    } else if (event.type === 'message.updated' && event.message.role === 'assistant') {
      const turn = this.#running.get(event.message.sessionId);
      if (turn === undefined) return;
      const finished = event.message.completedAt !== undefined || event.message.error !== undefined;
      if (turn.message?.id !== event.message.id) turn.texts.clear();
      turn.message = finished ? undefined : event.message;
      if (finished) turn.texts.clear();
      turn.directory ??= event.directory;
    } else if (event.type === 'text.delta') {
      const turn = this.#writing(event.sessionId, event.messageId);
      if (turn !== undefined) keep(turn.texts, event.partId, (turn.texts.get(event.partId) ?? '') + event.delta);
    } else if (event.type === 'part.updated' && event.part.kind === 'text') {
      const turn = this.#writing(event.part.sessionId, event.part.messageId);
      if (turn !== undefined) keep(turn.texts, event.part.id, event.part.text);
    }
  }

  /** The running turn of `sessionId` when it is writing `messageId`. */
  #writing(sessionId: string, messageId: string): RunningTurn | undefined {
    const turn = this.#running.get(sessionId);
    return turn?.message?.id === messageId ? turn : undefined;
  }

  /**
   * The runtime went away: the events that end every running turn (in order: the error, the
   * answer marked failed, idle), with the marks saved first. Nothing when nothing was running.
   */
  async cutOff(status: RuntimeStatus): Promise<RuntimeEvent[]> {
    if (this.#running.size === 0) return [];
    const reason = 'reason' in status ? status.reason : 'the runtime was stopped';
    const error: RuntimeErrorInfo = { name: RUNTIME_EXITED, message: `The answer was cut off: ${reason}.` };
    const at = this.#clock.now();
    const turns = [...this.#running.entries()];
    this.#running.clear();
    const marks: Mark[] = turns.map(([sessionId, turn]) => ({
      sessionId,
      ...(turn.message === undefined ? {} : { messageId: turn.message.id, texts: [...turn.texts].map(([partId, text]) => ({ partId, text })) }),
      error,
      at,
    }));
    await this.#file.update((current) => ({ version: 1, marks: [...(current?.marks ?? []), ...marks].slice(-MAX_MARKS) }));
    return turns.flatMap(([sessionId, turn]): RuntimeEvent[] => {
      const at = turn.directory === undefined ? {} : { directory: turn.directory };
      return [
        { type: 'session.error', sessionId, error, ...at },
        ...(turn.message === undefined ? [] : [{ type: 'message.updated' as const, message: { ...turn.message, error, completedAt: this.#clock.now() }, ...at }]),
        { type: 'session.status', sessionId, status: { type: 'idle' }, ...at },
      ];
    });
  }

  /** `history` with every answer the runtime cut off marked failed with the reason. */
  async markHistory(sessionId: string, history: MessageWithParts[]): Promise<MessageWithParts[]> {
    const marks = (await this.#file.read())?.marks.filter((mark) => mark.sessionId === sessionId && mark.messageId !== undefined) ?? [];
    if (marks.length === 0) return history;
    const byMessage = new Map(marks.map((mark) => [mark.messageId, mark]));
    return history.map((entry) => {
      const mark = byMessage.get(entry.info.id);
      if (mark === undefined || entry.info.error !== undefined) return entry;
      return { info: { ...entry.info, error: mark.error, completedAt: entry.info.completedAt ?? mark.at }, parts: withKeptText(entry, mark.texts ?? []) };
    });
  }
}

/** Sets a part's kept text, within MAX_KEPT_TEXT for the whole answer. */
function keep(texts: Map<string, string>, partId: string, text: string): void {
  const others = [...texts].reduce((sum, [id, kept]) => (id === partId ? sum : sum + kept.length), 0);
  texts.set(partId, text.slice(0, Math.max(0, MAX_KEPT_TEXT - others)));
}

/** The answer's parts with the kept text where the stored part is shorter or missing. */
function withKeptText(entry: MessageWithParts, texts: readonly KeptText[]): MessageWithParts['parts'] {
  const byPart = new Map(texts.map((kept) => [kept.partId, kept.text]));
  const parts = entry.parts.map((part): PartInfo => {
    const kept = byPart.get(part.id);
    if (part.kind !== 'text' || kept === undefined) return part;
    byPart.delete(part.id);
    return kept.length > part.text.length ? { ...part, text: kept } : part;
  });
  for (const [partId, text] of byPart) {
    if (text.length > 0) parts.push({ id: partId, sessionId: entry.info.sessionId, messageId: entry.info.id, kind: 'text', text });
  }
  return parts;
}
