// Runtime events → host events. Each normalized runtime event becomes the contract's event of
// the same name: its fields without `type` and `directory`, plus the `workspaceId` of the
// folder it happened in. Events of folders that are not workspaces are dropped (the runtime
// is private to this host, so that only happens for a workspace removed mid-stream), except
// `session.error`, which the contract lets go out without a workspace. Order is kept: events
// wait in one queue while an unfamiliar folder is looked up.
import type { HostEvent } from '@open-cowork/contracts';
import type { RuntimeEvent, RuntimeEventSource, RuntimeStatus } from '@open-cowork/runtime';
import type { HostEventSink } from '../event-bus.js';
import type { Logger } from '../log/index.js';
import type { SessionIndex } from '../workspaces/session-index.js';
import type { InterruptedTurns } from './interruptions.js';
import type { WorkspaceLookup } from '../workspaces/lookup.js';

export interface EventBridgeOptions {
  /** Normalized runtime events (HostRuntime.events). */
  readonly events: RuntimeEventSource;
  /** The supervisor's status changes (HostRuntime.supervisor.onStatus). */
  readonly onStatus: (listener: (status: RuntimeStatus) => void) => () => void;
  readonly sink: HostEventSink;
  readonly workspaces: WorkspaceLookup;
  readonly index: SessionIndex;
  readonly logger: Logger;
  /** Ends the turns a runtime that went away cut off (see interruptions.ts). */
  readonly interruptions?: InterruptedTurns;
}

export class EventBridge {
  readonly #options: EventBridgeOptions;
  readonly #queue: RuntimeEvent[] = [];
  readonly #disposers: Array<() => void>;
  #draining = false;
  #disposed = false;

  constructor(options: EventBridgeOptions) {
    this.#options = options;
    this.#disposers = [
      options.events.subscribe((event) => {
        options.interruptions?.observe(event);
        this.#enqueue(event);
      }),
      options.onStatus((status) => {
        // A new process knows none of the old one's pending requests.
        if (status.state === 'starting') options.index.forgetRequests();
        options.sink.publish('runtime.status', status);
        if (status.state === 'restarting' || status.state === 'failed' || status.state === 'stopped') this.#cutOff(status);
      }),
    ];
  }

  /** Stops listening; events still queued are dropped. Idempotent. */
  dispose(): void {
    this.#disposed = true;
    this.#queue.length = 0;
    for (const dispose of this.#disposers.splice(0)) dispose();
  }

  /** Ends, for every client, the turns the runtime's going away cut off. */
  #cutOff(status: RuntimeStatus): void {
    const interruptions = this.#options.interruptions;
    if (interruptions === undefined) return;
    void interruptions.cutOff(status).then(
      (events) => {
        for (const event of events) this.#enqueue(event);
      },
      (error: unknown) => this.#options.logger.error(`could not record the answers the runtime cut off: ${(error as Error).message}`),
    );
  }

  #enqueue(event: RuntimeEvent): void {
    if (this.#disposed) return;
    this.#queue.push(event);
    if (!this.#draining) void this.#drain();
  }

  /** Publishes queued events in order; synchronous while every folder is already known. */
  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0 && !this.#disposed) {
        const event = this.#queue[0]!;
        const known = this.#knownWorkspace(event);
        const workspaceId = known !== undefined ? known : await this.#lookUpWorkspace(event);
        this.#queue.shift();
        if (!this.#disposed) this.#publish(event, workspaceId ?? undefined);
      }
    } finally {
      this.#draining = false;
    }
  }

  /** The event's workspace id, null for none, undefined when the registry must be read. */
  #knownWorkspace(event: RuntimeEvent): string | null | undefined {
    if (event.directory === undefined) return this.#bySession(event);
    const workspace = this.#options.workspaces.peek(event.directory);
    return workspace === undefined ? undefined : (workspace?.id ?? null);
  }

  async #lookUpWorkspace(event: RuntimeEvent): Promise<string | null> {
    try {
      return (await this.#options.workspaces.resolve(event.directory!))?.id ?? null;
    } catch (error) {
      this.#options.logger.warn('could not read the workspace list for an event', { type: event.type, error: (error as Error).message });
      return this.#bySession(event);
    }
  }

  #bySession(event: RuntimeEvent): string | null {
    const sessionId = sessionIdOf(event);
    return (sessionId === undefined ? undefined : this.#options.index.workspaceOfSession(sessionId)) ?? null;
  }

  #publish(event: RuntimeEvent, workspaceId: string | undefined): void {
    if (workspaceId !== undefined) this.#track(event, workspaceId);
    const hostEvent = toHostEvent(event, workspaceId);
    if (hostEvent !== undefined) this.#options.sink.publish(hostEvent.type, hostEvent.payload);
  }

  /** Keeps the session and request index current from what the runtime reports. */
  #track(event: RuntimeEvent, workspaceId: string): void {
    const index = this.#options.index;
    switch (event.type) {
      case 'session.created':
      case 'session.updated':
        index.rememberSession(event.session.id, workspaceId);
        return;
      case 'session.deleted':
        index.forgetSession(event.session.id);
        return;
      case 'permission.asked':
        index.rememberRequest('permission', event.request.id, workspaceId);
        return;
      case 'question.asked':
        index.rememberRequest('question', event.request.id, workspaceId);
        return;
      case 'permission.replied':
      case 'question.replied':
      case 'question.rejected':
        index.forgetRequest(event.requestId);
        return;
      default:
        return;
    }
  }
}

/** The session an event is about, if any. */
export function sessionIdOf(event: RuntimeEvent): string | undefined {
  switch (event.type) {
    case 'session.created':
    case 'session.updated':
    case 'session.deleted':
      return event.session.id;
    case 'message.updated':
      return event.message.sessionId;
    case 'part.updated':
      return event.part.sessionId;
    case 'permission.asked':
    case 'question.asked':
      return event.request.sessionId;
    default:
      return event.sessionId;
  }
}

/**
 * The contract's event for a runtime event in `workspaceId`; undefined when it cannot be
 * published (no workspace, and the contract needs one).
 */
export function toHostEvent(event: RuntimeEvent, workspaceId: string | undefined): HostEvent | undefined {
  if (event.type === 'session.error') {
    return {
      type: event.type,
      payload: {
        ...(workspaceId !== undefined ? { workspaceId } : {}),
        ...(event.sessionId !== undefined ? { sessionId: event.sessionId } : {}),
        error: event.error,
      },
    };
  }
  if (workspaceId === undefined) return undefined;
  switch (event.type) {
    case 'session.created':
    case 'session.updated':
    case 'session.deleted':
      return { type: event.type, payload: { workspaceId, session: { ...event.session, workspaceId } } };
    case 'session.status':
      return { type: event.type, payload: { workspaceId, sessionId: event.sessionId, status: event.status } };
    case 'session.compacted':
      return { type: event.type, payload: { workspaceId, sessionId: event.sessionId } };
    case 'message.updated':
      return { type: event.type, payload: { workspaceId, message: event.message } };
    case 'part.updated':
      return { type: event.type, payload: { workspaceId, part: event.part } };
    case 'text.delta':
    case 'reasoning.delta': {
      const { sessionId, messageId, partId, delta } = event;
      return { type: event.type, payload: { workspaceId, sessionId, messageId, partId, delta } };
    }
    case 'tool.state': {
      const { sessionId, messageId, partId, callId, tool, state } = event;
      return { type: event.type, payload: { workspaceId, sessionId, messageId, partId, callId, tool, state } };
    }
    case 'permission.asked':
      return { type: event.type, payload: { workspaceId, request: { ...event.request, workspaceId } } };
    case 'permission.replied': {
      const { sessionId, requestId, reply } = event;
      return { type: event.type, payload: { workspaceId, sessionId, requestId, reply } };
    }
    case 'question.asked': {
      return { type: event.type, payload: { workspaceId, request: { ...event.request, workspaceId } } };
    }
    case 'question.replied': {
      const { sessionId, requestId, answers } = event;
      return { type: event.type, payload: { workspaceId, sessionId, requestId, answers } };
    }
    case 'question.rejected': {
      const { sessionId, requestId } = event;
      return { type: event.type, payload: { workspaceId, sessionId, requestId } };
    }
  }
}
