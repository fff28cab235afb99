// The renderer's one zustand store, assembled from the feature slices in slices/. Each slice
// contributes its data's initial value and its closed set of named actions; host events
// enter only through `actions.ingest` (events.ts), which the bridge calls once per frame.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HostClient } from '../host/client.js';
import type { SliceContext } from './slice.js';
import { AGENTS_DATA, agentsSlice } from './slices/agents.js';
import { APPROVALS_DATA, approvalsSlice } from './slices/approvals.js';
import { CAPABILITIES_DATA, capabilitiesSlice } from './slices/capabilities.js';
import { DIAGNOSTICS_DATA, diagnosticsSlice } from './slices/diagnostics.js';
import { IDENTITY_DATA, identitySlice } from './slices/identity.js';
import { LIFECYCLE_DATA, lifecycleSlice } from './slices/lifecycle.js';
import { NOTICES_DATA, noticesSlice } from './slices/notices.js';
import { PROVIDERS_DATA, providersSlice } from './slices/providers.js';
import { RUNTIME_DATA, runtimeSlice } from './slices/runtime.js';
import { SESSIONS_DATA, sessionsSlice } from './slices/sessions.js';
import { SETTINGS_DATA, settingsSlice } from './slices/settings.js';
import { UPDATES_DATA, updatesSlice } from './slices/updates.js';
import { WORKSPACES_DATA, workspacesSlice, type PreferenceStore } from './slices/workspaces.js';
import type { AppActions, AppData, AppState } from './types.js';

export type AppStore = StoreApi<AppState>;

export interface AppStoreOptions {
  /** Remembers the current workspace between reloads (the browser's localStorage); unset: not remembered. */
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
  ...DIAGNOSTICS_DATA,
  ...NOTICES_DATA,
};

export function createAppStore(host: HostClient, options: AppStoreOptions = {}): AppStore {
  return createStore<AppState>()((set, get, api) => {
    // Filled below, before any action can run: slices call each other through it.
    const actions = {} as AppActions;
    const context: SliceContext = { host, get, set, actions, watch: api };
    Object.assign(
      actions,
      lifecycleSlice(context),
      runtimeSlice(context),
      workspacesSlice(context, options.preferences),
      sessionsSlice(context),
      approvalsSlice(context),
      providersSlice(context),
      settingsSlice(context),
      agentsSlice(context),
      capabilitiesSlice(context),
      identitySlice(context),
      updatesSlice(context),
      diagnosticsSlice(context),
      noticesSlice(context),
    );
    return { ...INITIAL_DATA, actions };
  });
}
