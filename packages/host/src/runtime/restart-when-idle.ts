// Reloads of the runtime wait for running answers. A saved agent, MCP server or credential
// asks for a restart; restarting at once would cut off a turn in progress, including the
// very turn whose tool call (the agents or skills server) made the change. So a request
// waits until no session is busy, and at most `maxWaitMs`, then goes to the supervisor
// (which debounces it further).
import type { RuntimeEvent, RuntimeEventSource, RuntimeStatus } from '@open-cowork/runtime';

export interface RestartWhenIdleOptions {
  readonly events: RuntimeEventSource;
  readonly onStatus: (listener: (status: RuntimeStatus) => void) => () => void;
  /** The supervisor's debounced restart. */
  readonly restart: (reason: string) => void;
  /** Longest wait for busy sessions (default 2 minutes): a session stuck on a question must not hold a reload forever. */
  readonly maxWaitMs?: number;
  readonly onDeferred?: (reason: string, busy: number) => void;
}

export class RestartWhenIdle {
  readonly #busy = new Set<string>();
  readonly #options: RestartWhenIdleOptions;
  readonly #disposers: Array<() => void>;
  #pending: string[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(options: RestartWhenIdleOptions) {
    this.#options = options;
    this.#disposers = [
      options.events.subscribe((event) => this.#observe(event)),
      options.onStatus((status) => {
        // A new process has no running turns.
        if (status.state !== 'ready') this.#busy.clear();
      }),
    ];
  }

  /** Sessions with a turn in progress. */
  get busy(): number {
    return this.#busy.size;
  }

  request(reason: string): void {
    if (this.#busy.size === 0) {
      this.#options.restart(reason);
      return;
    }
    if (!this.#pending.includes(reason)) this.#pending.push(reason);
    this.#options.onDeferred?.(reason, this.#busy.size);
    this.#timer ??= setTimeout(() => this.#flush(), this.#options.maxWaitMs ?? 120_000);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    for (const dispose of this.#disposers.splice(0)) dispose();
  }

  #observe(event: RuntimeEvent): void {
    if (event.type !== 'session.status') return;
    if (event.status.type === 'idle') this.#busy.delete(event.sessionId);
    else this.#busy.add(event.sessionId);
    if (this.#busy.size === 0 && this.#pending.length > 0) this.#flush();
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const reasons = this.#pending;
    this.#pending = [];
    if (reasons.length > 0) this.#options.restart(reasons.join('; '));
  }
}
