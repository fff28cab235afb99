// The host's composition root: one data dir, one runtime, the stores, every service's
// handlers and the event bus. Apps (the CLI, the desktop) create one Host, serve
// `handlers` and `events` over their transport, and start it.
import { homedir } from 'node:os';
import path from 'node:path';
import type { LoadResult } from '@open-cowork/config';
import type { HostMethodName, HostParams, HostResult } from '@open-cowork/contracts';
import type { SupervisorOptions } from '@open-cowork/runtime';
import { HostDispatcher, inProcess, type Caller } from './dispatch/index.js';
import { HostEventBus } from './event-bus.js';
import { RecentLogs, type Logger } from './log/index.js';
import { appPaths, type AppPaths } from './ports/app-paths.js';
import type { BrowserOpener } from './ports/browser-opener.js';
import { systemClock, type Clock } from './ports/clock.js';
import { KeyFileCipher } from './ports/key-file-cipher.js';
import type { SecretCipher } from './ports/secret-cipher.js';
import { HostMcps } from './mcps/host-mcps.js';
import { CatalogLaunchModels } from './providers/catalogs/index.js';
import { Observability, type ObservabilityHostOptions } from './diagnostics/index.js';
import { GoogleSignIn, plaintextSecretsAllowed, type GoogleEndpoints, type GoogleTokenSource } from './identity/index.js';
import type { LookupAll } from './network/index.js';
import { HostRuntime } from './runtime/host-runtime.js';
import { LiveConfig } from './user-config/live-config.js';
import { registerAgents } from './agents/register.js';
import { agentRoster } from './agents/roster.js';
import { previewCustomAgent } from './agents/service.js';
import { CustomAgentStore } from './agents/store.js';
import { registerApp } from './app/register.js';
import { registerDiagnostics } from './diagnostics/register.js';
import { registerHealth } from './health/register.js';
import { autoApprove, type ApprovalPolicy } from './sessions/approvals.js';
import { HostJobs, type HostJobsOptions } from './jobs/service.js';
import { registerJobs } from './jobs/register.js';
import { jobsWebhookFromEnv } from './jobs/webhook.js';
import { registerMcps } from './mcps/register.js';
import { EventBridge } from './sessions/event-bridge.js';
import { InterruptedTurns } from './sessions/interruptions.js';
import { configuredModels } from './settings/models.js';
import { registerProviders } from './providers/register.js';
import { opencodeSignIns } from './providers/signins.js';
import { registerRuntime } from './runtime/register.js';
import { registerRunner } from './runner/register.js';
import { RuntimeWarmUp } from './runtime/warm-up.js';
import { SessionIndex } from './workspaces/session-index.js';
import { registerSessions } from './sessions/register.js';
import { registerArtifacts } from './artifacts/register.js';
import { registerIdentity } from './identity/register.js';
import { registerSettings } from './settings/register.js';
import { runtimeSettingsSource } from './settings/service.js';
import { WorkspaceLookup } from './workspaces/lookup.js';
import { registerWorkspaces } from './workspaces/register.js';
import { secrecyFromConfig } from './settings/credentials.js';
import { lockDataDir, type DataDirLock } from './state/data-dir-lock.js';
import type { StateProblem } from './state/problems.js';
import { SettingsStore } from './settings/store.js';
import { UpdateService, type UpdateServiceOptions } from './updates/index.js';
import { registerUpdates } from './updates/register.js';
import { registerTelemetry } from './telemetry/register.js';
import { onlyTelemetryChanged, registerTelemetrySwitch } from './telemetry/switch.js';
import { registerWorkflows, WorkflowsClient } from './workflows/index.js';
import { WorkspaceRegistry } from './workspaces/store.js';
import { TrustQuestion } from './workspaces/trust.js';
import { WorkspaceTrustStore } from './workspaces/trust-store.js';

export interface HostOptions {
  /** A successful config load (its `config` set). */
  readonly load: LoadResult;
  /**
   * Loads every layer again, the way `load` was made. Given, the user's config file is
   * watched and an edit applies while the host runs (providers and the runtime's config).
   */
  readonly reloadConfig?: () => LoadResult;
  /** Folder holding the bundled `mcps/` and skills (the repo, or the app's resources). */
  readonly appRoot: string;
  /** The app data dir: settings, workspaces, the runtime's home. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** The environment the runtime's allowlist draws from. Default: this process's. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Seals stored secrets. Default: a key file in the data dir (`appPaths(dataDir).keyFile`). */
  readonly cipher?: SecretCipher;
  /** "auto" allows every permission request once; default "manual". */
  readonly approval?: ApprovalPolicy;
  /** Registry for the runtime's background plugin install. */
  readonly npmRegistry?: string;
  /** Extra supervisor options (tests tune timeouts and the restart debounce). */
  readonly supervisor?: Partial<SupervisorOptions>;
  readonly clock?: Clock;
  /** Opens OAuth pages (providers.*). */
  readonly browser?: BrowserOpener;
  /** Name resolution for remote MCP servers (tests map names to loopback); default: the system's. */
  readonly lookup?: LookupAll;
  /** The app version app.info reports; default: this package's. */
  readonly version?: string;
  /** The user's home folder, shown as `~` in diagnostics. Default: this process's. */
  readonly homeDir?: string;
  /**
   * Whether this is a packaged (release) build. Only an unpackaged build (`false`) honours
   * OPEN_COWORK_ALLOW_PLAINTEXT_SECRETS=1 when the cipher cannot seal; unset counts as packaged.
   */
  readonly packaged?: boolean;
  /** Google sign-in endpoints and timing (tests point them at a local server). */
  readonly google?: { readonly endpoints?: Partial<GoogleEndpoints>; readonly timeoutMs?: number };
  /** In-app updates: the app's build facts and UpdateDriver (none: manual only), the Google sign-in, test seams. */
  readonly updates?: Pick<UpdateServiceOptions, 'build' | 'driver' | 'googleTokens' | 'network' | 'githubApiBase' | 'gcsBaseUrl'>;
  /** Dynamic catalogs' and telemetry forwarding's network seams (a test CA), and telemetry's off switch. */
  readonly observability?: ObservabilityHostOptions;
  /** Check every result against the contract too (tests). */
  readonly checkResults?: boolean;
  /** Isolated session jobs' limits and sandbox choice (tests shorten them). */
  readonly jobs?: HostJobsOptions['manager'];
}

export class Host {
  /** Every contract method, for the transports (HTTP, IPC) and in-process callers. */
  readonly dispatcher: HostDispatcher;
  /** Every host event, for the SSE hub or the desktop's IPC bridge. */
  readonly events = new HostEventBus();
  readonly workspaces: WorkspaceRegistry;
  /** Warms the newest workspaces' OpenCode instances whenever a runtime process is ready. */
  readonly warmUp: RuntimeWarmUp;
  /** The user's workspace-trust answers: only trusted folders' OpenCode configuration loads. */
  readonly trust: WorkspaceTrustStore;
  readonly settings: SettingsStore;
  /** The user's saved agents (`<data>/agents.json`). */
  readonly customAgents: CustomAgentStore;
  readonly runtime: HostRuntime;
  /** Custom MCP servers, the remote-MCP proxy and the agents server's bridge. */
  readonly mcps: HostMcps;
  readonly paths: AppPaths;
  readonly approval: ApprovalPolicy;
  readonly browser: BrowserOpener | undefined;
  /** The last log lines of this run (host, HTTP, runtime, MCP), redacted, for app.diagnostics. */
  readonly recentLogs: RecentLogs;
  /** The app's Google sign-in (config auth.mode "google-oauth"). */
  readonly identity: GoogleSignIn;
  /** Access tokens of the signed-in Google user, for host parts that call Google APIs. */
  readonly googleTokens: GoogleTokenSource;
  /** In-app updates (updates.*): the feed check, and download/install through the app's driver. */
  readonly updates: UpdateService;
  /** Dynamic model catalogs, telemetry, and the sanitizer the diagnostics export uses. */
  readonly observability: Observability;
  /** Isolated session jobs (jobs.*): OpenCode servers in sandboxes of their own under `<data>/jobs`. */
  readonly jobs: HostJobs;
  /** The effective config kept current with the user's config file. */
  readonly userConfig: LiveConfig;
  /** The Workflows page's client to the bundled workflows MCP server (workflows.*). */
  readonly workflows: WorkflowsClient;
  readonly #logger: Logger;
  readonly #lookup: WorkspaceLookup;
  readonly #catalogModels: CatalogLaunchModels;
  readonly #disposers: Array<() => void> = [];
  readonly #lock: DataDirLock;
  #stopping: Promise<void> | undefined;

  /**
   * Takes the data dir (one host per data dir: HOST_DATA_DIR_LOCKED when another process has
   * it) and builds the host; nothing else starts until `start()`. `stop()` gives the dir back.
   */
  static async create(options: HostOptions): Promise<Host> {
    const lock = await lockDataDir(options.dataDir, {
      onCompromised: (error) => options.logger.error(`the data dir lock was lost: ${error.message}`),
    });
    try {
      return new Host(options, lock);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  private constructor(options: HostOptions, lock: DataDirLock) {
    this.#lock = lock;
    const config = options.load.config;
    if (config === undefined) throw new Error('The host needs a loaded config; this load failed closed.');
    const logger = options.logger.for('host');
    const clock = options.clock ?? systemClock;
    const report = (problem: StateProblem) => logger.warn(problem.message, { kind: problem.kind });
    this.#logger = logger;
    this.dispatcher = new HostDispatcher({ logger, ...(options.checkResults === true ? { checkResults: true } : {}) });
    this.paths = appPaths(options.dataDir);
    this.approval = options.approval ?? 'manual';
    this.browser = options.browser;
    this.workspaces = new WorkspaceRegistry({ file: this.paths.workspacesFile, clock, report });
    this.trust = new WorkspaceTrustStore({ file: this.paths.trustFile, clock, report });
    const cipher = options.cipher ?? new KeyFileCipher(this.paths.keyFile);
    this.settings = new SettingsStore({
      file: this.paths.settingsFile,
      cipher,
      ceilings: config.permissions ?? {},
      isSecret: secrecyFromConfig(config),
      clock,
      report,
    });
    this.customAgents = new CustomAgentStore({
      file: path.join(this.paths.dataDir, 'agents.json'),
      clock,
      report: (problem) => logger.warn(problem.message, { file: problem.file }),
    });
    this.mcps = new HostMcps({
      load: options.load,
      appRoot: options.appRoot,
      paths: this.paths,
      cipher,
      clock,
      logger: options.logger,
      ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
      agents: {
        list: async () => (await this.call('agents.list', {}, inProcess('agents-bridge'))).agents,
        preview: async (agent) => ({
          agent: await previewCustomAgent(await this.mcps.catalog.effectiveConfig(), await this.customAgents.list(), agent),
          warnings: [],
        }),
        save: (agent) => this.call('agents.save', { agent }, inProcess('agents-bridge')),
      },
    });
    // The sandbox: the config's fixed one (an administrator's), else the owner's explicit
    // choice (the CLI's --sandbox), else the user's setting, read at every boot.
    const lockedSandbox = config.permissions?.sandbox;
    const explicitSandbox = options.supervisor?.sandbox?.backend;
    if (lockedSandbox !== undefined && explicitSandbox !== undefined && explicitSandbox !== lockedSandbox) {
      logger.warn(`the app configuration fixes the sandbox to "${lockedSandbox}"; the sandbox asked for at start is not used`, { sandbox: lockedSandbox });
    }
    this.userConfig = new LiveConfig({ initial: options.load, logger, ...(options.reloadConfig === undefined ? {} : { reload: options.reloadConfig }) });
    this.#disposers.push(() => this.userConfig.dispose());
    this.runtime = new HostRuntime({
      load: options.load,
      currentLoad: () => this.userConfig.load,
      appRoot: options.appRoot,
      dataDir: this.paths.dataDir,
      settings: runtimeSettingsSource(this.settings, (error) => logger.warn(`could not compare settings: ${(error as Error).message}`)),
      logger: options.logger,
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(options.npmRegistry !== undefined ? { npmRegistry: options.npmRegistry } : {}),
      supervisor: {
        ...options.supervisor,
        // The runtime's sandbox shows it the registered workspaces, the app's own files, and
        // the bundled MCP servers' data folders; nothing else of the data dir.
        sandbox: {
          workspaces: async () => (await this.workspaces.list()).map((workspace) => workspace.path),
          trustedFolders: async () => (await this.trust.trusted()).map((answer) => answer.path),
          readOnly: [options.appRoot],
          writable: [this.paths.artifactsDir, this.paths.knowledgeDir, this.paths.customSkillsDir, this.paths.workflowsDir],
          ...options.supervisor?.sandbox,
          backend: lockedSandbox ?? explicitSandbox ?? (async () => (await this.settings.get()).sandbox),
        },
      },
      customAgents: () => this.customAgents.list(),
      launchExtras: async () => ({ ...(await this.mcps.launchExtras()), catalogModels: await this.#catalogModels.forLaunch() }),
      finishLaunch: (launch) => {
        this.#catalogModels.noteLaunched(launch.config);
        return this.mcps.finishLaunch(launch);
      },
    });

    // Every record of this run's logger, redacted with the runtime's redactor (it knows the
    // per-boot password and the configured keys) and with the home folder shown as `~`.
    const homeDir = options.homeDir ?? homedir();
    this.recentLogs = new RecentLogs({ redact: (text) => this.runtime.supervisor.logs.redact(text), homeDir });
    this.#disposers.push(options.logger.tap(this.recentLogs.sink));
    let opencodeVersion: string | undefined;
    this.#disposers.push(
      this.runtime.supervisor.onStatus((status) => {
        if (status.state === 'ready') opencodeVersion = status.version;
      }),
    );

    const index = new SessionIndex();
    const lookup = new WorkspaceLookup(this.workspaces, { clock });
    this.#lookup = lookup;
    const interruptions = new InterruptedTurns({ file: path.join(this.paths.dataDir, 'interrupted-turns.json'), clock, report: (message) => logger.warn(message) });
    const bridge = new EventBridge({
      interruptions,
      events: this.runtime.events,
      onStatus: (listener) => this.runtime.supervisor.onStatus(listener),
      sink: this.events,
      workspaces: lookup,
      index,
      logger,
    });
    this.#disposers.push(() => bridge.dispose());
    if (this.approval === 'auto') {
      this.#disposers.push(autoApprove({ events: this.events, runtime: this.runtime, workspaces: this.workspaces, logger }));
    }

    const summaryModel = async () => {
      const models = configuredModels(config, await this.settings.get());
      return models.smallModel ?? models.model;
    };
    this.observability = new Observability({
      ...options.observability,
      config,
      load: options.load,
      dataDir: this.paths.dataDir,
      homeDir,
      logger: options.logger,
      clock,
      ...(options.version !== undefined ? { version: options.version } : {}),
      settings: this.settings,
      customMcps: () => this.mcps.store.openAll(),
      redact: (text) => this.runtime.supervisor.logs.redact(text),
      onRuntimeStatus: (listener) => this.runtime.supervisor.onStatus(listener),
      defaultModel: async () => configuredModels(config, await this.settings.get()).model,
    });
    this.#disposers.push(() => void this.observability.stop());
    this.warmUp = new RuntimeWarmUp({
      onStatus: (listener) => this.runtime.supervisor.onStatus(listener),
      connection: () => this.runtime.supervisor.connection(),
      workspaces: async () => (await this.workspaces.list()).map((workspace) => workspace.path),
      model: async () => configuredModels(config, await this.settings.get()).model,
      logger,
    });
    this.#disposers.push(() => this.warmUp.dispose());
    this.#catalogModels = new CatalogLaunchModels(this.observability.catalogs, (reason) => this.runtime.requestRestart(reason));
    this.#disposers.push(() => this.#catalogModels.dispose());
    const services = { runtime: this.runtime, workspaces: this.workspaces, index };
    const requestRestart = (reason: string) => this.runtime.requestRestart(reason);
    this.identity = new GoogleSignIn({
      auth: config.auth,
      brand: config.branding.name,
      sessionFile: path.join(this.paths.dataDir, 'google', 'sign-in.json'),
      credentialsFile: this.paths.googleCredentialsFile,
      cipher,
      allowPlaintext: plaintextSecretsAllowed({ packaged: options.packaged, env: options.env ?? process.env }),
      ...(options.browser !== undefined ? { browser: options.browser } : {}),
      logger,
      clock,
      ...(options.google?.endpoints !== undefined ? { endpoints: options.google.endpoints } : {}),
      ...(options.google?.timeoutMs !== undefined ? { timeoutMs: options.google.timeoutMs } : {}),
      onChange: (status) => this.events.publish('auth.changed', status),
      requestRestart,
    });
    this.googleTokens = this.identity;
    this.#disposers.push(() => this.identity.dispose());
    // Catalog calls (providers, MCP status) answer the same in any workspace's folder; before
    // there is one, the data dir stands in.
    const directory = () => lookup.any()?.path ?? this.paths.dataDir;
    const catalogRuntime = () => this.runtime;
    this.updates = new UpdateService({
      updates: config.updates,
      placeholders: options.load.placeholders,
      ...(options.version !== undefined ? { version: options.version } : {}),
      ...(options.lookup !== undefined ? { network: { lookup: options.lookup } } : {}),
      googleTokens: this.identity,
      ...options.updates,
      events: this.events,
      logger,
    });
    const jobsWebhook = jobsWebhookFromEnv(options.env ?? {});
    this.jobs = new HostJobs({
      dataDir: this.paths.dataDir,
      launch: () => this.runtime.buildLaunch(),
      events: this.events,
      logger,
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(options.npmRegistry !== undefined ? { npmRegistry: options.npmRegistry } : {}),
      ...(jobsWebhook !== undefined ? { webhook: jobsWebhook } : {}),
      // Session servers run the same runtime binary the host's own runtime resolves (bundled, a verified download, or a named path).
      manager: { ...(options.supervisor?.binarySource !== undefined ? { binarySource: options.supervisor.binarySource } : {}), ...options.jobs },
    });
    const dispatcher = this.dispatcher;
    registerUpdates(dispatcher, this.updates);
    registerJobs(dispatcher, this.jobs);
    this.workflows = new WorkflowsClient({
      logger,
      endpoint: async () => {
        // The bundled package, whatever name a downstream config gives its server.
        const server = (this.userConfig.config.mcps ?? []).find((candidate) => candidate.packageName === 'workflows');
        if (server === undefined) return undefined;
        return (await this.mcps.endpointOf(await this.runtime.buildLaunch(), server.name))?.endpoint;
      },
    });
    registerWorkflows(dispatcher, this.workflows);
    registerApp(dispatcher, { load: options.load, logger, ...(options.version !== undefined ? { version: options.version } : {}) });
    registerRuntime(dispatcher, { runtime: this.runtime, logger });
    registerRunner(dispatcher, { dataDir: this.paths.dataDir });
    const unsandboxed = async () => (await this.runtime.supervisor.sandbox().catch(() => undefined))?.backend === 'none';
    registerWorkspaces(dispatcher, {
      registry: this.workspaces,
      lookup,
      index,
      trust: { store: this.trust, question: new TrustQuestion({ store: this.trust, unsandboxed }), changed: () => requestRestart('workspace trust changed') },
    });
    registerSessions(dispatcher, {
      ...services,
      whenReady: (signal) => this.runtime.supervisor.whenReady(signal),
      reloaded: () => this.runtime.supervisor.reloaded(),
      summaryModel,
      interruptions,
      disabledTools: (workspaceId) => this.mcps.disabledTools(workspaceId),
      agentMode: async (name) => agentRoster(await this.mcps.catalog.effectiveConfig(), await this.customAgents.list()).find((entry) => entry.view.name === name)?.view.mode,
    });
    registerArtifacts(dispatcher, { ...services, artifactsDir: this.paths.artifactsDir });
    registerSettings(dispatcher, this.settings);
    this.#disposers.push(
      this.userConfig.onChange((outcome, changed, previous) => {
        this.events.publish('config.changed', { applied: outcome.applied, problems: outcome.problems.map((problem) => ({ ...problem })) });
        const next = this.userConfig.config;
        this.observability.telemetry.setCollect(next.telemetry?.collect !== false);
        // The runtime does not read the telemetry section: a change of the switch alone needs no restart.
        if (changed && !onlyTelemetryChanged(previous, next)) requestRestart('the user config file changed');
      }),
    );
    registerProviders(dispatcher, {
      config,
      userConfig: this.userConfig,
      settings: this.settings,
      runtime: catalogRuntime,
      directory,
      signIns: opencodeSignIns(this.paths.dataDir),
      logger,
      requestRestart,
      catalogs: this.observability.catalogs,
    });
    registerAgents(dispatcher, { config, customAgents: this.customAgents, logger, requestRestart, effectiveConfig: () => this.mcps.catalog.effectiveConfig() });
    registerMcps(dispatcher, {
      mcps: {
        config,
        catalog: this.mcps.catalog,
        store: this.mcps.store,
        workspaces: this.workspaces,
        settings: this.settings,
        endpointOf: async (name) => this.mcps.endpointOf(await this.runtime.buildLaunch(), name),
        guardedFetch: (allowPrivateNetwork) => this.mcps.guardedFetch(allowPrivateNetwork),
        info: async (name) => {
          const found = (await this.call('capabilities.list', {}, inProcess('mcps.info'))).mcps.find((mcp) => mcp.name === name);
          if (found === undefined) throw new Error(`MCP server "${name}" is missing from capabilities.list`);
          return found;
        },
        requestRestart,
        logger,
      },
      capabilities: {
        mcps: this.mcps.catalog,
        customMcps: this.mcps.store,
        credentials: () => this.settings.credentials(),
        customAgents: this.customAgents,
        runtime: catalogRuntime,
        directory,
        logger,
      },
    });
    registerIdentity(dispatcher, this.identity);
    registerDiagnostics(dispatcher, {
      ...(options.version !== undefined ? { version: options.version } : {}),
      runtimeStatus: () => this.runtime.status,
      opencodeVersion: () => opencodeVersion,
      logs: this.recentLogs,
      dataDir: this.paths.dataDir,
      homeDir,
      telemetry: () => this.observability.telemetry.status(),
      observability: this.observability,
      exportSources: {
        diagnostics: () => this.call('app.diagnostics', {}, inProcess('diagnostics-export')),
        logs: this.recentLogs,
        providers: async () => (await this.call('providers.list', {}, inProcess('diagnostics-export'))).providers,
        mcps: async () => (await this.call('capabilities.list', {}, inProcess('diagnostics-export'))).mcps,
      },
    });
    registerHealth(dispatcher, {
      load: options.load,
      runtimeStatus: () => this.runtime.status,
      providers: async () => (await this.call('providers.list', {}, inProcess('health'))).providers,
      capabilities: () => this.call('capabilities.list', {}, inProcess('health')),
      agents: async () => (await this.call('agents.list', {}, inProcess('health'))).agents,
      clean: (text) => this.recentLogs.clean(text),
    });
    registerTelemetrySwitch(dispatcher, {
      telemetry: this.observability.telemetry,
      load: () => this.userConfig.load,
      userFile: () => this.userConfig.userFile,
      reload: () => this.userConfig.reload(),
      logger,
      homeDir,
    });
    dispatcher.assertComplete();
    // Telemetry sees every call (after it: ids, models, names and error codes only).
    this.#disposers.push(registerTelemetry(dispatcher, this.observability.telemetry, { defaultModel: this.observability.defaultModel }));
    this.#disposers.push(dispatcher.use(this.observability.secretsHooks()));
  }

  /**
   * A secret this host's face holds (the HTTP API token): blanked out of every log line kept
   * for diagnostics and of the diagnostics export, like the runtime's own secrets.
   */
  addSecret(value: string): void {
    this.runtime.supervisor.logs.addSecret(value);
  }

  /** Calls a contract method from this process, through the same pipeline as the transports. */
  call<M extends HostMethodName>(method: M, params: HostParams<M>, caller: Caller = inProcess('host')): Promise<HostResult<M>> {
    return this.dispatcher.call(method, params, caller);
  }

  /**
   * Starts the runtime; resolves once it is ready, rejects when it cannot start (the host
   * itself stays usable: methods that need the runtime answer RUNTIME_NOT_READY meanwhile,
   * and runtime.restart tries again).
   */
  async start(): Promise<void> {
    if (this.#stopping !== undefined) throw new Error('This host was stopped; create a new one.');
    this.#logger.info('starting the runtime', { approval: this.approval });
    await this.#lookup.refresh();
    await this.identity.restore();
    await this.mcps.start();
    // Jobs an earlier host left are recovered (and notified) whether or not the runtime starts.
    await this.jobs.start();
    this.userConfig.watch();
    await this.runtime.start();
  }

  /** Stops the runtime and every subscription. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      try {
        await this.runtime.stop();
        await this.mcps.stop();
        await this.jobs.stop();
        await this.workflows.close();
      } finally {
        for (const dispose of this.#disposers.splice(0)) dispose();
        await this.#lock.release();
      }
    })();
    return this.#stopping;
  }
}
