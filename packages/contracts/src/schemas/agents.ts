// Agents: OpenCode's built-ins, the ones the app config defines, and the user's custom agents.

import type { JsonSchema } from '../contract.js';
import { array, boolean, integer, map, anyJson, number, object, oneOfStrings, ref, string, text } from './build.js';

const toolPatterns = (description: string): JsonSchema =>
  array(description, text('A runtime tool name or glob pattern ("*" matches any run of characters).', { maxLength: 256 }), {
    uniqueItems: true,
    maxItems: 256,
  });

export const AGENT_DEFS = {
  AgentMode: oneOfStrings(
    ['primary', 'subagent', 'all'],
    '"primary" agents can own a chat, "subagent" agents are only delegated to, "all" allows both.',
  ),
  Agent: object(
    'An agent as the pickers and the agents page show it.',
    {
      name: ref('AgentName', 'Unique id used by the runtime, in prompts (sessions.prompt agent) and for @-mentions.'),
      source: oneOfStrings(
        ['built-in', 'configured', 'custom'],
        '"built-in": one of OpenCode\'s own agents; "configured": defined by the app config; "custom": created by the user (editable).',
      ),
      label: text('Display name; unset shows the name.'),
      description: string('When to use the agent.'),
      mode: ref('AgentMode', 'Where the agent can be used.'),
      model: ref('ModelRef', 'The agent\'s own model; unset uses the session\'s.'),
      color: ref('ColorToken', 'Colour of the agent\'s chip.'),
      hidden: boolean('Hidden from pickers and @-mentions, still available for delegation.'),
      readOnly: boolean('The agent cannot change the workspace (no file edits, no shell), like "plan" and "explore".'),
      editable: boolean('Whether agents.save and agents.delete may change it (custom agents only).'),
      toolIds: array('Tool catalog ids granted to the agent.', ref('ToolId', 'A tool catalog id.')),
      skillNames: array('Skills the agent may load.', ref('SkillName', 'A skill name.')),
    },
    ['name', 'source', 'mode', 'readOnly', 'editable'],
  ),
  CustomAgent: object(
    'A user-defined agent, saved as an OpenCode agent definition. Same fields and meaning as an agent in the app config (agents[]), so one validation applies everywhere.',
    {
      name: ref('AgentName', 'Unique id; must not be a built-in or configured agent\'s name.'),
      label: text('Display name; unset shows the name.', { maxLength: 64 }),
      description: text('When to use the agent; shown in the UI and read by other agents deciding on delegation.', { maxLength: 1024 }),
      instructions: text('The agent\'s system prompt.', { maxLength: 100_000 }),
      mode: ref('AgentMode', 'Where the agent can be used; unset means "all" (it can own a chat and be delegated to).'),
      model: ref('ModelRef', 'The agent\'s model; unset uses the session\'s.'),
      variant: text('Provider-defined model variant (e.g. a reasoning-effort preset), passed to OpenCode unchanged.'),
      temperature: { type: 'number', minimum: 0, maximum: 2, description: 'Sampling temperature (0-2); unset uses the model default.' },
      top_p: { type: 'number', minimum: 0, maximum: 1, description: 'Nucleus-sampling probability mass (0-1); unset uses the model default.' },
      steps: { type: 'integer', minimum: 1, maximum: 1000, description: 'Maximum tool-loop iterations (1-1000) before the agent must answer.' },
      toolIds: array('Tool catalog ids granted to the agent; their allow and ask patterns become its permissions.', ref('ToolId', 'A tool catalog id.'), {
        uniqueItems: true,
      }),
      allowTools: toolPatterns('Extra tool-name patterns the agent may call without asking.'),
      askTools: toolPatterns('Extra tool-name patterns that ask the user before each call.'),
      denyTools: toolPatterns('Tool-name patterns the agent may never call; deny wins over allow and ask.'),
      skillNames: array('Skills the agent may load.', ref('SkillName', 'A skill name.'), { uniqueItems: true }),
      color: ref('ColorToken', 'Colour of the agent\'s chip.'),
      hidden: boolean('Hide from pickers and @-mentions, keep available for delegation.'),
      options: map('Provider-specific model options forwarded to OpenCode unchanged.', anyJson('One option.')),
    },
    ['name', 'description', 'instructions'],
  ),
  AgentTemplate: object(
    'A starter card in the agent builder. Picking one only pre-fills the form; saving makes a normal custom agent.',
    {
      id: text('Stable template id.', { maxLength: 64 }),
      source: oneOfStrings(
        ['configured', 'example'],
        '"configured": from the app config\'s agentStarterTemplates; "example": one of the upstream examples the host offers when the config sets none.',
      ),
      label: text('Card title; also the suggested label of the new agent.', { maxLength: 64 }),
      description: string('What the role is for; also the suggested description.'),
      color: ref('ColorToken', 'Suggested chip colour.'),
      mode: ref('AgentMode', 'Suggested mode of the new agent.'),
      instructions: string('Suggested instructions (system prompt).'),
      toolIds: array('Tool catalog ids pre-selected; only ids the catalog has.', ref('ToolId', 'A tool catalog id.')),
      skillNames: array('Skills pre-selected; only skills the app has.', ref('SkillName', 'A skill name.')),
      model: ref('ModelRef', 'Suggested model; unset leaves the session\'s.'),
      temperature: number('Suggested sampling temperature (0-2).', { minimum: 0, maximum: 2 }),
      steps: integer('Suggested tool-loop limit (1-1000).', { minimum: 1, maximum: 1000 }),
    },
    ['id', 'source', 'label'],
  ),
} as const satisfies Record<string, JsonSchema>;
