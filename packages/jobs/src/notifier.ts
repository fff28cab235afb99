// Delivers completion notifications from the durable outbox. Each has a deterministic id
// (`<job>:<state>`) so a receiver can drop a repeat; a failed delivery is retried with
// exponential backoff, across restarts too, until it succeeds.
import type { JobsStore } from './store.js';
import type { Notification } from './types.js';

export type Deliver = (notification: Readonly<Notification>) => void | Promise<void>;

export interface NotifierOptions {
  readonly store: JobsStore;
  readonly deliver: Deliver;
  readonly now: () => number;
  /** First retry delay; doubles per failure up to `maxDelayMs`. Defaults 1 s and 5 min. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

export class Notifier {
  readonly #options: NotifierOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(options: NotifierOptions) {
    this.#options = options;
  }

  /** Delivers everything due now, then waits for the next retry. */
  kick(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    // A failed store write (the folder removed under it) leaves the entry due; the next kick retries it.
    this.#running = this.#drain().catch(() => undefined).finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        void this.kick();
      }
    });
    return this.#running;
  }

  /** Stops retrying; resolves once a delivery under way has been recorded. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #drain(): Promise<void> {
    const { store, deliver, now } = this.#options;
    clearTimeout(this.#timer);
    const due = Object.values((await store.read()).outbox).filter((entry) => entry.deliveredAt === undefined && entry.nextAttemptAt <= now());
    for (const entry of due) {
      if (this.#closed) return;
      let failure: string | undefined;
      try {
        await deliver(entry);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      await store.update((state) => {
        const stored = state.outbox[entry.id];
        if (!stored) return;
        stored.attempts += 1;
        if (failure === undefined) {
          stored.deliveredAt = now();
          delete stored.lastError;
        } else {
          stored.lastError = failure;
          stored.nextAttemptAt = now() + this.#delay(stored.attempts);
        }
      });
    }
    const waiting = Object.values((await store.read()).outbox).filter((entry) => entry.deliveredAt === undefined);
    if (waiting.length > 0 && !this.#closed) {
      const next = Math.min(...waiting.map((entry) => entry.nextAttemptAt));
      this.#timer = setTimeout(() => void this.kick(), Math.max(0, next - now()));
      this.#timer.unref();
    }
  }

  #delay(attempts: number): number {
    const initial = this.#options.initialDelayMs ?? 1000;
    return Math.min(initial * 2 ** (attempts - 1), this.#options.maxDelayMs ?? 5 * 60_000);
  }
}
