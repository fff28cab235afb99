// Builds OpenCode's config from the effective app config and the user's settings.
// Pure: no I/O, no clock, no environment; the same input gives the same output, keys in
// the same order. Each concern lives in its own module; this one only composes them.

import type { AgentConfig } from '@opencode-ai/sdk/v2';
import { buildAgents } from './agents.js';
import { ToolCatalog } from './catalog.js';
import { buildCompaction } from './compaction.js';
import { withCustomMcps } from './custom-mcps.js';
import { buildMcps } from './mcps.js';
import { capabilityEnv, globalPermission, resolveCapabilities } from './permissions.js';
import { buildProviders } from './providers.js';
import { buildSkills } from './skills.js';
import type { BuildInput, BuildResult, OpencodeConfig } from './types.js';
import { Warnings } from './warnings.js';

export type { BuildInput, BuildResult, BundledResources, CatalogModelRef, OpencodeConfig } from './types.js';
export { BuildWarningCode, type BuildWarning } from './warnings.js';
export { CAPABILITY_KEYS, choiceLevel, resolveCapabilities, type Capabilities, type CapabilityKey } from './permissions.js';
export type { Level } from './rules.js';
export {
  BUILT_IN_AGENTS,
  checkAgent,
  NAME_ISSUES,
  RESERVED_AGENT_NAMES,
  skillId,
  type AgentCheckContext,
  type AgentIssue,
  type AgentIssueKind,
  type BuiltInAgentName,
} from './agent-check.js';
export { agentMayWrite, customAsConfigured } from './agents.js';
export { mcpToolPrefix } from './mcp-names.js';
export { namespacePrefix } from './catalog.js';
export { opencodeToolPattern } from './rules.js';
export { customMcpTool, withCustomMcps } from './custom-mcps.js';

export function buildOpencodeConfig(input: BuildInput): BuildResult {
  const { settings, bundled } = input;
  const warnings = new Warnings();
  const config = withCustomMcps(input.config, input.customMcps ?? [], warnings);

  const capabilities = resolveCapabilities(config, settings);
  const providers = buildProviders({ config, settings, warnings, catalogModels: input.catalogModels ?? {} });
  const mcps = buildMcps({ config, settings, bundled, warnings, ...(input.googleCredentials === undefined ? {} : { googleCredentials: input.googleCredentials }) });
  const catalog = new ToolCatalog(config.tools ?? []);
  const permission = globalPermission({ capabilities, mcpTrust: mcps.trustRules, catalog: catalog.defaultRules() });
  const agents = buildAgents({
    config,
    customAgents: input.customAgents ?? [],
    enabledProviders: new Set(providers.enabled),
    capabilities,
    catalog,
    mcpTrust: mcps.trustOf,
    warnings,
  });
  const compaction = buildCompaction(config);
  const skills = buildSkills({ config, bundled, warnings, extraPaths: input.extraSkillPaths ?? [] });

  const agent: Record<string, AgentConfig> = { ...agents.builtIns };
  if (compaction.agent !== undefined) agent['compaction'] = compaction.agent;
  Object.assign(agent, agents.configured, agents.custom);

  const result: OpencodeConfig = {
    // Nothing phones home: no self-update, no session sharing.
    autoupdate: false,
    share: 'disabled',
    // No language servers or formatters: OpenCode would start whatever it finds on PATH with
    // its own environment (the server password included), and formatters rewrite the user's
    // files unasked.
    formatter: false,
    lsp: false,
  };
  if (providers.restricted) result.enabled_providers = providers.enabled;
  if (providers.model !== undefined) result.model = providers.model;
  if (providers.smallModel !== undefined) result.small_model = providers.smallModel;
  if (Object.keys(providers.provider).length > 0) result.provider = providers.provider;
  result.permission = permission.toObject();
  if (Object.keys(agent).length > 0) result.agent = agent;
  if (compaction.compaction !== undefined) result.compaction = compaction.compaction;
  if (Object.keys(mcps.mcp).length > 0) result.mcp = mcps.mcp;
  if (skills !== undefined) result.skills = skills;

  return { config: result, env: capabilityEnv(capabilities), warnings: warnings.list() };
}
