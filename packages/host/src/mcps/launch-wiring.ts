// What the host adds to each runtime boot for MCP servers: the folders and bridge the
// bundled servers work with, and the guarded proxy every remote server is reached through.
import type { McpServer } from '@open-cowork/config';
import type { AppLaunchConfig } from '@open-cowork/runtime';
import type { RemoteMcpProxy } from '../network/index.js';

/** The environment each bundled package gets (only its own; see BundledResources.mcpEnvironment). */
export interface BundledMcpFolders {
  readonly artifactsDir: string;
  readonly knowledgeDir: string;
  readonly customSkillsDir: string;
  readonly workflowsDir: string;
  /** Folders of the skills the app ships, listed read-only by the skills server. */
  readonly bundledSkillDirs: readonly string[];
  /** The agents server's loopback bridge, while it runs. */
  readonly agentBridge?: { readonly url: string; readonly token: string };
  /** Set when the bundled servers run on the Electron binary (as Node). */
  readonly electronAsNode?: boolean;
}

export function bundledMcpEnvironment(folders: BundledMcpFolders): (packageName: string) => Record<string, string> | undefined {
  return (packageName) => {
    const own = ((): Record<string, string> | undefined => {
      switch (packageName) {
        case 'charts':
          return { OPEN_COWORK_ARTIFACTS_DIR: folders.artifactsDir };
        case 'knowledge':
          return { OPEN_COWORK_KNOWLEDGE_DIR: folders.knowledgeDir };
        case 'skills':
          return { OPEN_COWORK_CUSTOM_SKILLS_DIR: folders.customSkillsDir, OPEN_COWORK_BUNDLED_SKILLS_DIRS: JSON.stringify(folders.bundledSkillDirs) };
        case 'workflows':
          return { OPEN_COWORK_WORKFLOWS_DIR: folders.workflowsDir };
        case 'agents':
          return folders.agentBridge === undefined
            ? undefined
            : { OPEN_COWORK_AGENT_BRIDGE_URL: folders.agentBridge.url, OPEN_COWORK_AGENT_BRIDGE_TOKEN: folders.agentBridge.token };
        default:
          return undefined;
      }
    })();
    if (!folders.electronAsNode) return own;
    return { ...own, ELECTRON_RUN_AS_NODE: '1' };
  };
}

/**
 * The launch config with every remote MCP entry pointed at the proxy: OpenCode gets a
 * loopback URL and the proxy's bearer token; the real URL and headers (credentials
 * included) stay in the host's memory. Servers that use their own OAuth sign-in are left
 * direct: OpenCode discovers their authorization server from the real origin.
 * Registrations of servers no longer present are dropped.
 */
export function routeRemoteMcps(launch: AppLaunchConfig, proxy: Pick<RemoteMcpProxy, 'register' | 'unregister'>, servers: readonly McpServer[], previous: Set<string>): AppLaunchConfig {
  const mcp = { ...(launch.config.mcp ?? {}) };
  const secrets = [...launch.secrets];
  const routed = new Set<string>();
  for (const [name, entry] of Object.entries(mcp)) {
    if (!('type' in entry) || entry.type !== 'remote') continue;
    const server = servers.find((candidate) => candidate.name === name);
    if (server?.authMode === 'oauth') continue;
    const endpoint = proxy.register(name, {
      url: entry.url,
      ...(entry.headers === undefined ? {} : { headers: entry.headers }),
      allowPrivateNetwork: server?.allowPrivateNetwork === true,
    });
    routed.add(name);
    secrets.push(endpoint.headers.authorization, endpoint.url);
    mcp[name] = { ...entry, url: endpoint.url, headers: { ...endpoint.headers } };
  }
  for (const name of previous) if (!routed.has(name)) proxy.unregister(name);
  previous.clear();
  for (const name of routed) previous.add(name);
  return { ...launch, config: { ...launch.config, mcp }, secrets };
}
