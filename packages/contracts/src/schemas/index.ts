// HOST_DEFS: the one table of shared definitions. Method and event schemas point into it with
// `{"$ref": "#/$defs/Name"}`; to compile one, embed this table as its `$defs` (see
// ../schema-bundle.ts, which does exactly that). Names are unique across areas.

import type { JsonSchema } from '../contract.js';
import { AGENT_DEFS } from './agents.js';
import { APP_DEFS } from './app.js';
import { ARTIFACT_DEFS } from './artifacts.js';
import { AUTH_DEFS } from './auth.js';
import { CAPABILITY_DEFS } from './capabilities.js';
import { COMMON_DEFS } from './common.js';
import { JOB_DEFS } from './jobs.js';
import { MCP_DEFS } from './mcps.js';
import { PROVIDER_DEFS } from './providers.js';
import { REQUEST_DEFS } from './requests.js';
import { RUNTIME_DEFS } from './runtime.js';
import { SESSION_DEFS } from './sessions.js';
import { SETTINGS_DEFS } from './settings.js';
import { UPDATE_DEFS } from './updates.js';
import { WORKFLOW_DEFS } from './workflows.js';
import { WORKSPACE_DEFS } from './workspaces.js';

export const HOST_DEF_GROUPS = {
  common: COMMON_DEFS,
  app: APP_DEFS,
  runtime: RUNTIME_DEFS,
  workspaces: WORKSPACE_DEFS,
  sessions: SESSION_DEFS,
  artifacts: ARTIFACT_DEFS,
  requests: REQUEST_DEFS,
  agents: AGENT_DEFS,
  capabilities: CAPABILITY_DEFS,
  mcps: MCP_DEFS,
  providers: PROVIDER_DEFS,
  settings: SETTINGS_DEFS,
  updates: UPDATE_DEFS,
  auth: AUTH_DEFS,
  jobs: JOB_DEFS,
  workflows: WORKFLOW_DEFS,
} as const;

export const HOST_DEFS = {
  ...COMMON_DEFS,
  ...APP_DEFS,
  ...RUNTIME_DEFS,
  ...WORKSPACE_DEFS,
  ...SESSION_DEFS,
  ...ARTIFACT_DEFS,
  ...REQUEST_DEFS,
  ...AGENT_DEFS,
  ...CAPABILITY_DEFS,
  ...MCP_DEFS,
  ...PROVIDER_DEFS,
  ...SETTINGS_DEFS,
  ...UPDATE_DEFS,
  ...AUTH_DEFS,
  ...JOB_DEFS,
  ...WORKFLOW_DEFS,
} as const satisfies Record<string, JsonSchema>;

export type HostDefName = keyof typeof HOST_DEFS;
