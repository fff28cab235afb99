// HOST_METHODS: every method of the host, by dotted name ("area.verb"). One file per area in
// ./methods/; each method's params and result are JSON Schemas whose `$ref`s point into
// HOST_DEFS (compile them through ./schema-bundle.ts).

import type { MethodSpec } from './contract.js';
import { AGENT_METHODS } from './methods/agents.js';
import { APP_METHODS } from './methods/app.js';
import { ARTIFACT_METHODS } from './methods/artifacts.js';
import { AUTH_METHODS } from './methods/auth.js';
import { CAPABILITY_METHODS } from './methods/capabilities.js';
import { JOB_METHODS } from './methods/jobs.js';
import { MCP_METHODS } from './methods/mcps.js';
import { PROVIDER_METHODS } from './methods/providers.js';
import { PERMISSION_METHODS, QUESTION_METHODS } from './methods/requests.js';
import { RUNTIME_METHODS } from './methods/runtime.js';
import { SESSION_HISTORY_METHODS } from './methods/session-history.js';
import { SESSION_METHODS } from './methods/sessions.js';
import { SETTINGS_METHODS } from './methods/settings.js';
import { UPDATE_METHODS } from './methods/updates.js';
import { WORKFLOW_METHODS } from './methods/workflows.js';
import { WORKSPACE_METHODS } from './methods/workspaces.js';

export const HOST_METHODS = {
  ...APP_METHODS,
  ...RUNTIME_METHODS,
  ...WORKSPACE_METHODS,
  ...SESSION_METHODS,
  ...SESSION_HISTORY_METHODS,
  ...ARTIFACT_METHODS,
  ...PERMISSION_METHODS,
  ...QUESTION_METHODS,
  ...AGENT_METHODS,
  ...CAPABILITY_METHODS,
  ...MCP_METHODS,
  ...PROVIDER_METHODS,
  ...SETTINGS_METHODS,
  ...UPDATE_METHODS,
  ...AUTH_METHODS,
  ...JOB_METHODS,
  ...WORKFLOW_METHODS,
} as const satisfies Record<string, MethodSpec>;
