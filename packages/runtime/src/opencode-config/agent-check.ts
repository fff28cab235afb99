// The one check every agent definition goes through, wherever it comes from: the config
// builder runs it on configured and custom agents before writing them for OpenCode, and the
// host runs it before saving a custom agent (where a problem refuses the save instead of
// being dropped with a warning).

import type { Agent, OpenCoworkConfig } from '@open-cowork/config';
import { pointer } from './warnings.js';

/** OpenCode's configurable built-ins, in the order they are written. */
export const BUILT_IN_AGENTS = ['build', 'plan', 'general', 'explore'] as const;
export type BuiltInAgentName = (typeof BUILT_IN_AGENTS)[number];

/** Names OpenCode itself uses (its built-ins and hidden helpers); no other agent may take them. */
export const RESERVED_AGENT_NAMES: ReadonlySet<string> = new Set([...BUILT_IN_AGENTS, 'compaction', 'title', 'summary']);

/** The contract's AgentName: lower-case letters, digits and hyphens, starting with a letter or digit. */
const AGENT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** The contract's ModelRef: "provider/model", the model part possibly holding more slashes. */
const MODEL_REF = /^([a-z0-9][a-z0-9._-]*)\/(.+)$/;

export type AgentIssueKind =
  | 'name-invalid'
  | 'name-reserved'
  | 'name-taken'
  | 'tool-unknown'
  | 'skill-unknown'
  | 'model-invalid'
  | 'model-provider-unavailable';

/** Problems with the agent's name: the agent cannot exist under it at all. */
export const NAME_ISSUES: ReadonlySet<AgentIssueKind> = new Set(['name-invalid', 'name-reserved', 'name-taken']);

export interface AgentIssue {
  readonly kind: AgentIssueKind;
  /** RFC 6901 pointer into the agent definition ("/toolIds/1"). */
  readonly pointer: string;
  /** The offending value (the name, tool id, skill name or model). */
  readonly value: string;
  readonly message: string;
}

export interface AgentCheckContext {
  /** Supplies the tool catalog (`tools[].id`) and the skills (their ids) an agent may name. */
  readonly config: Pick<OpenCoworkConfig, 'tools' | 'skills'>;
  /**
   * Providers an agent's model may belong to: `providers.available` when a user saves an
   * agent, the enabled ones (narrowed by the user's settings) when the runtime config is built.
   */
  readonly providers: ReadonlySet<string>;
  /** Names other agents already hold (configured agents, for a custom one). Reserved names are always refused. */
  readonly taken: ReadonlySet<string>;
}

/** A skill's id: upstream's `sourceName`, or `name` in configs without one. */
export function skillId(skill: { readonly name: string; readonly sourceName?: string }): string {
  return skill.sourceName ?? skill.name;
}

/** Every problem with one definition, in field order; empty when it is sound. */
export function checkAgent(agent: Agent, context: AgentCheckContext): AgentIssue[] {
  const issues: AgentIssue[] = [];
  const add = (kind: AgentIssueKind, at: string, value: string, message: string): void => {
    issues.push({ kind, pointer: at, value, message });
  };

  if (!AGENT_NAME.test(agent.name)) {
    add('name-invalid', '/name', agent.name, `"${agent.name}" is not a valid agent name: use 1-64 lower-case letters, digits and hyphens, starting with a letter or digit.`);
  } else if (RESERVED_AGENT_NAMES.has(agent.name)) {
    add('name-reserved', '/name', agent.name, `"${agent.name}" is the name of one of OpenCode's own agents; pick another name.`);
  } else if (context.taken.has(agent.name)) {
    add('name-taken', '/name', agent.name, `Another agent is already named "${agent.name}"; pick another name.`);
  }

  const tools = new Set((context.config.tools ?? []).map((tool) => tool.id));
  (agent.toolIds ?? []).forEach((id, index) => {
    if (!tools.has(id)) add('tool-unknown', pointer('toolIds', index), id, `Tool "${id}" is not in the tool catalog (${[...tools].join(', ') || 'empty'}).`);
  });
  const skills = new Set((context.config.skills ?? []).map(skillId));
  (agent.skillNames ?? []).forEach((name, index) => {
    if (!skills.has(name)) add('skill-unknown', pointer('skillNames', index), name, `Skill "${name}" is not one of the app's skills (${[...skills].join(', ') || 'none'}).`);
  });

  if (agent.model !== undefined) {
    const provider = MODEL_REF.exec(agent.model)?.[1];
    if (provider === undefined) {
      add('model-invalid', '/model', agent.model, `Model "${agent.model}" is not a "provider/model" reference.`);
    } else if (!context.providers.has(provider)) {
      add(
        'model-provider-unavailable',
        '/model',
        agent.model,
        `Model "${agent.model}" belongs to provider "${provider}", which is not available (${[...context.providers].join(', ') || 'none'}).`,
      );
    }
  }
  return issues;
}
