// Agents: the configured product agents (`agents[]`) and the overrides for OpenCode's
// configurable built-ins (`builtInAgents`).
//
// A configured agent is a whitelist: it starts from "deny everything" and gets exactly the
// tools it is granted (catalog `toolIds`, `allowTools`, `askTools`), minus `denyTools`,
// plus the web tools at the user's level. Its capability permissions (bash, edit, task,
// webfetch, codesearch, websearch) are then clamped to the user's effective levels: agent
// rules come after the global ones in OpenCode, so without the clamp an agent could grant
// itself more than Settings allow.

import type { Agent, BuiltInAgent, ColorToken, OpenCoworkConfig } from '@open-cowork/config';
import type { AgentConfig } from '@opencode-ai/sdk/v2';
import { grantRules, type McpTrustLookup, type ToolCatalog } from './catalog.js';
import { CAPABILITY_KEYS, type Capabilities } from './permissions.js';
import { GUARDED_READ, permissionKey, RuleList, stricter } from './rules.js';
import { BuildWarningCode, pointer, type Warnings } from './warnings.js';

/** OpenCode's configurable built-ins, in the order they are written. */
export const BUILT_IN_AGENTS = ['build', 'plan', 'general', 'explore'] as const;

/** Names OpenCode itself uses; a configured agent must not replace them. */
const RESERVED_NAMES: ReadonlySet<string> = new Set([...BUILT_IN_AGENTS, 'compaction', 'title', 'summary']);

/** App colour tokens → OpenCode theme colours. */
const COLORS: Readonly<Record<ColorToken, string>> = {
  neutral: 'secondary',
  accent: 'accent',
  info: 'info',
  success: 'success',
  warning: 'warning',
  danger: 'error',
};

/** Tools that read or talk but change nothing in the workspace: they do not make an agent a writer. */
const READ_ONLY_TOOLS: ReadonlySet<string> = new Set([
  'read', 'list', 'glob', 'grep', 'lsp', 'skill', 'todoread', 'todowrite', 'question',
  'webfetch', 'websearch', 'codesearch',
]);

export interface AgentContext {
  readonly config: OpenCoworkConfig;
  readonly capabilities: Capabilities;
  readonly catalog: ToolCatalog;
  readonly mcpTrust: McpTrustLookup;
  readonly warnings: Warnings;
}

/**
 * The `agent` map: built-in overrides first (build, plan, general, explore), then the
 * configured agents in config order. Callers add `compaction` between the two.
 */
export function buildAgents(context: AgentContext): {
  readonly builtIns: Record<string, AgentConfig>;
  readonly configured: Record<string, AgentConfig>;
} {
  const configured: Record<string, AgentConfig> = {};
  const writers: string[] = [];
  (context.config.agents ?? []).forEach((agent, index) => {
    if (RESERVED_NAMES.has(agent.name)) {
      context.warnings.add(
        BuildWarningCode.AgentNameReserved,
        `Agent "${agent.name}" is skipped: the name belongs to one of OpenCode's own agents.`,
        pointer('agents', index, 'name'),
      );
      return;
    }
    const { config, mayWrite } = configuredAgent(agent, index, context);
    configured[agent.name] = config;
    if (mayWrite) writers.push(agent.name);
  });

  const builtIns: Record<string, AgentConfig> = {};
  for (const name of BUILT_IN_AGENTS) {
    const entry = builtInAgent(name, context.config.builtInAgents?.[name], context.capabilities, writers);
    if (entry !== undefined) builtIns[name] = entry;
  }
  return { builtIns, configured };
}

/** The model and sampling overrides shared by configured and built-in agents. */
function inference(source: Agent | BuiltInAgent, target: AgentConfig): void {
  if (source.model !== undefined) target.model = source.model;
  if (source.variant !== undefined) target.variant = source.variant;
  if (source.temperature !== undefined) target.temperature = source.temperature;
  if (source.top_p !== undefined) target.top_p = source.top_p;
  if (source.steps !== undefined) target.steps = source.steps;
  if (source.options !== undefined) target.options = structuredClone(source.options);
}

function configuredAgent(agent: Agent, index: number, context: AgentContext): { config: AgentConfig; mayWrite: boolean } {
  const config: AgentConfig = {};
  const description = agent.description ?? agent.label;
  if (description !== undefined) config.description = description;
  config.mode = agent.mode ?? 'subagent';
  if (agent.hidden !== undefined) config.hidden = agent.hidden;
  if (agent.color !== undefined) config.color = COLORS[agent.color];
  if (agent.instructions !== undefined) config.prompt = agent.instructions;
  inference(agent, config);
  const { rules, mayWrite } = configuredPermission(agent, index, context);
  config.permission = rules.toObject();
  return { config, mayWrite };
}

/** The rules of one configured agent, in precedence order (later wins). */
export function configuredPermission(
  agent: Agent,
  index: number,
  context: Pick<AgentContext, 'capabilities' | 'catalog' | 'mcpTrust' | 'warnings'>,
): { rules: RuleList; mayWrite: boolean } {
  const levels = context.capabilities.levels;
  const rules = new RuleList()
    .set('*', 'deny')
    // Kept from OpenCode's defaults, which "*" would otherwise turn into hard failures:
    // the repeated-call guard and paths outside the project still ask the user.
    .set('doom_loop', 'ask')
    .set('external_directory', 'ask')
    // Every agent may use the web as far as the user lets it; denyTools can still take it away.
    .set('webfetch', levels.webfetch)
    .set('codesearch', levels.codesearch)
    .set('websearch', levels.websearch);

  const skills = agent.skillNames ?? [];
  if (skills.length > 0) {
    rules.set('skill', { '*': 'deny', ...Object.fromEntries(skills.map((name) => [name, 'allow' as const])) });
  }

  let mayWrite = false;
  (agent.toolIds ?? []).forEach((id, toolIndex) => {
    const tool = context.catalog.get(id);
    if (tool === undefined) {
      context.warnings.add(
        BuildWarningCode.ToolUnknown,
        `Agent "${agent.name}" names tool "${id}", which is not in the tool catalog; it is not granted.`,
        pointer('agents', index, 'toolIds', toolIndex),
      );
      return;
    }
    if (tool.writeAccess !== false) mayWrite = true;
    rules.append(grantRules(tool, context.mcpTrust));
  });
  for (const pattern of agent.allowTools ?? []) rules.set(permissionKey(pattern), 'allow');
  for (const pattern of agent.askTools ?? []) rules.set(permissionKey(pattern), 'ask');
  for (const pattern of agent.denyTools ?? []) rules.set(permissionKey(pattern), 'deny');
  if ([...(agent.allowTools ?? []), ...(agent.askTools ?? [])].some((pattern) => !READ_ONLY_TOOLS.has(permissionKey(pattern)))) {
    mayWrite = true;
  }

  // The clamp: each capability ends as the stricter of what the agent's rules give it
  // and what the user allows. Written last, explicitly, so it also wins over wildcards.
  for (const key of CAPABILITY_KEYS) {
    rules.set(key, stricter(rules.evaluate(key) ?? 'deny', levels[key]));
  }
  // "*" deny above also erased OpenCode's guard on secret-looking files; put it back.
  if (rules.evaluate('read') === 'allow') rules.set('read', GUARDED_READ);
  if (rules.evaluate('bash') !== 'deny' || rules.evaluate('edit') !== 'deny') mayWrite = true;
  return { rules, mayWrite };
}

/**
 * One built-in's entry: `disable` alone, or the inference overrides plus, for the
 * read-only agents, the rules that keep them read-only under the global permission.
 */
function builtInAgent(
  name: (typeof BUILT_IN_AGENTS)[number],
  override: BuiltInAgent | undefined,
  capabilities: Capabilities,
  writers: readonly string[],
): AgentConfig | undefined {
  if (override?.disable === true) return { disable: true };
  const config: AgentConfig = {};
  if (override !== undefined) inference(override, config);
  const rules = readOnlyRules(name, capabilities, writers);
  if (rules !== undefined) config.permission = rules.toObject();
  return Object.keys(config).length > 0 ? config : undefined;
}

/**
 * OpenCode keeps plan and explore read-only with agent rules that sit *before* the global
 * permission, so a global `edit: allow` or `task: allow` would reopen them. These agent
 * rules come after it and restore the contract: no edits, shell at most Ask, and plan
 * delegates only to agents that cannot write (never `general`); explore does not delegate.
 */
export function readOnlyRules(name: string, capabilities: Capabilities, writers: readonly string[]): RuleList | undefined {
  const { levels } = capabilities;
  if (name === 'plan') {
    const task =
      levels.task === 'deny'
        ? ('deny' as const)
        : { '*': levels.task, general: 'deny' as const, ...Object.fromEntries(writers.map((writer) => [writer, 'deny' as const])) };
    return new RuleList().set('edit', 'deny').set('bash', stricter(levels.bash, 'ask')).set('task', task);
  }
  if (name === 'explore') {
    return new RuleList().set('edit', 'deny').set('bash', stricter(levels.bash, 'ask')).set('task', 'deny');
  }
  return undefined;
}
