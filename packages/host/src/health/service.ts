// app.health: the runtime's readiness, and for every capability whether it is ready and which
// config layer (or part of the app) it comes from. Readiness comes from the services that own
// each capability; origins from the config loader's provenance (the last layer that wrote the
// capability's entry).
import type { Agent, Health, HealthCapability, McpInfo, Provider, RuntimeStatus, SkillInfo } from '@open-cowork/contracts';
import type { LoadResult } from '@open-cowork/config';
import type { HandlersFor } from '../dispatch/handlers.js';

type Origin = HealthCapability['origin'];

export interface HealthSources {
  readonly load: Pick<LoadResult, 'config' | 'provenance'>;
  readonly runtimeStatus: () => RuntimeStatus;
  readonly providers: () => Promise<readonly Provider[]>;
  readonly capabilities: () => Promise<{ readonly mcps: readonly McpInfo[]; readonly skills: readonly SkillInfo[] }>;
  readonly agents: () => Promise<readonly Agent[]>;
  /** Removes secrets and home folders from text the runtime reported. */
  readonly clean: (text: string) => string;
}

const LAYER_ORIGINS: Readonly<Record<string, Origin>> = {
  default: 'bundled',
  'schema-default': 'bundled',
  'config-path': 'config-path',
  downstream: 'downstream',
  user: 'user',
  managed: 'managed',
};

const MCP_STATES: Readonly<Record<McpInfo['status'], HealthCapability['state']>> = {
  connected: 'ready',
  failed: 'failed',
  disabled: 'disabled',
  needs_auth: 'needs-auth',
  needs_client_registration: 'needs-auth',
  unknown: 'runtime-not-ready',
};

export function healthHandlers(sources: HealthSources): HandlersFor<'app.health'> {
  const originAt = (pointer: string): Origin => LAYER_ORIGINS[sources.load.provenance.get(pointer)?.layer.kind ?? 'default'] ?? 'bundled';
  const config = sources.load.config;
  const indexOf = <T>(list: readonly T[] | undefined, match: (entry: T) => boolean): number => list?.findIndex(match) ?? -1;

  return {
    'app.health': async (): Promise<Health> => {
      const runtime = sources.runtimeStatus();
      const runtimeReady = runtime.state === 'ready';
      const [providers, capabilities, agents] = await Promise.all([sources.providers(), sources.capabilities(), sources.agents()]);
      const connected = new Set(providers.filter((p) => p.connected).map((p) => p.id));
      const out: HealthCapability[] = [];

      for (const provider of providers) {
        // Provider ids need no pointer escaping: they never hold "/" or "~" (ProviderId).
        const described = config?.providers.descriptors?.[provider.id] !== undefined;
        out.push({
          kind: 'provider',
          name: provider.id,
          ...(provider.name !== provider.id ? { label: provider.name } : {}),
          ready: provider.connected,
          state: provider.connected ? 'ready' : 'not-connected',
          origin: originAt(described ? `/providers/descriptors/${provider.id}` : '/providers/available'),
        });
      }
      for (const mcp of capabilities.mcps) {
        const state: HealthCapability['state'] = !mcp.configured ? 'needs-credentials' : runtimeReady ? MCP_STATES[mcp.status] : 'runtime-not-ready';
        const at = indexOf(config?.mcps, (entry) => entry.name === mcp.name);
        out.push({
          kind: 'mcp',
          name: mcp.name,
          ready: state === 'ready',
          state,
          ...(mcp.error === undefined ? {} : { problem: sources.clean(mcp.error) }),
          origin: mcp.source === 'custom' ? 'custom' : originAt(at < 0 ? '/mcps' : `/mcps/${at}`),
        });
      }
      for (const skill of capabilities.skills) {
        const at = indexOf(config?.skills, (entry) => (entry.sourceName ?? entry.name) === skill.name || entry.name === skill.name);
        out.push({
          kind: 'skill',
          name: skill.name,
          ...(skill.label === undefined ? {} : { label: skill.label }),
          ready: runtimeReady,
          state: runtimeReady ? 'ready' : 'runtime-not-ready',
          origin: originAt(at < 0 ? '/skills' : `/skills/${at}`),
        });
      }
      for (const agent of agents) {
        // Provider ids never hold a slash (ProviderId), so the model reference's first part is one.
        const ownProvider = agent.model?.split('/')[0];
        const state: HealthCapability['state'] = !runtimeReady ? 'runtime-not-ready' : ownProvider !== undefined && !connected.has(ownProvider) ? 'provider-not-connected' : 'ready';
        const at = indexOf(config?.agents, (entry) => entry.name === agent.name);
        out.push({
          kind: 'agent',
          name: agent.name,
          ...(agent.label === undefined ? {} : { label: agent.label }),
          ready: state === 'ready',
          state,
          origin: agent.source === 'built-in' ? 'built-in' : agent.source === 'custom' ? 'custom' : originAt(at < 0 ? '/agents' : `/agents/${at}`),
        });
      }
      return { runtime: { ...runtime, ...(runtime.reason === undefined ? {} : { reason: sources.clean(runtime.reason) }) }, capabilities: out };
    },
  };
}
