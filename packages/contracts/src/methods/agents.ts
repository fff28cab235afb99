import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, noParams, object, ref, yes } from '../schemas/build.js';

const byName = (description: string) => object(description, { name: ref('AgentName', 'The agent.') }, ['name']);

export const AGENT_METHODS = {
  'agents.list': {
    description: 'Every agent: OpenCode\'s built-ins, the app config\'s and the user\'s custom ones (disabled ones left out).',
    params: noParams(),
    result: object('The agents.', { agents: array('Built-in, then configured, then custom.', ref('Agent', 'One agent.')) }, ['agents']),
    errors: [],
  },
  'agents.templates': {
    description: 'Starter templates for the agent builder: the app config\'s agentStarterTemplates, or the host\'s upstream examples when the config sets none (their tools and skills narrowed to what the app has).',
    params: noParams(),
    result: object('The templates.', { templates: array('In the config\'s order.', ref('AgentTemplate', 'One template.')) }, ['templates']),
    errors: [],
  },
  'agents.get': {
    description: 'One agent, with its full definition when it is a custom one (for the editor).',
    params: byName('The agent.'),
    result: object(
      'The agent.',
      {
        agent: ref('Agent', 'The agent.'),
        definition: ref('CustomAgent', 'Custom agents only: the saved definition.'),
      },
      ['agent'],
    ),
    errors: [HostErrorCode.NotFound],
  },
  'agents.save': {
    description: 'Create or replace a custom agent. Checked exactly like a configured agent (names, tools, skills, models); the runtime restarts to pick it up.',
    params: object('The definition.', { agent: ref('CustomAgent', 'The agent to save.') }, ['agent']),
    result: ref('Agent', 'The saved agent.'),
    errors: [HostErrorCode.Conflict, HostErrorCode.ValidationFailed],
  },
  'agents.delete': {
    description: 'Delete a custom agent. Built-in and configured agents cannot be deleted (CONFLICT).',
    params: byName('The agent.'),
    result: object('Deleted.', { deleted: yes('Always true.') }, ['deleted']),
    errors: [HostErrorCode.NotFound, HostErrorCode.Conflict],
  },
} as const satisfies Record<string, MethodSpec>;
