// The gateway's private OpenCode: a runtime it manages through packages/runtime's supervisor
// (the default), or an existing private server at OPENCODE_URL. Either way the rest of the
// gateway sees one client getter and one stream of normalized events.
import { lookup } from 'node:dns/promises';
import path from 'node:path';
import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2';
import { loadConfig, locateDefaultConfig } from '@open-cowork/config';
import {
  appLaunchConfig,
  fetchRetryingReset,
  followEventStream,
  normalizeRawEvents,
  RuntimeSupervisor,
  type RuntimeEventSource,
} from '@open-cowork/runtime';
import { privateAddressRefusal, type Env, type GatewayConfig } from '../config/load.js';
import { PREFIX } from '../config/variables.js';
import { GatewayError, GatewayErrorCode, messageOf } from '../errors.js';

export interface OpencodeAccess {
  /** True when the gateway started the runtime itself. */
  readonly managed: boolean;
  /** The boundary the managed runtime last started in; undefined for an external runtime or before a start. */
  sandbox(): SandboxStatus | undefined;
  readonly events: RuntimeEventSource;
  /** Starts (managed) or checks (external) the runtime; resolves once it answers. */
  start(): Promise<void>;
  /** The current client; throws while the runtime is not ready. */
  client(): OpencodeClient;
  /**
   * Before every call in `directory` (RuntimeSessions' beforeCall): the managed runtime keeps
   * OpenCode configuration of untrusted folders out (a restart when some appeared since its
   * start; a refusal when it runs unsandboxed). Nothing for an external runtime.
   */
  prepareFor(directory: string): Promise<void>;
  health(signal?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

export type SandboxStatus = NonNullable<RuntimeSupervisor['sandboxStatus']>;

export interface OpencodeAccessOptions {
  readonly config: GatewayConfig;
  readonly env: Env;
  readonly cwd?: string;
  /** Default configuration file (tests); otherwise the one this install ships. */
  readonly defaultConfigPath?: string;
}

/** The environment the managed runtime may inherit from: never a gateway variable. */
function runtimeParentEnv(env: Env): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith(PREFIX)));
}

export function openOpencode(options: OpencodeAccessOptions): OpencodeAccess {
  return options.config.opencode.url === undefined ? managedOpencode(options) : externalOpencode(options.config.opencode.url, options.config.opencode.password);
}

function managedOpencode(options: OpencodeAccessOptions): OpencodeAccess {
  const { config, env } = options;
  const defaultConfigPath = options.defaultConfigPath ?? locateDefaultConfig();
  const appRoot = path.dirname(defaultConfigPath);
  const registry = env['OPEN_COWORK_NPM_REGISTRY'];
  const supervisor = new RuntimeSupervisor({
    dataDir: config.dataDir,
    parentEnv: runtimeParentEnv(env),
    ...(registry === undefined || registry === '' ? {} : { npmRegistry: registry }),
    // The supervisor's default sandbox (the strongest backend that works here), shown the one
    // workspace the sessions use and the app's own files. The rest of DATA_DIR (the embedded
    // store, its lock) stays covered; a sandbox has a private /tmp, so a workspace there is
    // visible only because it is listed.
    sandbox: { workspaces: () => [config.opencode.workspace], readOnly: [appRoot] },
    launchConfig: () => {
      // The Open Cowork configuration (providers, agents, MCPs) with DATA_DIR as the user layer.
      const load = loadConfig({ defaultConfigPath, env: runtimeParentEnv(env), cwd: options.cwd ?? process.cwd(), userDataDir: config.dataDir });
      if (!load.config || !load.ok) {
        const problems = load.issues.filter((issue) => issue.severity === 'error').map((issue) => `${issue.file}${issue.pointer}: ${issue.message}`);
        throw new GatewayError(GatewayErrorCode.RuntimeUnavailable, `The Open Cowork configuration for the runtime has errors: ${problems.join('; ')}`);
      }
      return appLaunchConfig({ load, settings: config.opencode.model === undefined ? {} : { model: config.opencode.model }, appRoot });
    },
  });
  const feed = normalizeRawEvents((listener) => supervisor.onEvent(listener));
  return {
    managed: true,
    sandbox: () => supervisor.sandboxStatus,
    events: feed.events,
    async start() {
      try {
        await supervisor.start();
      } catch (error) {
        const tail = supervisor.logs.tail(8);
        throw new GatewayError(GatewayErrorCode.RuntimeUnavailable, `The managed OpenCode runtime did not start: ${messageOf(error)}${tail ? `\n${tail}` : ''}`);
      }
    },
    client: () => supervisor.connection().client,
    prepareFor: (directory) => supervisor.prepareFor(directory),
    async health(signal) {
      try {
        const connection = supervisor.connection();
        const response = await fetch(`${connection.url}/global/health`, {
          headers: { authorization: connection.authorization },
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(3000)]) : AbortSignal.timeout(3000),
        });
        await response.body?.cancel();
        return response.ok;
      } catch {
        return false;
      }
    },
    async close() {
      feed.dispose();
      await supervisor.stop();
    },
  };
}

/** Every address the URL's host resolves to must be loopback or private. */
export async function checkOpencodeUrl(text: string): Promise<void> {
  const url = new URL(text);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const direct = privateAddressRefusal(host);
  if (direct !== undefined) throw new GatewayError(GatewayErrorCode.OpencodeUrlRefused, `${PREFIX}OPENCODE_URL ${direct}`);
  if (host === 'localhost' || /^[\d.]+$/.test(host) || host.includes(':')) return;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch (error) {
    throw new GatewayError(GatewayErrorCode.OpencodeUrlRefused, `${PREFIX}OPENCODE_URL: cannot resolve ${host} (${messageOf(error)}).`);
  }
  for (const { address } of addresses) {
    const refusal = privateAddressRefusal(address);
    if (refusal !== undefined) throw new GatewayError(GatewayErrorCode.OpencodeUrlRefused, `${PREFIX}OPENCODE_URL: ${host} resolves to ${address}, which ${refusal}`);
  }
}

function externalOpencode(baseUrl: string, password: string | undefined): OpencodeAccess {
  const root = baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = password === undefined ? {} : { authorization: `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}` };
  const client = createOpencodeClient({ baseUrl: root, headers, fetch: fetchRetryingReset });
  const stop = new AbortController();
  let raw: ((event: unknown) => void) | undefined;
  const feed = normalizeRawEvents((listener) => {
    raw = listener;
    return () => (raw = undefined);
  });
  return {
    managed: false,
    sandbox: () => undefined,
    events: feed.events,
    async start() {
      await checkOpencodeUrl(root);
      void followEventStream({ client, signal: stop.signal, onEvent: (event) => raw?.(event) });
      if (!(await this.health())) throw new GatewayError(GatewayErrorCode.RuntimeUnavailable, `OpenCode at ${new URL(root).origin} does not answer its health check.`);
    },
    client: () => client,
    prepareFor: async () => undefined,
    async health(signal) {
      try {
        const response = await fetch(`${root}/global/health`, { headers, signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(3000)]) : AbortSignal.timeout(3000) });
        await response.body?.cancel();
        return response.ok;
      } catch {
        return false;
      }
    },
    async close() {
      stop.abort();
      feed.dispose();
    },
  };
}
