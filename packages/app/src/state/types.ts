// The renderer's state as a whole: every feature slice's data and actions (slices/*.ts),
// joined into the one store components read from (see README.md in this folder).

import type { AgentsActions, AgentsData } from './slices/agents.js';
import type { ApprovalsActions, ApprovalsData } from './slices/approvals.js';
import type { CapabilitiesActions, CapabilitiesData } from './slices/capabilities.js';
import type { DiagnosticsActions, DiagnosticsData } from './slices/diagnostics.js';
import type { IdentityActions, IdentityData } from './slices/identity.js';
import type { LifecycleActions, LifecycleData } from './slices/lifecycle.js';
import type { NoticesActions, NoticesData } from './slices/notices.js';
import type { ProvidersActions, ProvidersData } from './slices/providers.js';
import type { RuntimeActions, RuntimeData } from './slices/runtime.js';
import type { SessionsActions, SessionsData } from './slices/sessions.js';
import type { SettingsActions, SettingsData } from './slices/settings.js';
import type { UpdatesActions, UpdatesData } from './slices/updates.js';
import type { WorkspacesActions, WorkspacesData } from './slices/workspaces.js';

/** Everything the renderer knows about the host, changed only through `actions`. */
export interface AppData
  extends LifecycleData,
    RuntimeData,
    WorkspacesData,
    SessionsData,
    ApprovalsData,
    ProvidersData,
    SettingsData,
    AgentsData,
    CapabilitiesData,
    IdentityData,
    UpdatesData,
    DiagnosticsData,
    NoticesData {}

/** The closed set of ways the state changes: every slice's actions. Components call these; nothing else writes. */
export interface AppActions
  extends LifecycleActions,
    RuntimeActions,
    WorkspacesActions,
    SessionsActions,
    ApprovalsActions,
    ProvidersActions,
    SettingsActions,
    AgentsActions,
    CapabilitiesActions,
    IdentityActions,
    UpdatesActions,
    DiagnosticsActions,
    NoticesActions {}

export interface AppState extends AppData {
  readonly actions: AppActions;
}
