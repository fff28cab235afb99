// The knowledge MCP server: Markdown notes with ranked full-text search.
//
// Environment:
//   OPEN_COWORK_KNOWLEDGE_DIR   absolute directory of the notes (created if missing); required

import { absoluteDirFromEnv, runStdioServer } from '@open-cowork/mcp-kit';
import { KnowledgeStore } from './store.js';
import { knowledgeTools } from './tools.js';

await runStdioServer({
  name: 'knowledge',
  version: '0.1.0',
  instructions: 'Search the knowledge base (knowledge_search) before answering questions about earlier work; save durable findings with knowledge_add.',
  setup: (env) => new KnowledgeStore(absoluteDirFromEnv(env, 'OPEN_COWORK_KNOWLEDGE_DIR', { create: true })),
  tools: knowledgeTools,
});
