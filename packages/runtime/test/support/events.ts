// The runtime's normalized events as the app gets them: the supervisor's `onEvent` (its one
// reconnecting `/global/event` stream) through `normalizeRawEvents`, recorded for assertions.

import { normalizeRawEvents, type RuntimeEvent, type RuntimeEventHub, type RuntimeSupervisor } from '../../src/index.js';

export interface EventLog {
  /** Normalized events of every workspace; hand it to `promptAndWait`. */
  readonly events: RuntimeEventHub;
  /** Everything seen so far, oldest first. */
  readonly seen: readonly RuntimeEvent[];
  /** Resolves at the next `server.connected`: the stream is (re)connected and nothing is missed from then on. */
  connected(): Promise<void>;
  /** The first event (already seen or still to come) matching `predicate`; a hang guard rejects after `timeoutMs`. */
  next<T extends RuntimeEvent>(predicate: (event: RuntimeEvent) => event is T, timeoutMs?: number): Promise<T>;
  next(predicate: (event: RuntimeEvent) => boolean, timeoutMs?: number): Promise<RuntimeEvent>;
  /** The events about one session. */
  ofSession(sessionId: string): RuntimeEvent[];
  /** The session's streamed answer text: its `text.delta`s joined. */
  textOf(sessionId: string): string;
  dispose(): void;
}

/** Call before `supervisor.start()` so the first `server.connected` is not missed. */
export function followEvents(supervisor: RuntimeSupervisor): EventLog {
  const seen: RuntimeEvent[] = [];
  const { events, dispose } = normalizeRawEvents((listener) => supervisor.onEvent(listener));
  events.subscribe((event) => seen.push(event));
  const ofSession = (sessionId: string): RuntimeEvent[] => seen.filter((event) => sessionOf(event) === sessionId);

  function next<T extends RuntimeEvent>(predicate: (event: RuntimeEvent) => event is T, timeoutMs?: number): Promise<T>;
  function next(predicate: (event: RuntimeEvent) => boolean, timeoutMs?: number): Promise<RuntimeEvent>;
  function next(predicate: (event: RuntimeEvent) => boolean, timeoutMs = 15_000): Promise<RuntimeEvent> {
    const found = seen.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no matching event within ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = events.subscribe((event) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        stop();
        resolve(event);
      });
    });
  }

  return {
    events,
    seen,
    connected: () =>
      new Promise<void>((resolve) => {
        const stop = supervisor.onEvent((raw) => {
          if (!isServerConnected(raw)) return;
          stop();
          resolve();
        });
      }),
    next,
    ofSession,
    textOf: (sessionId) =>
      ofSession(sessionId)
        .flatMap((event) => (event.type === 'text.delta' ? [event.delta] : []))
        .join(''),
    dispose,
  };
}

/** Starts the supervisor with its events followed; resolves once the event stream is connected. */
export async function startFollowing(supervisor: RuntimeSupervisor): Promise<EventLog> {
  const log = followEvents(supervisor);
  const connected = log.connected();
  await supervisor.start();
  await connected;
  return log;
}

/** OpenCode greets every new `/global/event` subscriber with `server.connected`. */
function isServerConnected(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const payload = (raw as { payload?: unknown }).payload;
  return typeof payload === 'object' && payload !== null && (payload as { type?: unknown }).type === 'server.connected';
}

/** The session an event is about, if any. */
export function sessionOf(event: RuntimeEvent): string | undefined {
  if ('sessionId' in event) return event.sessionId;
  if ('request' in event) return event.request.sessionId;
  if ('session' in event) return event.session.id;
  if ('message' in event) return event.message.sessionId;
  if ('part' in event) return event.part.sessionId;
  return undefined;
}

/** A predicate for `next`: an event of `type` about `sessionId`. */
export const eventOf =
  <T extends RuntimeEvent['type']>(type: T, sessionId: string) =>
  (event: RuntimeEvent): event is Extract<RuntimeEvent, { type: T }> =>
    event.type === type && sessionOf(event) === sessionId;
