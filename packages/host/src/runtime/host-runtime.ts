// The host's one OpenCode runtime: built from the effective config and the user's settings,
// restarted (debounced) when those settings or credentials change, its output and status
// fed into the host's log, and its events normalized once for every consumer.
import type { Agent, LoadResult } from '@open-cowork/config';
import {
  appLaunchConfig,
  type AppLaunchConfig,
  type AppLaunchInput,
  normalizeRawEvents,
  RuntimeSessions,
  RuntimeSupervisor,
  type RuntimeConnection,
  type RuntimeEventSource,
  type RuntimeSettings,
  type RuntimeStatus,
  type SupervisorOptions,
} from '@open-cowork/runtime';
import type { Logger } from '../log/index.js';
import { RestartWhenIdle } from './restart-when-idle.js';

/** Where the runtime's user settings come from (the settings store). */
export interface RuntimeSettingsSource {
  runtimeSettings(): Promise<RuntimeSettings>;
  /** Fires after settings or credentials changed; returns the disposer. */
  onChange(listener: (what: string) => void): () => void;
}

export interface HostRuntimeOptions {
  readonly load: LoadResult;
  /** The config as it is now (the user's file may have changed since start); default `load`. */
  readonly currentLoad?: () => LoadResult;
  /** Folder holding the bundled `mcps/` (the repo, or the app's resources). */
  readonly appRoot: string;
  readonly dataDir: string;
  readonly settings: RuntimeSettingsSource;
  readonly logger: Logger;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly npmRegistry?: string;
  /** Extra supervisor options (tests tune timeouts). */
  readonly supervisor?: Partial<SupervisorOptions>;
  /** The user's saved agents, read at every boot (the custom-agent store). */
  readonly customAgents?: () => Promise<readonly Agent[]>;
  /**
   * What else the host adds at every boot: its custom MCP servers, the bundled servers'
   * environment, extra skill folders, the Google credentials file while signed in.
   */
  readonly launchExtras?: () => Promise<LaunchExtras>;
  /**
   * Last step before a boot uses the built config (the host routes remote MCP servers
   * through its guarded proxy here). Not applied by `buildLaunch()`.
   */
  readonly finishLaunch?: (launch: AppLaunchConfig) => Promise<AppLaunchConfig> | AppLaunchConfig;
}

export type LaunchExtras = Pick<AppLaunchInput, 'customMcps' | 'mcpEnvironment' | 'extraSkillPaths' | 'googleCredentials' | 'nodePath' | 'catalogModels'>;

export class HostRuntime {
  readonly supervisor: RuntimeSupervisor;
  readonly sessions: RuntimeSessions;
  /** Normalized runtime events from every workspace. */
  readonly events: RuntimeEventSource;
  readonly #disposers: Array<() => void> = [];
  readonly #logger: Logger;
  readonly #options: HostRuntimeOptions;
  readonly #reloads: RestartWhenIdle;

  constructor(options: HostRuntimeOptions) {
    this.#logger = options.logger;
    this.#options = options;
    const log = options.logger.for('runtime');
    this.supervisor = new RuntimeSupervisor({
      dataDir: options.dataDir,
      parentEnv: options.env ?? process.env,
      ...(options.npmRegistry ? { npmRegistry: options.npmRegistry } : {}),
      launchConfig: async () => {
        const launch = await this.buildLaunch();
        for (const warning of launch.warnings) log.debug(warning.message, { code: warning.code, ...(warning.pointer ? { pointer: warning.pointer } : {}) });
        return options.finishLaunch === undefined ? launch : options.finishLaunch(launch);
      },
      ...options.supervisor,
    });
    const feed = normalizeRawEvents((listener) => this.supervisor.onEvent(listener));
    this.events = feed.events;
    this.#reloads = new RestartWhenIdle({
      events: this.events,
      onStatus: (listener) => this.supervisor.onStatus(listener),
      restart: (reason) => this.supervisor.requestReload(reason),
      onDeferred: (reason, busy) => log.info(`reload waits for ${busy} running answer${busy === 1 ? '' : 's'}`, { reason }),
    });
    // A workspace added while the runtime runs becomes visible in its sandbox at its first use.
    this.sessions = new RuntimeSessions(() => this.supervisor.connection().client, {
      beforeCall: (directory) => this.supervisor.prepareFor(directory),
      afterPrompt: (sessionId) => this.supervisor.expectBusy(sessionId),
    });
    this.#disposers.push(
      feed.dispose,
      this.supervisor.logs.onLine((line) => forwardRuntimeLine(options.logger, line.stream, line.text)),
      this.supervisor.onStatus((status) => {
        if (status.state === 'starting') feed.normalizer.reset(); // a new process: forget what the old one said
        this.#logStatus(status);
      }),
      options.settings.onChange((what) => this.requestRestart(`${what} changed`)),
      () => this.#reloads.dispose(),
    );
  }

  /**
   * Reloads the runtime to pick up changed settings, agents or MCP servers, once no answer
   * is running (see RestartWhenIdle).
   */
  requestRestart(reason: string): void {
    this.#reloads.request(reason);
  }

  /**
   * The launch config a boot would use now, from the current settings and stores (before
   * `finishLaunch`): what connection tests start a saved MCP server from.
   */
  async buildLaunch(): Promise<AppLaunchConfig> {
    const options = this.#options;
    const [customAgents, extras, settings] = await Promise.all([options.customAgents?.(), options.launchExtras?.(), options.settings.runtimeSettings()]);
    return appLaunchConfig({
      load: options.currentLoad?.() ?? options.load,
      settings,
      appRoot: options.appRoot,
      ...(customAgents !== undefined ? { customAgents } : {}),
      ...extras,
    });
  }

  get status(): RuntimeStatus {
    return this.supervisor.status;
  }

  start(): Promise<RuntimeConnection> {
    return this.supervisor.start();
  }

  restart(reason: string): Promise<RuntimeConnection> {
    return this.supervisor.restart(reason);
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
    for (const dispose of this.#disposers.splice(0)) dispose();
  }

  #logStatus(status: RuntimeStatus): void {
    const log = this.#logger.for('host');
    switch (status.state) {
      case 'ready':
        log.info('runtime ready', { url: status.url, pid: status.pid, version: status.version });
        return;
      case 'restarting':
        log.warn('runtime restarting', { reason: status.reason, attempt: status.attempt, delayMs: status.delayMs });
        return;
      case 'failed':
        log.error('runtime failed', { code: status.code, reason: status.reason });
        return;
      default:
        log.debug(`runtime ${status.state}`);
    }
  }
}

/**
 * One runtime output line into the host's log. OpenCode prints its own log lines as logfmt
 * (`level=WARN … message="…" key=<server> type=local`); their level is kept, and lines about
 * an MCP server are labelled as such.
 */
export function forwardRuntimeLine(logger: Logger, stream: 'stdout' | 'stderr' | 'supervisor', text: string): void {
  const level = /\blevel=(DEBUG|INFO|WARN|ERROR)\b/.exec(text)?.[1];
  const mcp = /\bkey=\S+ type=(local|remote)\b/.test(text);
  const target = logger.for(mcp ? 'mcp' : 'runtime');
  const severity = level === 'ERROR' ? 'error' : level === 'WARN' ? 'warn' : level === 'DEBUG' ? 'debug' : 'info';
  target.log(severity, text, { stream });
}

