// The renderer's state as a whole: every feature's data and actions (model/*.ts), joined into
// the one store components read from (see README.md in this folder).

import type { AgentsActions, AgentsData } from './model/agents.js';
import type { ApprovalsActions, ApprovalsData } from './model/approvals.js';
import type { ArtifactsActions, ArtifactsData } from './model/artifacts.js';
import type { CapabilitiesActions, CapabilitiesData } from './model/capabilities.js';
import type { DiagnosticsActions, DiagnosticsData } from './model/diagnostics.js';
import type { HistoryActions, HistoryData } from './model/history.js';
import type { IdentityActions, IdentityData } from './model/identity.js';
import type { JobsActions, JobsData } from './model/jobs.js';
import type { LifecycleActions, LifecycleData } from './model/lifecycle.js';
import type { NoticesActions, NoticesData } from './model/notices.js';
import type { ProvidersActions, ProvidersData } from './model/providers.js';
import type { RuntimeActions, RuntimeData } from './model/runtime.js';
import type { SessionsActions, SessionsData } from './model/sessions.js';
import type { SettingsActions, SettingsData } from './model/settings.js';
import type { UpdatesActions, UpdatesData } from './model/updates.js';
import type { WorkflowsActions, WorkflowsData } from './model/workflows.js';
import type { WorkspacesActions, WorkspacesData } from './model/workspaces.js';

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
    JobsData,
    WorkflowsData,
    DiagnosticsData,
    HistoryData,
    ArtifactsData,
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
    JobsActions,
    WorkflowsActions,
    DiagnosticsActions,
    HistoryActions,
    ArtifactsActions,
    NoticesActions {}

export interface AppState extends AppData {
  readonly actions: AppActions;
}
