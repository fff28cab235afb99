// Turns the runtime cut off. When the OpenCode process goes away (a crash, a kill, a restart)
// while sessions are answering, nothing from OpenCode will ever end those turns: it does not
// know they were running. This module remembers which sessions are busy and which answer each
// is writing, ends those turns itself (a session.error, the half-written answer marked failed,
// the session idle), and keeps the marks in `<data>/interrupted-turns.json`, so history read
// later (sessions.messages) shows the answer failed with the reason, across host restarts too.
import type { MessageInfo, MessageWithParts, RuntimeErrorInfo, RuntimeEvent, RuntimeStatus } from '@open-cowork/runtime';
import type { Clock } from '../ports/clock.js';
import { PrivateJsonFile } from '../state/private-file.js';
import { schemaCheck } from '../state/schema-check.js';

/** The error name of a turn the runtime's end cut off. */
export const RUNTIME_EXITED = 'RuntimeExited';

/** Marks kept at most; the oldest go first. */
const MAX_MARKS = 500;

interface Mark {
  readonly sessionId: string;
  readonly messageId?: string;
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
          error: { type: 'object', properties: { name: { type: 'string' }, message: { type: 'string' } }, required: ['name', 'message'] },
          at: { type: 'number', minimum: 0 },
        },
        required: ['sessionId', 'error', 'at'],
      },
    },
  },
  required: ['version', 'marks'],
});

export class InterruptedTurns {
  readonly #file: PrivateJsonFile<MarksFile>;
  readonly #clock: Clock;
  /** Session id → what is known of its running turn. */
  readonly #running = new Map<string, { directory: string | undefined; message: MessageInfo | undefined }>();

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
      else if (!this.#running.has(event.sessionId)) this.#running.set(event.sessionId, { directory: event.directory, message: undefined });
    } else if (event.type === 'message.updated' && event.message.role === 'assistant') {
      const turn = this.#running.get(event.message.sessionId);
      if (turn === undefined) return;
      const finished = event.message.completedAt !== undefined || event.message.error !== undefined;
      turn.message = finished ? undefined : event.message;
      turn.directory ??= event.directory;
    }
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
    const marks: Mark[] = turns.map(([sessionId, turn]) => ({ sessionId, ...(turn.message === undefined ? {} : { messageId: turn.message.id }), error, at }));
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
      return { ...entry, info: { ...entry.info, error: mark.error, completedAt: entry.info.completedAt ?? mark.at } };
    });
  }
}
