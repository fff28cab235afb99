// The workflows MCP server: saved prompt playbooks with parameters, and a log of their runs.
//
// Environment:
//   OPEN_COWORK_WORKFLOWS_DIR   absolute directory of the playbooks (created if missing); required

import { absoluteDirFromEnv, runStdioServer } from '@open-cowork/mcp-kit';
import { WorkflowStore } from './store.js';
import { workflowsTools } from './tools.js';

await runStdioServer({
  name: 'workflows',
  version: '0.1.0',
  instructions:
    'workflows_run returns instructions that you carry out immediately; design playbooks with workflows_save, declaring every {{param}} the template uses.',
  setup: (env) => new WorkflowStore(absoluteDirFromEnv(env, 'OPEN_COWORK_WORKFLOWS_DIR', { create: true })),
  tools: workflowsTools,
});
