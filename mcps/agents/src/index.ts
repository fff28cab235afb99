// The agents MCP server: lists agents, previews and saves custom agents through the app's
// loopback agent bridge (protocol: ../README.md).
//
// Environment:
//   OPEN_COWORK_AGENT_BRIDGE_URL     http://127.0.0.1:<port>[/prefix] or http://[::1]:<port>[/prefix]; required
//   OPEN_COWORK_AGENT_BRIDGE_TOKEN   bearer token for the bridge; required

import { runStdioServer } from '@open-cowork/mcp-kit';
import { AgentBridge } from './bridge.js';
import { bridgeConfigFromEnv } from './config.js';
import { agentsTools } from './tools.js';

await runStdioServer({
  name: 'agents',
  version: '0.1.0',
  instructions: 'Build custom agents with agents_preview, show the result to the user, then agents_save. Built-in and configured agents are read-only.',
  setup: (env) => new AgentBridge(bridgeConfigFromEnv(env)),
  tools: agentsTools,
});
