// capabilities.list: what agents can use — the config's tool catalog, its skills and its MCP
// servers, the latter with their live status from the runtime — and which configured or
// custom agents are granted each. Built-in agents are left out of `usedBy`: they may use
// every tool and skill the permission settings allow, so naming them would say nothing.
import type { Agent as ConfigAgent, Tool } from '@open-cowork/config';
import type { CatalogTool, SkillInfo } from '@open-cowork/contracts';
import { mcpToolPrefix, type McpServerStatus } from '@open-cowork/runtime';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { Logger } from '../log/index.js';
import { liveState, mcpInfo, type McpCatalog } from './catalog.js';
import type { CredentialsView } from '../settings/credentials.js';
import type { CustomMcpStore } from './store.js';
import { agentRoster } from '../agents/roster.js';
import type { CustomAgentStore } from '../agents/store.js';
import { readyRuntime, type CatalogRuntimeAccessor } from '../runtime/runtime-call.js';

export type CapabilityMethod = 'capabilities.list';

export interface CapabilityDeps {
  /** The app config with the custom MCP servers joined in: the one list of tools and servers. */
  readonly mcps: Pick<McpCatalog, 'effectiveConfig'>;
  readonly customMcps: Pick<CustomMcpStore, 'list'>;
  /** Stored credentials, secrets masked (the settings store's `credentials()`). */
  readonly credentials: () => Promise<CredentialsView>;
  readonly customAgents: Pick<CustomAgentStore, 'list'>;
  readonly runtime: CatalogRuntimeAccessor;
  /** The folder runtime calls are made in: a workspace, whose MCP processes the status describes. */
  readonly directory: () => string | Promise<string>;
  readonly logger: Logger;
}

export function capabilityHandlers(deps: CapabilityDeps): HandlersFor<CapabilityMethod> {
  const log = deps.logger.for('host');

  /** Live statuses by server name; undefined while the runtime cannot say. */
  async function liveStatuses(): Promise<ReadonlyMap<string, McpServerStatus> | undefined> {
    const runtime = readyRuntime(deps.runtime);
    if (runtime === undefined) return undefined;
    try {
      const statuses = await runtime.sessions.mcpStatus({ directory: await deps.directory() });
      return new Map(statuses.map((status) => [status.name, status]));
    } catch (error) {
      log.debug('MCP status unavailable', { error: (error as Error).message });
      return undefined;
    }
  }

  return {
    async 'capabilities.list'() {
      const [config, saved, custom, stored, statuses] = await Promise.all([
        deps.mcps.effectiveConfig(),
        deps.customAgents.list(),
        deps.customMcps.list(),
        deps.credentials(),
        liveStatuses(),
      ]);
      const agents = agentRoster(config, saved).flatMap((entry) => (entry.definition === undefined ? [] : [entry.definition]));
      const servers = (config.mcps ?? []).map((server) => server.name);
      const tools = config.tools ?? [];
      return {
        tools: tools.map((tool) => toolInfo(tool, servers)),
        skills: (config.skills ?? []).map(
          (skill): SkillInfo => ({
            name: skill.name,
            ...(skill.description === undefined ? {} : { description: skill.description }),
            ...(skill.badge ? { badge: skill.badge } : {}),
            toolIds: [...(skill.toolIds ?? [])],
            usedBy: agents.filter((agent) => agent.skillNames?.includes(skill.name)).map((agent) => agent.name),
          }),
        ),
        mcps: (config.mcps ?? []).map((server) =>
          mcpInfo({
            server,
            custom: custom.find((entry) => entry.name === server.name),
            status: liveState(server, statuses),
            usedBy: agents.filter((agent) => grantsServer(agent, server.name, tools, servers)).map((agent) => agent.name),
            stored: stored.mcps[server.name],
          }),
        ),
      };
    },
  };
}

/**
 * The MCP server whose tools a pattern names: the server with the longest `<name>_` prefix
 * of the pattern (OpenCode names MCP tools `<server>_<tool>`), as the config builder decides trust.
 */
function serverOf(pattern: string, servers: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const name of servers) {
    const prefix = mcpToolPrefix(name);
    if (pattern.startsWith(prefix) && (best === undefined || prefix.length > mcpToolPrefix(best).length)) best = name;
  }
  return best;
}

function toolPatterns(tool: Tool): string[] {
  return [...new Set([...(tool.patterns ?? []), ...(tool.allowPatterns ?? []), ...(tool.askPatterns ?? [])])];
}

/** The server that provides a catalog entry: the one its namespace (or else every pattern) points to. */
function toolServer(tool: Tool, servers: readonly string[]): string | undefined {
  if (tool.namespace !== undefined) return serverOf(tool.namespace, servers);
  const owners = new Set(toolPatterns(tool).map((pattern) => serverOf(pattern, servers)));
  const [only] = owners;
  return owners.size === 1 ? only : undefined;
}

function toolInfo(tool: Tool, servers: readonly string[]): CatalogTool {
  const mcp = toolServer(tool, servers);
  return {
    id: tool.id,
    name: tool.name,
    ...(tool.icon ? { icon: tool.icon } : {}),
    ...(tool.description === undefined ? {} : { description: tool.description }),
    patterns: toolPatterns(tool),
    ...(tool.writeAccess === undefined ? {} : { writeAccess: tool.writeAccess }),
    ...(mcp === undefined ? {} : { mcp }),
  };
}

/** Whether an agent is granted any tool of the server: through a catalog entry it provides, or a pattern in its namespace. */
function grantsServer(agent: ConfigAgent, server: string, tools: readonly Tool[], servers: readonly string[]): boolean {
  return (
    (agent.toolIds ?? []).some((id) => {
      const tool = tools.find((candidate) => candidate.id === id);
      return tool !== undefined && toolServer(tool, servers) === server;
    }) || [...(agent.allowTools ?? []), ...(agent.askTools ?? [])].some((pattern) => serverOf(pattern, servers) === server)
  );
}
