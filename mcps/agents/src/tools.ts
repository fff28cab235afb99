// The agents server's tools: list, preview, save.

import type { Agent } from '@open-cowork/contracts';
import { defineTool, jsonResult, type Tool } from '@open-cowork/mcp-kit';
import type { AgentBridge } from './bridge.js';
import { CUSTOM_AGENT_SHAPE, toCustomAgent } from './custom-agent.js';

function line(agent: Agent): string {
  const flags = [agent.source, agent.mode, agent.editable ? 'editable' : 'read-only', agent.hidden ? 'hidden' : undefined].filter(Boolean).join(', ');
  return `- ${agent.name}${agent.label ? ` (${agent.label})` : ''} [${flags}]${agent.description ? `: ${agent.description}` : ''}`;
}

export function agentsTools(bridge: AgentBridge): Tool[] {
  return [
    defineTool({
      name: 'list',
      title: 'List agents',
      description: 'All agents the app has: built-in, configured (both read-only) and the user\'s custom agents (editable).',
      input: {},
      readOnly: true,
      async run() {
        const agents = await bridge.list();
        return jsonResult({ agents }, { text: `${agents.length} agents:\n${agents.map(line).join('\n')}\n\n${JSON.stringify({ agents }, null, 2)}` });
      },
    }),
    defineTool({
      name: 'preview',
      title: 'Preview a custom agent',
      description:
        'Validates a custom agent definition with the app (same checks as the agent builder) and shows the resulting agent and any warnings, without saving. Use it before save, and show the user the result.',
      input: CUSTOM_AGENT_SHAPE,
      readOnly: true,
      async run(args) {
        const { agent, warnings } = await bridge.preview(toCustomAgent(args));
        const text = `Preview of "${agent.name}" (not saved):\n${line(agent)}${warnings.length > 0 ? `\nWarnings:\n- ${warnings.join('\n- ')}` : ''}\n\n${JSON.stringify({ agent, warnings }, null, 2)}`;
        return jsonResult({ agent, warnings }, { text });
      },
    }),
    defineTool({
      name: 'save',
      title: 'Save a custom agent',
      description:
        'Creates or updates a custom agent in the app. Only custom agents can be saved: a built-in or configured agent\'s name is refused. Preview first and get the user\'s agreement.',
      input: CUSTOM_AGENT_SHAPE,
      destructive: false,
      async run(args) {
        const agent = await bridge.save(toCustomAgent(args));
        return jsonResult({ agent }, { text: `Saved custom agent "${agent.name}".\n${line(agent)}\n\n${JSON.stringify({ agent }, null, 2)}` });
      },
    }),
  ];
}
