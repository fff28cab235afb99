// Agents: the configured product agents (`agents[]`), the user's custom agents and the
// overrides for OpenCode's configurable built-ins (`builtInAgents`).
//
// Configured and custom agents are the same kind of thing and take the same path: one check
// (agent-check.ts), then one permission builder. Such an agent is a whitelist: it starts from
// "deny everything" and gets exactly the tools it is granted (catalog `toolIds`,
// `allowTools`, `askTools`), minus `denyTools`, plus the web tools at the user's level. Its
// capability permissions (bash, edit, task, webfetch, codesearch, websearch) are then clamped
// to the user's effective levels: agent rules come after the global ones in OpenCode, so
// without the clamp an agent could grant itself more than Settings allow.

import { colorToken, type Agent, type BuiltInAgent, type ColorToken, type OpenCoworkConfig } from '@open-cowork/config';
import type { AgentConfig } from '@opencode-ai/sdk/v2';
import { BUILT_IN_AGENTS, checkAgent, type AgentIssue } from './agent-check.js';
import { grantRules, ToolCatalog, type McpTrustLookup } from './catalog.js';
import { CAPABILITY_KEYS, type Capabilities } from './permissions.js';
import { GUARDED_READ, permissionKey, RuleList, stricter } from './rules.js';
import { BuildWarningCode, pointer, Warnings } from './warnings.js';

export { BUILT_IN_AGENTS } from './agent-check.js';

/** App colour tokens → OpenCode theme colours. */
const COLORS: Readonly<Record<ColorToken, string>> = {
  neutral: 'secondary',
  accent: 'accent',
  info: 'info',
  success: 'success',
  warning: 'warning',
  danger: 'error',
};
const OPENCODE_COLORS: ReadonlySet<string> = new Set(['primary', 'secondary', 'accent', 'success', 'warning', 'error', 'info']);

/** A config colour as OpenCode takes it: its theme names and #rrggbb as written, anything else by the nearest token. */
function opencodeColor(color: string): string {
  if (OPENCODE_COLORS.has(color) || /^#[0-9a-fA-F]{6}$/.test(color)) return color;
  return COLORS[colorToken(color) ?? 'neutral'];
}

/** Tools that read or talk but change nothing in the workspace: they do not make an agent a writer. */
const READ_ONLY_TOOLS: ReadonlySet<string> = new Set([
  'read', 'list', 'glob', 'grep', 'lsp', 'skill', 'todoread', 'todowrite', 'question',
  'webfetch', 'websearch', 'codesearch',
]);

export interface AgentContext {
  readonly config: OpenCoworkConfig;
  /** The user's saved agents (the contract's CustomAgent), written after the configured ones. */
  readonly customAgents: readonly Agent[];
  /** Providers OpenCode may use: an agent model of any other provider is dropped. */
  readonly enabledProviders: ReadonlySet<string>;
  readonly capabilities: Capabilities;
  readonly catalog: ToolCatalog;
  readonly mcpTrust: McpTrustLookup;
  readonly warnings: Warnings;
}

/**
 * A custom agent as an agent of the app config's shape. The one difference in meaning: a
 * custom agent without a mode may own a chat and be delegated to ("all"), where a configured
 * one defaults to "subagent".
 */
export function customAsConfigured(agent: Agent): Agent {
  return { ...agent, mode: agent.mode ?? 'all' };
}

/**
 * The `agent` map: built-in overrides first (build, plan, general, explore), then the
 * configured agents in config order, then the custom ones in the order given. Callers add
 * `compaction` between the built-ins and the rest.
 */
export function buildAgents(context: AgentContext): {
  readonly builtIns: Record<string, AgentConfig>;
  readonly configured: Record<string, AgentConfig>;
  readonly custom: Record<string, AgentConfig>;
} {
  const writers: string[] = [];
  const configuredNames = new Set<string>();
  const configured: Record<string, AgentConfig> = {};
  (context.config.agents ?? []).forEach((agent, index) => {
    const accepted = acceptAgent(agent, ['agents', index], configuredNames, context);
    if (accepted === undefined) return;
    const { config, mayWrite } = configuredAgent(accepted, ['agents', index], context);
    configured[agent.name] = config;
    configuredNames.add(agent.name);
    if (mayWrite) writers.push(agent.name);
  });

  const custom: Record<string, AgentConfig> = {};
  const customNames = new Set<string>();
  context.customAgents.forEach((agent, index) => {
    // Configured names are taken for good; a repeated custom name keeps its first definition.
    const taken = new Set([...configuredNames, ...customNames]);
    const accepted = acceptAgent(customAsConfigured(agent), ['customAgents', index], taken, context);
    if (accepted === undefined) return;
    const { config, mayWrite } = configuredAgent(accepted, ['customAgents', index], context);
    custom[agent.name] = config;
    customNames.add(agent.name);
    if (mayWrite) writers.push(agent.name);
  });

  const builtIns: Record<string, AgentConfig> = {};
  for (const name of BUILT_IN_AGENTS) {
    const entry = builtInAgent(name, context.config.builtInAgents?.[name], context.capabilities, writers);
    if (entry !== undefined) builtIns[name] = entry;
  }
  return { builtIns, configured, custom };
}

const NAME_WARNINGS = {
  'name-invalid': BuildWarningCode.AgentNameInvalid,
  'name-reserved': BuildWarningCode.AgentNameReserved,
  'name-taken': BuildWarningCode.AgentNameTaken,
} as const;

/**
 * Runs the agent check and applies its verdict the builder's way: a bad name skips the agent;
 * an unknown skill or an unusable model is left out of it. (Unknown tools are reported and
 * left out by the permission builder, which meets them one by one.)
 */
function acceptAgent(
  agent: Agent,
  at: readonly (string | number)[],
  taken: ReadonlySet<string>,
  context: AgentContext,
): Agent | undefined {
  const issues = checkAgent(agent, { config: context.config, providers: context.enabledProviders, taken });
  const warn = (code: BuildWarningCode, issue: AgentIssue, outcome: string): void =>
    context.warnings.add(code, `Agent "${agent.name}" ${outcome}: ${issue.message}`, `${pointer(...at)}${issue.pointer}`);

  for (const issue of issues) {
    if (issue.kind === 'name-invalid' || issue.kind === 'name-reserved' || issue.kind === 'name-taken') {
      warn(NAME_WARNINGS[issue.kind], issue, 'is skipped');
      return undefined;
    }
  }
  let accepted = agent;
  const unknownSkills = new Set<string>();
  for (const issue of issues) {
    if (issue.kind === 'skill-unknown') {
      unknownSkills.add(issue.value);
      warn(BuildWarningCode.SkillUnknown, issue, 'does not get that skill');
    } else if (issue.kind === 'model-invalid' || issue.kind === 'model-provider-unavailable') {
      accepted = { ...accepted };
      delete accepted.model;
      warn(
        issue.kind === 'model-invalid' ? BuildWarningCode.ModelRefInvalid : BuildWarningCode.ModelProviderDisabled,
        issue,
        'uses the session\'s model instead',
      );
    }
  }
  if (unknownSkills.size > 0) accepted = { ...accepted, skillNames: (accepted.skillNames ?? []).filter((name) => !unknownSkills.has(name)) };
  return accepted;
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

function configuredAgent(agent: Agent, at: readonly (string | number)[], context: AgentContext): { config: AgentConfig; mayWrite: boolean } {
  const config: AgentConfig = {};
  const description = agent.description ?? agent.label;
  if (description !== undefined) config.description = description;
  config.mode = agent.mode ?? 'subagent';
  if (agent.hidden !== undefined) config.hidden = agent.hidden;
  if (agent.color !== undefined) config.color = opencodeColor(agent.color);
  if (agent.instructions !== undefined) config.prompt = agent.instructions;
  inference(agent, config);
  const { rules, mayWrite } = configuredPermission(agent, at, context);
  config.permission = rules.toObject();
  return { config, mayWrite };
}

/** The rules of one configured agent, in precedence order (later wins). */
export function configuredPermission(
  agent: Agent,
  /** Pointer tokens of the agent, for warnings: `['agents', 2]` or `['customAgents', 0]`. */
  at: readonly (string | number)[],
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
  // Read-only tools the catalog gives every agent (`defaultAccess`), before the agent's own grants.
  for (const tool of context.catalog.defaultAccess()) rules.append(grantRules(tool, context.mcpTrust));
  (agent.toolIds ?? []).forEach((id, toolIndex) => {
    const tool = context.catalog.get(id);
    if (tool === undefined) {
      context.warnings.add(
        BuildWarningCode.ToolUnknown,
        `Agent "${agent.name}" names tool "${id}", which is not in the tool catalog; it is not granted.`,
        pointer(...at, 'toolIds', toolIndex),
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
 * One built-in's entry: `disable` alone, or the overrides (description, prompt, colour,
 * hidden, inference) plus, for the read-only agents, the rules that keep them read-only
 * under the global permission.
 */
function builtInAgent(
  name: (typeof BUILT_IN_AGENTS)[number],
  override: BuiltInAgent | undefined,
  capabilities: Capabilities,
  writers: readonly string[],
): AgentConfig | undefined {
  if (override?.disable === true) return { disable: true };
  const config: AgentConfig = {};
  if (override !== undefined) {
    if (override.description !== undefined) config.description = override.description;
    if (override.instructions !== undefined) config.prompt = override.instructions;
    if (override.color !== undefined) config.color = opencodeColor(override.color);
    if (override.hidden === true) config.hidden = true;
    inference(override, config);
  }
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

/**
 * Whether an agent can change the workspace (edit files, run commands, use a tool that
 * writes), judged with every capability allowed: a property of its definition, not of the
 * user's current settings. The same rules as the build, so the UI and the runtime agree.
 */
export function agentMayWrite(agent: Agent, config: Pick<OpenCoworkConfig, 'tools'>): boolean {
  const levels = Object.fromEntries(CAPABILITY_KEYS.map((key) => [key, 'allow' as const])) as Capabilities['levels'];
  return configuredPermission(agent, [], {
    capabilities: { levels, webSearch: true },
    catalog: new ToolCatalog(config.tools ?? []),
    mcpTrust: () => undefined,
    warnings: new Warnings(),
  }).mayWrite;
}
