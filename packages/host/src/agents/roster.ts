// Every agent the runtime runs, as the agents page and the capability cards see them:
// OpenCode's built-ins (minus the disabled ones), the configured agents and the user's custom
// agents that the config builder accepts, each with where it comes from. The same name rules
// as the builder (checkAgent), so the list never shows an agent OpenCode does not have.
import type { Agent as ConfigAgent, OpenCoworkConfig } from '@open-cowork/config';
import type { Agent, CustomAgent } from '@open-cowork/contracts';
import { agentMayWrite, BUILT_IN_AGENTS, checkAgent, customAsConfigured, NAME_ISSUES, type BuiltInAgentName } from '@open-cowork/runtime';

export interface RosterEntry {
  /** What agents.list shows. */
  readonly view: Agent;
  /** The definition in the app config's shape (custom ones with their default mode filled in); unset for built-ins. */
  readonly definition?: ConfigAgent;
  /** Custom agents only: the saved definition, as the user wrote it. */
  readonly saved?: CustomAgent;
}

/** How OpenCode's own agents present themselves. */
const BUILT_INS: Readonly<Record<BuiltInAgentName, { label: string; description: string; mode: Agent['mode']; readOnly: boolean }>> = {
  build: {
    label: 'Build',
    description: 'The default agent: reads, edits and runs commands in the workspace, as far as the permission settings allow.',
    mode: 'primary',
    readOnly: false,
  },
  plan: {
    label: 'Plan',
    description: 'Thinks a task through and proposes a plan without changing anything: no file edits, shell commands only with approval.',
    mode: 'primary',
    readOnly: true,
  },
  general: {
    label: 'General',
    description: 'A general-purpose helper other agents delegate multi-step research and tasks to.',
    mode: 'subagent',
    readOnly: false,
  },
  explore: {
    label: 'Explore',
    description: 'A fast, read-only helper for finding files and answering questions about the workspace.',
    mode: 'subagent',
    readOnly: true,
  },
};

/** Built-in, then configured, then custom, as agents.list orders them. */
export function agentRoster(config: OpenCoworkConfig, saved: readonly CustomAgent[]): RosterEntry[] {
  const entries: RosterEntry[] = [];
  for (const name of BUILT_IN_AGENTS) {
    const override = config.builtInAgents?.[name];
    if (override?.disable === true) continue;
    const { label, description, mode, readOnly } = BUILT_INS[name];
    entries.push({
      view: { name, source: 'built-in', label, description, mode, ...(override?.model === undefined ? {} : { model: override.model }), readOnly, editable: false },
    });
  }

  const taken = new Set<string>();
  for (const agent of config.agents ?? []) {
    if (!acceptedName(agent, config, taken)) continue;
    taken.add(agent.name);
    entries.push({ view: agentView(agent, 'configured', config), definition: agent });
  }
  for (const agent of saved) {
    const definition = customAsConfigured(agent);
    if (!acceptedName(definition, config, taken)) continue;
    taken.add(agent.name);
    entries.push({ view: agentView(definition, 'custom', config), definition, saved: agent });
  }
  return entries;
}

/** Names a configured agent holds: a custom agent may not take them. */
export function configuredNames(config: OpenCoworkConfig): Set<string> {
  return new Set(agentRoster(config, []).filter((entry) => entry.view.source === 'configured').map((entry) => entry.view.name));
}

function acceptedName(agent: ConfigAgent, config: OpenCoworkConfig, taken: ReadonlySet<string>): boolean {
  return !checkAgent(agent, { config, providers: new Set(), taken }).some((issue) => NAME_ISSUES.has(issue.kind));
}

function agentView(agent: ConfigAgent, source: 'configured' | 'custom', config: OpenCoworkConfig): Agent {
  return {
    name: agent.name,
    source,
    ...(agent.label ? { label: agent.label } : {}),
    ...(agent.description === undefined ? {} : { description: agent.description }),
    mode: agent.mode ?? 'subagent',
    ...(agent.model === undefined ? {} : { model: agent.model }),
    ...(agent.color === undefined ? {} : { color: agent.color }),
    ...(agent.hidden === undefined ? {} : { hidden: agent.hidden }),
    readOnly: !agentMayWrite(agent, config),
    editable: source === 'custom',
    ...(agent.toolIds === undefined ? {} : { toolIds: [...agent.toolIds] }),
    ...(agent.skillNames === undefined ? {} : { skillNames: [...agent.skillNames] }),
  };
}
