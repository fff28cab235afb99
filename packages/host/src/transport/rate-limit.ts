export interface FailureLimiterOptions {
  /** Failures allowed per address within `windowMs` before it is refused. Default 10. */
  readonly maxFailures?: number;
  /** Length of the sliding window. Default 60 000 ms. */
  readonly windowMs?: number;
  /** Addresses tracked at once; the oldest entry is forgotten beyond this. Default 10 000. */
  readonly maxAddresses?: number;
  readonly now?: () => number;
}

export interface LimitState {
  readonly blocked: boolean;
  /** Milliseconds until the address may try again (0 when not blocked). */
  readonly retryAfterMs: number;
  /** The same, rounded up to whole seconds for a `Retry-After` header. */
  readonly retryAfterSeconds: number;
}

/**
 * Counts failed authentications per remote address in a sliding window. An address that
 * reached the limit is refused outright — even with the right token, or the limit would
 * not slow down guessing — until its oldest failure leaves the window. Other addresses are
 * unaffected. Memory is bounded by `maxAddresses × maxFailures` timestamps.
 */
export class FailureLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #maxAddresses: number;
  readonly #now: () => number;
  readonly #failures = new Map<string, number[]>();

  constructor(options: FailureLimiterOptions = {}) {
    this.#max = options.maxFailures ?? 10;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#maxAddresses = options.maxAddresses ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  check(address: string): LimitState {
    const times = this.#recent(address);
    const oldest = times[0];
    if (times.length < this.#max || oldest === undefined) return { blocked: false, retryAfterMs: 0, retryAfterSeconds: 0 };
    const waitMs = Math.max(1, oldest + this.#windowMs - this.#now());
    return { blocked: true, retryAfterMs: waitMs, retryAfterSeconds: Math.ceil(waitMs / 1000) };
  }

  recordFailure(address: string): void {
    const times = this.#recent(address);
    times.push(this.#now());
    if (times.length > this.#max) times.splice(0, times.length - this.#max);
    // Re-insert so Map order is least-recently-failed first, then evict from the front.
    this.#failures.delete(address);
    this.#failures.set(address, times);
    while (this.#failures.size > this.#maxAddresses) {
      const first = this.#failures.keys().next();
      if (first.done === true) break;
      this.#failures.delete(first.value);
    }
  }

  #recent(address: string): number[] {
    const times = this.#failures.get(address);
    if (times === undefined) return [];
    const cutoff = this.#now() - this.#windowMs;
    while (times.length > 0 && (times[0] ?? 0) <= cutoff) times.shift();
    if (times.length === 0) this.#failures.delete(address);
    return times;
  }
}
