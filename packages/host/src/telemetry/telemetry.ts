// Telemetry as the config's `telemetry` section describes it: a small set of usage events,
// each sanitised (secrets and home paths) before anything is written, kept locally in daily
// NDJSON files with a retention, and optionally forwarded to an https collector. `record`
// never waits and never throws. `collect: false` is the off switch: nothing is recorded.
import path from 'node:path';
import type { OpenCoworkConfig } from '@open-cowork/config';
import type { TelemetryStatus } from '@open-cowork/contracts';
import type { Logger } from '../log/index.js';
import { tildeHome } from '../log/recent.js';
import type { GuardedFetchOptions } from '../network/index.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { TelemetryFiles } from './files.js';
import { FORWARD_TIMEOUT_MS, Forwarder } from './forwarder.js';
import type { Sanitizer } from './sanitize.js';

export const DEFAULT_RETENTION_DAYS = 30;

/** One line of a telemetry file, and one element of a forwarded batch. */
export interface TelemetryEvent {
  /** Format version. */
  readonly v: 1;
  /** ISO 8601, UTC. */
  readonly time: string;
  /** What happened, e.g. "session.created". */
  readonly event: string;
  /** The host run (the logger's run id): events of one run share it. */
  readonly run: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface TelemetryOptions {
  /** The config's `telemetry` section (resolved: header placeholders already replaced). */
  readonly config: OpenCoworkConfig['telemetry'];
  /** Event files go to `<dataDir>/telemetry`. */
  readonly dataDir: string;
  readonly sanitizer: Sanitizer;
  readonly logger: Logger;
  /** The run id stamped on every event. */
  readonly runId: string;
  /** Shown as `~` in the status. */
  readonly homeDir?: string;
  readonly clock?: Clock;
  /** Forces telemetry off, whatever the config says (e.g. a command-line switch). */
  readonly disabled?: boolean;
  /** Forwarding knobs: the guarded fetch's options (a test CA), the deadline and the queue bound. */
  readonly forwarding?: {
    readonly network?: Omit<GuardedFetchOptions, 'timeoutMs'>;
    readonly timeoutMs?: number;
    readonly maxQueue?: number;
  };
}

export class Telemetry {
  readonly dir: string;
  readonly files: TelemetryFiles;
  readonly #options: TelemetryOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #forwarder: Forwarder | undefined;
  readonly #forwardProblem: string | undefined;
  /** The config's switch (telemetry.collect), changed while the host runs by setCollect. */
  #collect: boolean;
  #writeFailed = false;

  constructor(options: TelemetryOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger.for('host');
    const section = options.config ?? {};
    this.#collect = section.collect !== false;
    this.dir = path.join(options.dataDir, 'telemetry');
    this.files = new TelemetryFiles({
      dir: this.dir,
      retentionDays: section.retentionDays ?? DEFAULT_RETENTION_DAYS,
      onError: (error) => {
        // Said once: a full disk must not fill the log too.
        if (this.#writeFailed) return;
        this.#writeFailed = true;
        this.#log.warn(`could not write telemetry: ${options.sanitizer.text(error.message)}`);
      },
    });
    // Built whenever the config asks for it, so switching collection on later forwards too.
    const { forwarder, problem } = options.disabled !== true ? forwarderFor(section, options) : { forwarder: undefined, problem: undefined };
    this.#forwarder = forwarder;
    this.#forwardProblem = problem;
    if (problem !== undefined) this.#log.warn(`telemetry forwarding is off: ${problem}`);
  }

  /** Recording is on: the off switch is not set, and the embedding app did not force it off. */
  get enabled(): boolean {
    return this.#options.disabled !== true && this.#collect;
  }

  /** Whether the embedding app forced telemetry off (HostOptions.observability.telemetry.disabled). */
  get forcedOff(): boolean {
    return this.#options.disabled === true;
  }

  /**
   * Follows a change of telemetry.collect (the Settings switch, or the user's file edited by
   * hand) without a restart. Switching off keeps the files already written; nothing more is added.
   */
  setCollect(collect: boolean): void {
    if (collect === this.#collect) return;
    this.#collect = collect;
    this.#log.info(`telemetry ${collect ? 'switched on' : 'switched off'}`);
    if (this.enabled) this.files.prune(this.#clock.now());
  }

  /** Deletes event files past the retention. Call once when the host starts. */
  start(): void {
    if (this.enabled) this.files.prune(this.#clock.now());
  }

  /**
   * Records one event. Returns at once: the line is sanitised here, then written and
   * forwarded in the background. Never throws.
   */
  record(event: string, data: Record<string, unknown> = {}): void {
    if (!this.enabled) return;
    try {
      const now = this.#clock.now();
      const clean: TelemetryEvent = this.#options.sanitizer.value({ v: 1, time: new Date(now).toISOString(), event, run: this.#options.runId, data });
      this.files.append(JSON.stringify(clean), now);
      this.#forwarder?.enqueue(clean);
    } catch (error) {
      this.#log.debug('telemetry event dropped', { event, error: (error as Error).message });
    }
  }

  status(): TelemetryStatus {
    const section = this.#options.config ?? {};
    const stats = this.#forwarder?.stats() ?? { sent: 0, failed: 0, dropped: 0 };
    const origin = originOf(section.endpoint);
    return {
      enabled: this.enabled,
      directory: tildeHome(this.dir, this.#options.homeDir),
      retentionDays: this.files.retentionDays,
      forwarding: {
        configured: section.enabled === true,
        active: this.enabled && this.#forwarder !== undefined,
        ...(origin === undefined ? {} : { origin }),
        headers: Object.keys(section.headers ?? {}),
        sent: stats.sent,
        failed: stats.failed,
        dropped: stats.dropped,
        ...(this.#forwardProblem === undefined ? {} : { problem: this.#forwardProblem }),
      },
    };
  }

  /** Resolves when what was recorded so far is written and forwarded (or gave up). */
  async flush(): Promise<void> {
    await Promise.all([this.files.idle(), this.#forwarder?.flush()]);
  }

  /** Writes what is queued; abandons forwarding. */
  async stop(): Promise<void> {
    this.#forwarder?.stop();
    await this.files.idle();
  }
}

function forwarderFor(section: NonNullable<OpenCoworkConfig['telemetry']>, options: TelemetryOptions): { forwarder?: Forwarder; problem?: string } {
  if (section.enabled !== true) return {};
  if (section.endpoint === undefined) return { problem: 'telemetry.enabled is set but telemetry.endpoint is not.' };
  if (!section.endpoint.startsWith('https://')) return { problem: 'the collector must be an https:// URL.' };
  const headers = section.headers ?? {};
  const empty = Object.entries(headers)
    .filter(([, value]) => value === '')
    .map(([name]) => name);
  if (empty.length > 0) {
    return { problem: `header ${empty.join(', ')} is empty (its {env:…} variable is not set), so events would be refused.` };
  }
  const forwarding = options.forwarding ?? {};
  return {
    forwarder: new Forwarder({
      endpoint: section.endpoint,
      headers,
      logger: options.logger.for('host'),
      timeoutMs: forwarding.timeoutMs ?? FORWARD_TIMEOUT_MS,
      ...(forwarding.maxQueue === undefined ? {} : { maxQueue: forwarding.maxQueue }),
      ...(forwarding.network === undefined ? {} : { network: forwarding.network }),
    }),
  };
}

/** Scheme and host of the collector: its path or query may carry a key. */
function originOf(endpoint: string | undefined): string | undefined {
  if (endpoint === undefined) return undefined;
  try {
    return new URL(endpoint).origin;
  } catch {
    return undefined;
  }
}
