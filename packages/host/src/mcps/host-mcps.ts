// The host's MCP machinery in one place: the custom MCP store, the combined catalog, the
// guarded proxy remote servers are reached through, and the agents server's bridge. The
// composition root (host.ts) wires its hooks into the runtime and the services.
import type { LoadResult, McpServer } from '@open-cowork/config';
import { bundledResources, mcpToolPrefix, type AppLaunchConfig } from '@open-cowork/runtime';
import type { Logger } from '../log/index.js';
import type { AppPaths } from '../ports/app-paths.js';
import type { Clock } from '../ports/clock.js';
import type { SecretCipher } from '../ports/secret-cipher.js';
import type { LaunchExtras } from '../runtime/host-runtime.js';
import { createGuardedFetch, RemoteMcpProxy, type GuardedFetch, type LookupAll } from '../network/index.js';
import { CustomMcpStore } from './store.js';
import { AgentBridge, type AgentBridgeDeps } from './agent-bridge.js';
import { McpCatalog } from './catalog.js';
import { bundledMcpEnvironment, routeRemoteMcps } from './launch-wiring.js';
import type { McpEndpoint } from './tester.js';
import { existsSync } from 'node:fs';

export interface HostMcpsOptions {
  readonly load: LoadResult;
  readonly appRoot: string;
  readonly paths: AppPaths;
  readonly cipher: SecretCipher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The agents the bridge previews and saves (the agents service). */
  readonly agents: Omit<AgentBridgeDeps, 'logger'>;
  /** Name resolution for the proxy and the tester (tests inject one; default: the system's). */
  readonly lookup?: LookupAll;
}

export class HostMcps {
  readonly store: CustomMcpStore;
  readonly catalog: McpCatalog;
  readonly proxy: RemoteMcpProxy;
  readonly bridge: AgentBridge;
  readonly #options: HostMcpsOptions;
  readonly #routed = new Set<string>();

  constructor(options: HostMcpsOptions) {
    const config = options.load.config;
    if (config === undefined) throw new Error('HostMcps needs a loaded config.');
    this.#options = options;
    const log = options.logger.for('host');
    this.store = new CustomMcpStore({ file: options.paths.customMcpsFile, cipher: options.cipher, clock: options.clock, report: (message) => log.warn(message) });
    this.catalog = new McpCatalog({ config, custom: this.store });
    this.proxy = new RemoteMcpProxy(options.lookup === undefined ? {} : { lookup: options.lookup });
    this.bridge = new AgentBridge({ ...options.agents, logger: options.logger });
  }

  async start(): Promise<void> {
    await Promise.all([this.proxy.start(), this.bridge.start()]);
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.proxy.close(), this.bridge.close()]);
  }

  /** What each boot adds: custom servers, the bundled servers' folders and bridge, custom skills, Google credentials. */
  async launchExtras(): Promise<LaunchExtras> {
    const { paths, load, appRoot } = this.#options;
    const skillDirs = Object.values(bundledResources({ load, appRoot }).skillDirs);
    const bridgeUrl = this.bridge.url;
    return {
      customMcps: await this.catalog.runtimeServers(),
      mcpEnvironment: bundledMcpEnvironment({
        artifactsDir: paths.artifactsDir,
        knowledgeDir: paths.knowledgeDir,
        customSkillsDir: paths.customSkillsDir,
        workflowsDir: paths.workflowsDir,
        bundledSkillDirs: skillDirs,
        ...(bridgeUrl === undefined ? {} : { agentBridge: { url: bridgeUrl, token: this.bridge.token } }),
        electronAsNode: process.versions['electron'] !== undefined,
      }),
      extraSkillPaths: [paths.customSkillsDir],
      ...(existsSync(paths.googleCredentialsFile) ? { googleCredentials: paths.googleCredentialsFile } : {}),
    };
  }

  /** Points remote servers at the proxy and keeps the bridge token out of the runtime log. */
  async finishLaunch(launch: AppLaunchConfig): Promise<AppLaunchConfig> {
    const routed = routeRemoteMcps(launch, this.proxy, await this.#servers(), this.#routed);
    return { ...routed, secrets: [...routed.secrets, this.bridge.token] };
  }

  /** One server as a boot would start it now (before proxy routing). */
  async endpointOf(launch: AppLaunchConfig, name: string): Promise<{ endpoint: McpEndpoint; allowPrivateNetwork: boolean } | undefined> {
    const entry = launch.config.mcp?.[name];
    if (entry === undefined || !('type' in entry)) return undefined;
    const server = (await this.#servers()).find((candidate) => candidate.name === name);
    const allowPrivateNetwork = server?.allowPrivateNetwork === true;
    if (entry.type === 'local') {
      return { endpoint: { type: 'local', command: entry.command, ...(entry.environment === undefined ? {} : { environment: entry.environment }) }, allowPrivateNetwork };
    }
    return { endpoint: { type: 'remote', url: entry.url, ...(entry.headers === undefined ? {} : { headers: entry.headers }) }, allowPrivateNetwork };
  }

  /** Tool patterns of custom servers scoped to other workspaces, switched off in this workspace's prompts. */
  async disabledTools(workspaceId: string): Promise<string[]> {
    return (await this.catalog.outOfScope(workspaceId)).map((name) => `${mcpToolPrefix(name)}*`);
  }

  guardedFetch(allowPrivateNetwork: boolean): GuardedFetch {
    return createGuardedFetch({ allowPrivateNetwork, ...(this.#options.lookup === undefined ? {} : { lookup: this.#options.lookup }) });
  }

  async #servers(): Promise<McpServer[]> {
    return (await this.catalog.effectiveConfig()).mcps ?? [];
  }
}
