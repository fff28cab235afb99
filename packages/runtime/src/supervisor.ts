// Owns the one OpenCode process: start, watch, restart, stop. Everything it knows is
// published as a RuntimeStatus; everything OpenCode says arrives through onEvent.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2';
import { CodedError } from '@open-cowork/contracts';
import { SandboxErrorCode, type SandboxStatus } from '@open-cowork/sandbox';
import { treeCpuTicks } from './cpu-time.js';
import type { OpencodeBinary } from './binary.js';
import { recheckRuntimeBinary, resolveRuntimeBinary, type OpencodeSourceOptions } from './sidecar/source.js';
import { REDACTIONS_FILE, writePrivateConfig, type PrivateConfigFile } from './config-file.js';
import { runtimeEnvironment, runtimeHome, RUNTIME_USERNAME, type RuntimeHome } from './environment.js';
import { RuntimeErrorCode } from './errors.js';
import { followEventStream } from './event-stream.js';
import { unwrapRawEvent } from './events/normalize.js';
import { describeExit, launchOpencode, type LaunchOptions, type RuntimeProcess } from './launch.js';
import { LogBuffer } from './log-buffer.js';
import { installShellEnvGuard } from './shell-env-guard.js';
import { PidLedger, type CommandLineReader } from './orphans.js';
import type { FolderConfig } from './project-config.js';
import { RuntimeBoundary, type RuntimeSandboxOptions } from './runtime-boundary.js';
import { RuntimeError, RuntimeRequestErrorCode } from './session/errors.js';
import { fetchRetryingReset } from './reset-retry-fetch.js';
import type { RuntimeStatus } from './status.js';
import { installToolGuard } from './tool-guard.js';

/** What one boot runs with; produced fresh for every (re)start. */
export interface RuntimeLaunchConfig {
  /** OpenCode's config, written to the private config file. */
  readonly config: unknown;
  /** Extra non-secret environment switches (e.g. OPENCODE_ENABLE_EXA). */
  readonly env?: Readonly<Record<string, string>>;
  /** Values to blank out of the runtime log (credentials in the config). */
  readonly secrets?: readonly string[];
}

export interface SupervisorOptions {
  /** The app's data directory; the runtime's home, config and ledger live under `<dataDir>/runtime`. */
  readonly dataDir: string;
  /** Called before every boot, so a restart always picks up the latest config and credentials. */
  readonly launchConfig: () => Promise<RuntimeLaunchConfig> | RuntimeLaunchConfig;
  readonly binary?: OpencodeBinary;
  /** Where the binary comes from when `binary` is not given (default: auto, no download). */
  readonly binarySource?: OpencodeSourceOptions;
  /** The host's environment; only the allowlist is passed on. */
  readonly parentEnv?: Readonly<Record<string, string | undefined>>;
  /** npm registry for OpenCode's background plugin install (tests: a dead loopback port). */
  readonly npmRegistry?: string;
  /** The sandbox the runtime, its shells and MCP servers run in. Default: the strongest that works here. */
  readonly sandbox?: RuntimeSandboxOptions;
  readonly startTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace on stop. Default 5 s. */
  readonly stopGraceMs?: number;
  /** Coalesces bursts of config changes into one reload (`requestReload`). Default 50 ms: a reload in place is cheap. */
  readonly reloadDebounceMs?: number;
  /** Coalesces bursts of config changes into one restart. Default 300 ms. */
  readonly restartDebounceMs?: number;
  /** How long "ready" waits for the event stream's first event. Default 5 s. */
  readonly eventsTimeoutMs?: number;
  readonly crash?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number; readonly maxRestarts?: number; readonly windowMs?: number };
  readonly health?: {
    readonly intervalMs?: number;
    readonly timeoutMs?: number;
    /** Failed checks in a row (with no event streaming meanwhile) before the runtime is restarted. Default 3. */
    readonly failuresBeforeRestart?: number;
    /**
     * The same while a session is answering. Default four times `failuresBeforeRestart`; five
     * times this where the runtime's processes are seen using CPU between the checks (Linux).
     */
    readonly busyFailuresBeforeRestart?: number;
  };
  /** Ports for tests. */
  readonly launch?: (options: LaunchOptions) => Promise<RuntimeProcess>;
  readonly readCommandLine?: CommandLineReader;
  readonly now?: () => number;
}

/** How to reach the ready runtime. Valid until the next restart. */
export interface RuntimeConnection {
  readonly url: string;
  readonly client: OpencodeClient;
  /** `authorization` header value for raw HTTP calls. */
  readonly authorization: string;
  readonly pid: number;
}

type Listener<T> = (value: T) => void;

export class RuntimeSupervisor {
  readonly logs = new LogBuffer();
  readonly #options: SupervisorOptions;
  readonly #home: RuntimeHome;
  readonly #ledger: PidLedger;
  readonly #boundary: RuntimeBoundary;
  readonly #statusListeners = new Set<Listener<RuntimeStatus>>();
  readonly #eventListeners = new Set<Listener<unknown>>();
  readonly #crashTimes: number[] = [];
  /** What the current process's event stream shows of its work; replaced with every process. */
  #activity: StreamActivity | undefined;
  #status: RuntimeStatus = { state: 'stopped' };
  #sandboxStatus: SandboxStatus | undefined;
  #widening: Promise<void> | undefined;
  #binary: OpencodeBinary | undefined;
  #process: RuntimeProcess | undefined;
  #connection: RuntimeConnection | undefined;
  #configFile: PrivateConfigFile | undefined;
  /** The environment switches the current process was started with (JSON): a change needs a new process. */
  #bootedEnv: string | undefined;
  #password = '';
  #reloadTimer: NodeJS.Timeout | undefined;
  #reloadsDue = 0;
  /** A requested reload waiting for its turn (it reads the config when it begins). */
  #queuedReload: Promise<void> | undefined;
  #reloadWaiters: Array<() => void> = [];
  #bootAbort: AbortController | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #wanted = false;
  #lifecycle: Promise<void> = Promise.resolve();
  #readyWaiters = new Set<{ resolve: (c: RuntimeConnection) => void; reject: (e: Error) => void }>();

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.#home = runtimeHome(path.join(options.dataDir, 'runtime'));
    this.#ledger = new PidLedger(path.join(this.#home.root, 'pids.json'), { readCommandLine: options.readCommandLine });
    this.#boundary = new RuntimeBoundary(options.sandbox ?? {}, this.#home);
    this.#binary = options.binary;
  }

  /** The boundary the runtime last started in (undefined before the first boot got that far). */
  get sandboxStatus(): SandboxStatus | undefined {
    return this.#sandboxStatus;
  }

  /** The boundary a boot would use: chosen once, by probing (rejects when an explicit choice cannot run here). */
  async sandbox(): Promise<SandboxStatus> {
    return (await this.#boundary.sandbox()).status;
  }

  /**
   * Runs before every call in `directory` (RuntimeSessions' `beforeCall`). Unsandboxed, it
   * refuses with RUNTIME_UNTRUSTED_FOLDER when the folder or one above it holds OpenCode
   * configuration nobody trusted. Sandboxed, before the folder's first use in this boot, it
   * restarts once (and waits for ready) when the boot does not show the folder's workspace
   * (one added since) or does not cover configuration of an untrusted folder (some that
   * appeared since). A restart cuts answers that are running. Folders outside every
   * workspace are left alone; calls there fail as they would.
   */
  async prepareFor(directory: string): Promise<void> {
    for (let restarts = 0; ; ) {
      // A restart under way (this call's or another's) is waited for, and the folder looked at
      // again against the boot it brings: reaching for the withdrawn connection would fail.
      if (this.#widening) {
        await this.#widening;
        continue;
      }
      const admission = await this.#boundary.admit(directory);
      if (this.#widening) continue;
      if (admission.verdict === 'ok' || !this.#connection) return;
      if (restarts === 2) throw new RuntimeError(RuntimeRequestErrorCode.Untrusted, `Not working in ${directory}: ${admission.reason} again after two restarts.`, { operation: 'folder check' });
      restarts += 1;
      this.#widening = this.restart(admission.reason).then(
        () => undefined,
        () => undefined,
      ).finally(() => (this.#widening = undefined));
    }
  }

  /**
   * The session was just prompted: the health watch counts it as answering (and so allows the
   * busy number of failed checks) until OpenCode reports it idle. Without this, a runtime whose
   * first prompt keeps it from answering for a few seconds is restarted before it says busy.
   */
  expectBusy(sessionId: string): void {
    this.#activity?.expect(sessionId);
  }

  get status(): RuntimeStatus {
    return this.#status;
  }

  /** Subscribes to status changes; returns the disposer. */
  onStatus(listener: Listener<RuntimeStatus>): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Subscribes to OpenCode's raw events (from every directory); returns the disposer. */
  onEvent(listener: Listener<unknown>): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /** The ready runtime, or a RUNTIME_NOT_READY error. */
  connection(): RuntimeConnection {
    if (!this.#connection) throw new CodedError(RuntimeErrorCode.NotReady, `The runtime is not ready (${this.#status.state}).`);
    return this.#connection;
  }

  /** Resolves with the connection once ready; rejects if the runtime fails or is stopped. */
  whenReady(signal?: AbortSignal): Promise<RuntimeConnection> {
    if (this.#connection) return Promise.resolve(this.#connection);
    if (this.#status.state === 'failed') return Promise.reject(new CodedError(this.#status.code, this.#status.reason));
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (c: RuntimeConnection) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(c);
        },
        reject: (e: Error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      const onAbort = () => {
        this.#readyWaiters.delete(waiter);
        reject(new CodedError(RuntimeErrorCode.StartAborted, 'Stopped waiting for the runtime.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#readyWaiters.add(waiter);
    });
  }

  /** Sweeps orphans, then boots. Resolves once ready; rejects with a coded error on failure. */
  async start(): Promise<RuntimeConnection> {
    this.#wanted = true;
    if (this.#connection) return this.#connection;
    await this.#serialize(async () => {
      if (this.#process || !this.#wanted) return;
      const swept = await this.#ledger.sweep();
      if (swept.killed.length > 0) this.logs.note(`Stopped ${swept.killed.length} runtime(s) left behind by an earlier run: ${swept.killed.join(', ')}.`);
      await this.#boot(1);
    });
    return this.whenReady();
  }

  /**
   * Reloads (see `reload`) once after the debounce window, however many times it is called
   * within it. The runtime stays ready unless the reload turns into a restart.
   */
  requestReload(reason: string): void {
    if (!this.#wanted) return;
    if (this.#reloadTimer === undefined) this.#reloadsDue += 1;
    clearTimeout(this.#reloadTimer);
    this.#reloadTimer = setTimeout(() => {
      this.#reloadTimer = undefined;
      // A reload still queued behind one under way has not read the config yet, so it will
      // apply this change too: one more would only dispose the instances again.
      const run = this.#queuedReload ?? this.#queueReload(reason);
      void run.finally(() => {
        this.#reloadsDue -= 1;
        if (this.#reloadsDue === 0) this.#flushReloadWaiters();
      });
    }, this.#options.reloadDebounceMs ?? 50);
  }

  #queueReload(reason: string): Promise<void> {
    const run: Promise<void> = this.reload(reason, () => {
      if (this.#queuedReload === run) this.#queuedReload = undefined;
    }).then(
      () => undefined,
      () => undefined,
    );
    this.#queuedReload = run;
    return run;
  }

  /**
   * Resolves once no reload asked for with `requestReload` is due or under way: a prompt
   * waits for it, so it is not sent to instances the reload is about to dispose.
   */
  reloaded(): Promise<void> {
    if (this.#reloadsDue === 0) return Promise.resolve();
    return new Promise((resolve) => this.#reloadWaiters.push(resolve));
  }

  #flushReloadWaiters(): void {
    for (const resolve of this.#reloadWaiters.splice(0)) resolve();
  }

  /** Restarts once after the debounce window, however many times it is called within it. */
  requestRestart(reason: string): void {
    if (!this.#wanted) return;
    // Say so at once: anything sent to the old process from now on would be cut off by the
    // restart, so its connection is withdrawn and clients wait for "ready" instead.
    if (this.#connection) {
      this.#connection = undefined;
      this.#setStatus({ state: 'restarting', reason, attempt: 1, delayMs: this.#options.restartDebounceMs ?? 300 });
    }
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      void this.restart(reason).catch(() => undefined);
    }, this.#options.restartDebounceMs ?? 300);
  }

  /**
   * Applies a freshly built config to the running process when it can take it: same
   * environment, same sandbox, no new folders. OpenCode reads its config file when an
   * instance starts, so the file is rewritten and every instance disposed; the next call
   * starts them again with it (about 0.15 s, against seconds for a new process). Anything
   * else restarts. Resolves with how it was applied.
   */
  async reload(reason: string, onBegin?: () => void): Promise<'live' | 'restarted'> {
    let live = false;
    await this.#serialize(async () => {
      onBegin?.();
      const connection = this.#connection;
      if (connection === undefined || this.#process === undefined || this.#configFile === undefined) return;
      const launchConfig = await this.#options.launchConfig();
      if (JSON.stringify(launchConfig.env ?? {}) !== this.#bootedEnv) return;
      const config = await this.#boundary.reconfigure(launchConfig.config);
      if (config === undefined || this.#connection !== connection) return;
      for (const secret of launchConfig.secrets ?? []) this.logs.addSecret(secret);
      this.#configFile = await writePrivateConfig(path.dirname(this.#configFile.path), config, [this.#password, ...knownTo(config, launchConfig.secrets ?? [])]);
      const disposed = await connection.client.global.dispose().catch((error: unknown) => ({ error }));
      if ('error' in disposed && disposed.error !== undefined) return;
      this.logs.note(`Reloaded the config in place: ${reason}.`);
      live = true;
      // Ready with the new config from now: a client waiting for the change sees it applied.
      if (this.#status.state === 'ready' && this.#connection === connection) this.#setStatus({ ...this.#status, since: this.#now() });
    });
    if (live) return 'live';
    await this.restart(reason);
    return 'restarted';
  }

  /** Stops the process and boots a new one with a freshly built config. */
  async restart(reason: string): Promise<RuntimeConnection> {
    this.#wanted = true;
    clearTimeout(this.#retryTimer);
    await this.#serialize(async () => {
      this.logs.note(`Restarting: ${reason}.`);
      if (this.#status.state !== 'restarting') this.#setStatus({ state: 'restarting', reason, attempt: 1, delayMs: 0 });
      await this.#teardown();
      if (this.#wanted) await this.#boot(1);
    });
    return this.whenReady();
  }

  /** Stops the runtime (SIGTERM, then SIGKILL after the grace period). Idempotent. */
  async stop(): Promise<void> {
    this.#wanted = false;
    if (this.#reloadTimer !== undefined) this.#reloadsDue -= 1; // the debounced reload will not run
    clearTimeout(this.#reloadTimer);
    this.#reloadTimer = undefined;
    if (this.#reloadsDue === 0) this.#flushReloadWaiters();
    clearTimeout(this.#debounce);
    clearTimeout(this.#retryTimer);
    this.#bootAbort?.abort();
    await this.#serialize(async () => {
      await this.#teardown();
      this.#setStatus({ state: 'stopped' });
      this.#rejectWaiters(new CodedError(RuntimeErrorCode.Stopped, 'The runtime was stopped.'));
    });
  }

  // -- internals ---------------------------------------------------------------------------

  /** Lifecycle steps never overlap: each waits for the previous one. */
  #serialize(step: () => Promise<void>): Promise<void> {
    const next = this.#lifecycle.then(step, step);
    this.#lifecycle = next.catch(() => undefined);
    return next;
  }

  async #boot(attempt: number): Promise<void> {
    const abort = new AbortController();
    this.#bootAbort = abort;
    this.#setStatus({ state: 'starting', attempt });
    let launched: RuntimeProcess | undefined;
    try {
      const binary = (this.#binary ??= await resolveRuntimeBinary({ ...this.#options.binarySource, env: this.#options.parentEnv ?? process.env }).catch((error: unknown) => {
        throw error instanceof CodedError ? error : new CodedError(RuntimeErrorCode.BinaryMissing, `Could not locate OpenCode: ${String(error)}`);
      }));
      // A cached download is re-hashed before every launch; a modified one is deleted, and the next boot fetches it again.
      await recheckRuntimeBinary(binary).catch((error: unknown) => {
        this.#binary = this.#options.binary;
        throw error;
      });
      const launchConfig = await this.#options.launchConfig();
      const password = randomBytes(24).toString('base64url');
      this.logs.addSecret(password);
      for (const secret of launchConfig.secrets ?? []) this.logs.addSecret(secret);
      await this.#prepareHome();
      const boundary = await this.#boundary.prepare({ binary: binary.path, config: launchConfig.config });
      this.#sandboxStatus = boundary.status;
      this.logs.note(boundary.status.description + (boundary.status.reason ? ` (${boundary.status.reason})` : ''));
      if (boundary.swept.length > 0) this.logs.note(`Removed ${boundary.swept.length} sandbox container(s) left behind by an earlier run.`);
      if (boundary.untrusted.length > 0) this.logs.note(untrustedNote(boundary.untrusted, boundary.covered));
      this.#password = password;
      this.#bootedEnv = JSON.stringify(launchConfig.env ?? {});
      this.#configFile = await writePrivateConfig(path.join(this.#home.root, 'config'), boundary.config, [password, ...knownTo(boundary.config, launchConfig.secrets ?? [])]);
      const env = {
        ...runtimeEnvironment({
          parent: this.#options.parentEnv ?? process.env,
          home: this.#home,
          configFile: this.#configFile.path,
          password,
          extra: launchConfig.env,
          npmRegistry: this.#options.npmRegistry,
        }),
        ...boundary.env,
      };
      const launch = this.#options.launch ?? launchOpencode;
      launched = await launch({
        binary: binary.path,
        env,
        cwd: this.#home.home,
        log: this.logs,
        timeoutMs: this.#options.startTimeoutMs,
        signal: abort.signal,
        ...(boundary.launch ? { sandbox: boundary.launch } : {}),
      });
      await this.#ledger.add({ pid: launched.pid, binary: binary.path, startedAt: this.#now() });
      if (abort.signal.aborted) throw new CodedError(RuntimeErrorCode.StartAborted, 'Starting OpenCode was cancelled.');
      const authorization = `Basic ${Buffer.from(`${RUNTIME_USERNAME}:${password}`).toString('base64')}`;
      const connection: RuntimeConnection = {
        url: launched.url,
        authorization,
        pid: launched.pid,
        client: createOpencodeClient({ baseUrl: launched.url, headers: { authorization }, fetch: fetchRetryingReset }),
      };
      this.#process = launched;
      this.#connection = connection;
      const flowing = this.#watch(launched, connection, abort.signal);
      // Ready means the event stream is live too; a runtime that never greets is still usable.
      if (!(await settlesWithin(flowing, this.#options.eventsTimeoutMs ?? 5000))) {
        this.logs.note('The event stream did not connect in time; continuing without its first event.');
      }
      if (this.#connection !== connection) return; // lost while connecting: recovery is under way
      this.logs.note(`OpenCode ${binary.version} ready at ${launched.url} (pid ${launched.pid}).`);
      this.#setStatus({ state: 'ready', url: launched.url, pid: launched.pid, version: binary.version, since: this.#now(), sandbox: boundary.status });
      for (const waiter of this.#readyWaiters) waiter.resolve(connection);
      this.#readyWaiters.clear();
    } catch (error) {
      if (launched) await launched.stop(this.#options.stopGraceMs);
      await this.#configFile?.remove();
      this.#configFile = undefined;
      const coded = error instanceof CodedError ? error : new CodedError(RuntimeErrorCode.ExitedDuringStart, String(error));
      this.logs.note(`Start failed: ${coded.message}`);
      if (coded.code === RuntimeErrorCode.StartAborted || !this.#wanted) return;
      // A missing or wrong binary, or a sandbox that cannot run here, will not get better by retrying.
      if (coded.code === RuntimeErrorCode.BinaryMissing || coded.code === RuntimeErrorCode.VersionMismatch || coded.code === RuntimeErrorCode.SidecarRefused || coded.code === SandboxErrorCode.Unavailable) {
        this.#fail(coded.code, coded.message);
        return;
      }
      this.#scheduleRecovery(coded.message);
    }
  }

  /**
   * Watches a started process: its exit, its health, and its event stream. Resolves once the
   * first event arrived (OpenCode greets every subscriber), so nothing sent after "ready" is
   * missed by the stream.
   */
  #watch(proc: RuntimeProcess, connection: RuntimeConnection, signal: AbortSignal): Promise<void> {
    let lost = false;
    /** The process is gone or useless: stop handing out its connection, then recover. */
    const loseProcess = (reason: string) => {
      if (lost || signal.aborted || this.#process !== proc) return;
      lost = true;
      this.#connection = undefined;
      this.#scheduleRecovery(reason);
      void this.#serialize(async () => {
        if (this.#process === proc) await this.#teardown();
      });
    };

    void proc.exited.then((info) => {
      if (signal.aborted || this.#process !== proc) return; // an intended stop
      this.logs.note(`OpenCode exited unexpectedly (${describeExit(info)}).`);
      loseProcess(`the runtime exited unexpectedly (${describeExit(info)})`);
    });

    let greeted!: () => void;
    const flowing = new Promise<void>((resolve) => (greeted = resolve));
    // Liveness the health check can lean on: when the stream just delivered an event, the
    // process is alive even if /global/health is slow to answer (a fast answer keeps it busy).
    const activity = new StreamActivity(() => this.#now());
    this.#activity = activity;
    void followEventStream({
      client: connection.client,
      signal,
      onEvent: (event) => {
        greeted();
        activity.saw(event);
        for (const listener of this.#eventListeners) {
          try {
            listener(event);
          } catch (error) {
            this.logs.note(`An event listener failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      },
      onConnection: (state) => {
        if (!state.connected && !signal.aborted) this.logs.note(`Event stream dropped (${state.error ?? 'unknown'}); reconnecting.`);
      },
    });

    const health = this.#options.health ?? {};
    const interval = health.intervalMs ?? 5000;
    const limit = health.failuresBeforeRestart ?? 3;
    const busyLimit = health.busyFailuresBeforeRestart ?? limit * 4;
    let failures = 0;
    let excused = false;
    let lastCpu = treeCpuTicks(proc.pid);
    const timer = setInterval(() => {
      void probeHealth(connection.client, health.timeoutMs ?? 3000, signal).then(async (result) => {
        if (result !== 'ok') await afterPendingIo();
        if (signal.aborted || this.#process !== proc) return;
        if (result === 'ok') {
          failures = 0;
          excused = false;
          return;
        }
        if (result === 'late') {
          this.logs.note('A health check could not be judged: this process was too busy to read the answer in time.');
          return;
        }
        if (activity.within(interval)) {
          // Events arrived since the last probe: busy, not hung. Never kill it for that.
          failures = 0;
          if (!excused) this.logs.note('A health check timed out while events were streaming; the runtime is busy, not hung.');
          excused = true;
          return;
        }
        const cpu = treeCpuTicks(proc.pid);
        const working = activity.busy && cpu !== undefined && lastCpu !== undefined && cpu > lastCpu;
        lastCpu = cpu;
        failures += 1;
        // Answering and using CPU since the last check: starved or saturated, not stuck. Such
        // checks count up to a far higher ceiling, so a runtime spinning forever still ends.
        const allowed = activity.busy ? (working ? busyLimit * WORKING_FACTOR : busyLimit) : limit;
        if (failures < allowed) return;
        this.logs.note(`OpenCode failed ${failures} health checks in a row${activity.busy ? ' while answering' : ''}.`);
        loseProcess('the runtime stopped answering health checks');
      });
    }, interval);
    timer.unref();
    signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    return flowing;
  }

  /** Restart with backoff, unless it has crashed too often lately. */
  #scheduleRecovery(reason: string): void {
    if (!this.#wanted) return;
    const crash = this.#options.crash ?? {};
    const now = this.#now();
    const windowMs = crash.windowMs ?? 60_000;
    this.#crashTimes.push(now);
    while (this.#crashTimes.length > 0 && (this.#crashTimes[0] ?? 0) < now - windowMs) this.#crashTimes.shift();
    const attempt = this.#crashTimes.length;
    const maxRestarts = crash.maxRestarts ?? 5;
    if (attempt > maxRestarts) {
      this.#fail(RuntimeErrorCode.RestartLimit, `OpenCode failed ${attempt} times within ${Math.round(windowMs / 1000)} s; not restarting again. Last problem: ${reason}.`);
      return;
    }
    const delayMs = Math.min(crash.maxDelayMs ?? 10_000, (crash.initialDelayMs ?? 500) * 2 ** (attempt - 1));
    this.#setStatus({ state: 'restarting', reason, attempt, delayMs });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      void this.#serialize(async () => {
        if (this.#wanted && !this.#process) await this.#boot(attempt + 1);
      });
    }, delayMs);
  }

  #fail(code: string, reason: string): void {
    this.#setStatus({ state: 'failed', code, reason });
    this.#rejectWaiters(new CodedError(code, reason));
  }

  #rejectWaiters(error: Error): void {
    for (const waiter of this.#readyWaiters) waiter.reject(error);
    this.#readyWaiters.clear();
  }

  async #teardown(): Promise<void> {
    this.#bootAbort?.abort();
    this.#bootAbort = undefined;
    const proc = this.#process;
    this.#process = undefined;
    this.#connection = undefined;
    if (proc) {
      const info = await proc.stop(this.#options.stopGraceMs);
      this.logs.note(`OpenCode stopped (${describeExit(info)}).`);
      await this.#ledger.remove(proc.pid);
    }
    await this.#configFile?.remove();
    this.#configFile = undefined;
  }

  async #prepareHome(): Promise<void> {
    const home = this.#home;
    for (const dir of [home.root, home.home, home.config, home.data, home.cache, home.state, home.tmp]) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    }
    await installShellEnvGuard(home.config);
    // In-process tools stay out of the whole app data folder (settings, sealed credentials and
    // their key, the runtime's config and database) but for what the work needs.
    await installToolGuard(home.config, {
      privateRoots: [this.#options.dataDir],
      allowed: [home.home, home.tmp, path.join(home.data, 'opencode', 'tool-output'), ...(this.#options.sandbox?.writable ?? [])],
      redactionsFile: path.join(home.root, 'config', REDACTIONS_FILE),
    });
  }

  #setStatus(status: RuntimeStatus): void {
    this.#status = status;
    for (const listener of this.#statusListeners) {
      try {
        listener(status);
      } catch (error) {
        this.logs.note(`A status listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}

/** One log line about the configuration of untrusted folders this boot keeps out. */
function untrustedNote(untrusted: readonly FolderConfig[], covered: boolean): string {
  const entries = untrusted.flatMap((found) => [...found.folders, ...found.files]).join(', ');
  return covered
    ? `Covered OpenCode configuration of folders that are not trusted, so OpenCode cannot load it: ${entries}.`
    : `OpenCode configuration of folders that are not trusted is around the workspaces (${entries}); without a sandbox nothing can keep it out, so calls in those folders are refused.`;
}

/**
 * The secrets that appear in OpenCode's config: only those can leak through its tools. Others
 * (a remote server's real token, which stays in the host's proxy) are not written to disk.
 */
function knownTo(config: unknown, secrets: readonly string[]): string[] {
  const text = JSON.stringify(config);
  return secrets.filter((secret) => secret !== '' && text.includes(JSON.stringify(secret).slice(1, -1)));
}

async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What one `/global/health` through the SDK showed: `ok` when it answered healthy within
 * `timeoutMs` (or the watch was stopped), `failed` when it did not, and `late` when the check
 * took far longer than its own timeout: then this process's event loop was too busy to see the
 * answer (e.g. while it handles tens of thousands of streamed words), which says nothing
 * about OpenCode.
 */
async function probeHealth(client: OpencodeClient, timeoutMs: number, signal: AbortSignal): Promise<'ok' | 'failed' | 'late'> {
  if (signal.aborted) return 'ok';
  const started = performance.now();
  try {
    const result = await client.global.health({ signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
    if (result.response?.ok === true && result.data?.healthy === true) return 'ok';
  } catch {
    if (signal.aborted) return 'ok';
  }
  return performance.now() - started > timeoutMs * 1.5 + 250 ? 'late' : 'failed';
}

/** Resolves after I/O already waiting has been handled (events that arrived while this process was busy). */
const afterPendingIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** How many more failed checks a runtime that is answering and using CPU may have (see #watch). */
const WORKING_FACTOR = 5;

/** When the event stream last delivered, and which sessions it last reported busy. */
class StreamActivity {
  readonly #now: () => number;
  readonly #busy = new Set<string>();
  #lastAt = Number.NEGATIVE_INFINITY;

  constructor(now: () => number) {
    this.#now = now;
  }

  get busy(): boolean {
    return this.#busy.size > 0;
  }

  expect(sessionId: string): void {
    this.#busy.add(sessionId);
  }

  within(ms: number): boolean {
    return this.#now() - this.#lastAt <= ms;
  }

  saw(raw: unknown): void {
    this.#lastAt = this.#now();
    const event = unwrapRawEvent(raw)?.event;
    if (event?.type === 'session.status') {
      if (event.properties.status.type === 'idle') this.#busy.delete(event.properties.sessionID);
      else this.#busy.add(event.properties.sessionID);
    } else if (event?.type === 'session.idle') {
      this.#busy.delete(event.properties.sessionID);
    }
  }
}
