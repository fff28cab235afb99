// Turns raw OpenCode events into RuntimeEvents. Stateful, one instance per event stream:
//  - accepts both stream shapes: plain events from `/event?directory=…` and `{ directory,
//    payload }` envelopes from `/global/event` (whose `sync` payloads repeat the bus events and
//    are dropped);
//  - drops what the app does not use (plugin, catalog, diff, heartbeat, pty, lsp, …);
//  - tool parts become `tool.state` events, only when the call's status or title changes
//    (OpenCode re-sends a running bash part for every chunk of its output);
//  - a permission or question request is announced once per id, however often it is re-sent;
//  - repeated identical session statuses, sessions and messages are dropped (OpenCode sends
//    `session.status idle` and `session.idle` together, and re-sends unchanged messages);
//  - streamed deltas are labelled text or reasoning from the part they extend.

import type { Event as OcEvent, Part as OcPart } from '@opencode-ai/sdk/v2';
import { BoundedMap } from './bounded-map.js';
import { mapError, mapMessage, mapPart, mapPermissionRequest, mapQuestionRequest, mapSession, mapSessionStatus } from './map.js';
import type { PartKind, RuntimeEvent, SessionStatus } from './types.js';

export interface EventNormalizerOptions {
  /**
   * The workspace folder the stream was subscribed for (`event.subscribe({ directory })`):
   * stamped on events that do not name their own. Leave unset for the global stream.
   */
  readonly directory?: string;
  /** How many ids each memory keeps before forgetting the oldest. Default 5000. */
  readonly memory?: number;
}

/** The raw event and the directory its envelope named, or undefined for something that is not an event. */
export function unwrapRawEvent(raw: unknown): { event: OcEvent; directory?: string } | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const record = raw as { payload?: unknown; directory?: unknown; type?: unknown };
  if (typeof record.type !== 'string' && typeof record.payload === 'object' && record.payload !== null) {
    const inner = record.payload as { type?: unknown };
    if (typeof inner.type !== 'string') return undefined;
    // "global" marks instance-less events (project.updated, server.connected).
    const directory = typeof record.directory === 'string' && record.directory !== 'global' ? record.directory : undefined;
    return directory === undefined ? { event: inner as OcEvent } : { event: inner as OcEvent, directory };
  }
  if (typeof record.type !== 'string') return undefined;
  return { event: raw as OcEvent };
}

export class EventNormalizer {
  private readonly directory: string | undefined;
  /** Part id → kind, so deltas can say whether they extend text or reasoning. */
  private readonly partKinds: BoundedMap<string, PartKind>;
  /** Tool part id → "status|title" last announced. */
  private readonly toolStates: BoundedMap<string, string>;
  /** Permission and question request ids already announced (kept after the reply, for late repeats). */
  private readonly announced: BoundedMap<string, true>;
  /** Session id → last status announced. */
  private readonly statuses: BoundedMap<string, string>;
  /** Session or message id → the last record announced, serialized. */
  private readonly records: BoundedMap<string, string>;

  constructor(options: EventNormalizerOptions = {}) {
    const memory = options.memory ?? 5000;
    this.directory = options.directory;
    this.partKinds = new BoundedMap(memory);
    this.toolStates = new BoundedMap(memory);
    this.announced = new BoundedMap(memory);
    this.statuses = new BoundedMap(memory);
    this.records = new BoundedMap(memory);
  }

  /** The RuntimeEvents one raw event stands for, in order (usually zero or one). */
  normalize(raw: unknown): RuntimeEvent[] {
    const unwrapped = unwrapRawEvent(raw);
    if (!unwrapped) return [];
    const event = this.translate(unwrapped.event, unwrapped.directory ?? this.directory);
    return event ? [event] : [];
  }

  /** Forgets everything remembered (e.g. after the runtime restarted with a fresh database). */
  reset(): void {
    for (const memory of [this.partKinds, this.toolStates, this.announced, this.statuses, this.records]) memory.clear();
  }

  private translate(event: OcEvent, directory: string | undefined): RuntimeEvent | undefined {
    const at = directory === undefined ? {} : { directory };
    switch (event.type) {
      case 'session.status':
        return this.status(event.properties.sessionID, mapSessionStatus(event.properties.status), at);
      case 'session.idle':
        return this.status(event.properties.sessionID, { type: 'idle' }, at);
      case 'session.created':
      case 'session.updated':
      case 'session.deleted': {
        const session = mapSession(event.properties.info);
        const key = `session:${session.id}`;
        if (event.type === 'session.deleted') {
          this.records.delete(key);
          this.statuses.delete(session.id);
        } else if (!this.changed(key, session)) {
          return undefined;
        }
        // The session's own folder is the most precise answer to "which workspace".
        return { type: event.type, session, directory: session.directory };
      }
      case 'session.compacted':
        return { type: 'session.compacted', sessionId: event.properties.sessionID, ...at };
      case 'session.error': {
        const { sessionID, error } = event.properties;
        return { type: 'session.error', ...(sessionID ? { sessionId: sessionID } : {}), error: mapError(error), ...at };
      }
      case 'message.updated': {
        const message = mapMessage(event.properties.info);
        return this.changed(`message:${message.id}`, message) ? { type: 'message.updated', message, ...at } : undefined;
      }
      case 'message.part.updated':
        return this.part(event.properties.part, at);
      case 'message.part.delta': {
        const { sessionID, messageID, partID, field, delta } = event.properties;
        if (field !== 'text') return undefined;
        const type = this.partKinds.get(partID) === 'reasoning' ? 'reasoning.delta' : 'text.delta';
        return { type, sessionId: sessionID, messageId: messageID, partId: partID, delta, ...at };
      }
      case 'permission.asked': {
        const request = mapPermissionRequest(event.properties);
        return this.firstTime(`permission:${request.id}`) ? { type: 'permission.asked', request, ...at } : undefined;
      }
      case 'permission.replied': {
        const { sessionID, requestID, reply } = event.properties;
        this.announced.set(`permission:${requestID}`, true);
        return { type: 'permission.replied', sessionId: sessionID, requestId: requestID, reply, ...at };
      }
      case 'question.asked': {
        const request = mapQuestionRequest(event.properties);
        if (request === undefined) return undefined;
        return this.firstTime(`question:${request.id}`) ? { type: 'question.asked', request, ...at } : undefined;
      }
      case 'question.replied': {
        const { sessionID, requestID, answers } = event.properties;
        this.announced.set(`question:${requestID}`, true);
        return { type: 'question.replied', sessionId: sessionID, requestId: requestID, answers: answers ?? [], ...at };
      }
      case 'question.rejected': {
        const { sessionID, requestID } = event.properties;
        this.announced.set(`question:${requestID}`, true);
        return { type: 'question.rejected', sessionId: sessionID, requestId: requestID, ...at };
      }
      default:
        return undefined;
    }
  }

  private status(sessionId: string, status: SessionStatus, at: { directory?: string }): RuntimeEvent | undefined {
    const key = JSON.stringify(status);
    if (this.statuses.get(sessionId) === key) return undefined;
    this.statuses.set(sessionId, key);
    return { type: 'session.status', sessionId, status, ...at };
  }

  private part(raw: OcPart, at: { directory?: string }): RuntimeEvent | undefined {
    const part = mapPart(raw);
    this.partKinds.set(part.id, part.kind);
    if (part.kind !== 'tool') return { type: 'part.updated', part, ...at };
    const key = `${part.state.status}|${part.state.title ?? ''}`;
    if (this.toolStates.get(part.id) === key) return undefined;
    this.toolStates.set(part.id, key);
    return {
      type: 'tool.state',
      sessionId: part.sessionId,
      messageId: part.messageId,
      partId: part.id,
      callId: part.callId,
      tool: part.tool,
      state: part.state,
      ...at,
    };
  }

  /** True when `value` differs from what was last announced under `key` (and remembers it). */
  private changed(key: string, value: unknown): boolean {
    const serialized = JSON.stringify(value);
    if (this.records.get(key) === serialized) return false;
    this.records.set(key, serialized);
    return true;
  }

  private firstTime(key: string): boolean {
    if (this.announced.has(key)) return false;
    this.announced.set(key, true);
    return true;
  }
}

/** A normalizer as a plain function, for callers that do not need `reset()`. */
export function createEventNormalizer(options: EventNormalizerOptions = {}): (raw: unknown) => RuntimeEvent[] {
  const normalizer = new EventNormalizer(options);
  return (raw) => normalizer.normalize(raw);
}
