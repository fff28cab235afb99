// Public API of @open-cowork/testing: a scripted OpenAI-compatible model for tests, demos and
// benchmarks, OpenCode config fragments for it, and an MCP server fixture.

export { startScriptedModel, DEFAULT_MODEL_IDS, type ScriptedModel, type ScriptedModelOptions } from './server.js';
export {
  Script,
  TITLE_RULE,
  DEFAULT_RULE,
  FAULT_TYPES,
  type Fault,
  type FaultReply,
  type FaultType,
  type Reply,
  type ReplyFn,
  type RuleMatch,
  type ScriptRule,
  type TextReply,
  type ToolCallSpec,
  type ToolCallsReply,
} from './script.js';
export type { Conversation, ToolResult } from './conversation.js';
export type { LoggedRequest, RequestPredicate } from './request-log.js';
export type { ChatMessage, ChatRequestBody, ChatTool, ChatToolCall } from './chat.js';
export { isTitleRequest, titleFor } from './title.js';
export {
  scriptedProviderConfig,
  scriptedOpencodeConfig,
  type OpencodeProviderConfig,
  type ProviderConfigOptions,
} from './provider-config.js';
export {
  parseScript,
  loadScriptFile,
  formatIssue,
  SCRIPT_INVALID,
  SCRIPT_UNREADABLE,
  type ScriptFile,
  type ScriptIssue,
} from './script-file.js';
export { factsMcpServerPath, factsMcpServerConfig, FACTS_MCP_ENV_FILE, type LocalMcpConfig } from './mcp-fixture.js';
export { startHttpMcpServer, remoteFactFor, type HttpMcpServer, type HttpMcpServerOptions } from './http-mcp-server.js';
export { makeTestTls, OPENSSL_MISSING, startLocalHttps, type HttpsHandler, type LocalHttps, type SeenRequest, type TestTls } from './tls.js';
