// `compaction` settings and the summariser agent's overrides.

import type { OpenCoworkConfig } from '@open-cowork/config';
import type { AgentConfig, Config } from '@opencode-ai/sdk/v2';

export function buildCompaction(config: OpenCoworkConfig): {
  readonly compaction?: Config['compaction'];
  /** Overrides for OpenCode's `compaction` agent, when the config sets any. */
  readonly agent?: AgentConfig;
} {
  const source = config.compaction ?? {};
  const compaction: NonNullable<Config['compaction']> = {};
  if (source.auto !== undefined) compaction.auto = source.auto;
  if (source.prune !== undefined) compaction.prune = source.prune;
  if (source.reserved !== undefined) compaction.reserved = source.reserved;

  const agent: AgentConfig = {};
  if (source.agent?.model !== undefined) agent.model = source.agent.model;
  if (source.agent?.prompt !== undefined) agent.prompt = source.agent.prompt;
  if (source.agent?.temperature !== undefined) agent.temperature = source.agent.temperature;

  return {
    ...(Object.keys(compaction).length > 0 ? { compaction } : {}),
    ...(Object.keys(agent).length > 0 ? { agent } : {}),
  };
}
