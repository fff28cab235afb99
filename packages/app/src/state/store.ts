// The renderer's one zustand store, assembled from the features: each contributes its data's
// initial value (model/) and its closed set of named actions (slices/); host events
// enter only through `actions.ingest` (events.ts), which the bridge calls once per frame.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HostClient } from '../host/client.js';
import { eventIntake } from './events.js';
import { AGENTS_DATA } from './model/agents.js';
import { APPROVALS_DATA } from './model/approvals.js';
import { ARTIFACTS_DATA } from './model/artifacts.js';
import { CAPABILITIES_DATA } from './model/capabilities.js';
import { DIAGNOSTICS_DATA } from './model/diagnostics.js';
import { HISTORY_DATA } from './model/history.js';
import { IDENTITY_DATA } from './model/identity.js';
import { JOBS_DATA } from './model/jobs.js';
import { WORKFLOWS_DATA } from './model/workflows.js';
import { LIFECYCLE_DATA } from './model/lifecycle.js';
import { NOTICES_DATA } from './model/notices.js';
import { PROVIDERS_DATA } from './model/providers.js';
import { RUNTIME_DATA } from './model/runtime.js';
import { SESSIONS_DATA } from './model/sessions.js';
import { SETTINGS_DATA } from './model/settings.js';
import { UPDATES_DATA } from './model/updates.js';
import { WORKSPACES_DATA } from './model/workspaces.js';
import type { SliceContext } from './slice.js';
import { agentsSlice, restoredChatAgents } from './slices/agents.js';
import { approvalsSlice } from './slices/approvals.js';
import { artifactsSlice } from './slices/artifacts.js';
import { capabilitiesSlice } from './slices/capabilities.js';
import { diagnosticsSlice } from './slices/diagnostics.js';
import { historySlice } from './slices/history.js';
import { identitySlice } from './slices/identity.js';
import { jobsSlice } from './slices/jobs.js';
import { workflowsSlice } from './slices/workflows.js';
import { lifecycleSlice } from './slices/lifecycle.js';
import { noticesSlice } from './slices/notices.js';
import { providersSlice } from './slices/providers.js';
import { runtimeSlice } from './slices/runtime.js';
import { sessionsSlice } from './slices/sessions.js';
import { settingsSlice } from './slices/settings.js';
import { updatesSlice } from './slices/updates.js';
import { workspacesSlice, type PreferenceStore } from './slices/workspaces.js';
import type { AppActions, AppData, AppState } from './types.js';

export type AppStore = StoreApi<AppState>;

export interface AppStoreOptions {
  /** Remembers the current workspace and each chat's agent between reloads (the browser's localStorage); unset: not remembered. */
  readonly preferences?: PreferenceStore;
}

const INITIAL_DATA: AppData = {
  ...LIFECYCLE_DATA,
  ...RUNTIME_DATA,
  ...WORKSPACES_DATA,
  ...SESSIONS_DATA,
  ...APPROVALS_DATA,
  ...PROVIDERS_DATA,
  ...SETTINGS_DATA,
  ...AGENTS_DATA,
  ...CAPABILITIES_DATA,
  ...IDENTITY_DATA,
  ...UPDATES_DATA,
  ...JOBS_DATA,
  ...WORKFLOWS_DATA,
  ...DIAGNOSTICS_DATA,
  ...HISTORY_DATA,
  ...ARTIFACTS_DATA,
  ...NOTICES_DATA,
};

export function createAppStore(host: HostClient, options: AppStoreOptions = {}): AppStore {
  return createStore<AppState>()((set, get, api) => {
    // Filled below, before any action can run: slices call each other through it.
    const actions = {} as AppActions;
    const context: SliceContext<AppData> = { host, get, set, actions, watch: api };
    Object.assign(
      actions,
      lifecycleSlice(context, eventIntake(get, set)),
      runtimeSlice(context),
      workspacesSlice(context, options.preferences),
      sessionsSlice(context),
      approvalsSlice(context),
      providersSlice(context),
      settingsSlice(context),
      agentsSlice(context, options.preferences),
      capabilitiesSlice(context),
      identitySlice(context),
      updatesSlice(context),
      jobsSlice(context),
      workflowsSlice(context),
      diagnosticsSlice(context),
      historySlice(context),
      artifactsSlice(context),
      noticesSlice(context),
    );
    return { ...INITIAL_DATA, chatAgents: restoredChatAgents(options.preferences), actions };
  });
}
