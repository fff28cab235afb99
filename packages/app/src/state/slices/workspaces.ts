// Workspaces: the folders chats run in, which one is current (remembered between reloads),
// and the files of a folder for the attachment picker.

import type { Session, SessionId, Workspace, WorkspaceId, WorkspacesFilesResult } from '@open-cowork/contracts';
import { HostError } from '../../host/errors.js';
import type { SliceContext } from '../slice.js';

export interface WorkspacesData {
  readonly workspaces: readonly Workspace[];
  /** The workspace the sidebar lists and new chats start in (remembered across reloads). */
  readonly currentWorkspaceId: WorkspaceId | undefined;
}

export interface WorkspacesActions {
  /** Loads the workspace list and settles the current workspace (the remembered one, else the first). */
  loadWorkspaces(): Promise<void>;
  /** Makes the workspace the current one: the sidebar lists its chats, new chats start there. */
  selectWorkspace(workspaceId: WorkspaceId): void;
  /** Adds a folder as a workspace, makes it the current one and loads its chats. */
  addWorkspace(path: string, name?: string): Promise<Workspace>;
  /** Forgets a workspace (never the last one); its chats leave the lists. */
  removeWorkspace(workspaceId: WorkspaceId): Promise<void>;
  /** Files of a workspace folder for the attachment picker. */
  listWorkspaceFiles(workspaceId: WorkspaceId, query?: string, limit?: number): Promise<WorkspacesFilesResult>;
}

export const WORKSPACES_DATA: WorkspacesData = { workspaces: [], currentWorkspaceId: undefined };

/** The preference key of the current workspace. */
export const WORKSPACE_PREFERENCE = 'open-cowork.workspace';

/** Where the renderer remembers small choices between reloads (localStorage in the browser). */
export interface PreferenceStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The workspace to make current: the one asked for if listed, else the current one if still listed, else the first. */
function settleWorkspace(workspaces: readonly Workspace[], ...preferred: (WorkspaceId | null | undefined)[]): WorkspaceId | undefined {
  for (const id of preferred) if (id && workspaces.some((w) => w.id === id)) return id;
  return workspaces[0]?.id;
}

export function workspacesSlice({ host, get, set, actions }: SliceContext, preferences: PreferenceStore | undefined): WorkspacesActions {
  const remembered = (): string | null => {
    try {
      return preferences?.getItem(WORKSPACE_PREFERENCE) ?? null;
    } catch {
      return null;
    }
  };
  const remember = (id: WorkspaceId): void => {
    try {
      preferences?.setItem(WORKSPACE_PREFERENCE, id);
    } catch {
      // private mode or a full storage: the choice lasts until the reload
    }
  };

  return {
    async loadWorkspaces() {
      const { workspaces } = await host['workspaces.list']({});
      set((s) => ({ workspaces, currentWorkspaceId: settleWorkspace(workspaces, s.currentWorkspaceId, remembered()) }));
    },

    selectWorkspace(workspaceId) {
      if (!get().workspaces.some((w) => w.id === workspaceId)) return;
      remember(workspaceId);
      set({ currentWorkspaceId: workspaceId });
    },

    async addWorkspace(path, name) {
      const workspace = await host['workspaces.add']({ path, ...(name === undefined || name.trim() === '' ? {} : { name: name.trim() }) });
      set((s) => ({ workspaces: [...s.workspaces.filter((w) => w.id !== workspace.id), workspace] }));
      actions.selectWorkspace(workspace.id);
      // Its chats (a folder used before keeps its OpenCode history).
      const { sessions, statuses } = await host['sessions.list']({ workspaceId: workspace.id }).catch(() => ({ sessions: [], statuses: {} }));
      set((s) => {
        const byId = { ...s.sessions.byId };
        const busy = { ...s.sessions.statuses };
        for (const session of sessions) byId[session.id] = session;
        for (const [id, status] of Object.entries(statuses)) if (status.type !== 'idle') busy[id] = status;
        return { sessions: { ...s.sessions, byId, statuses: busy } };
      });
      return workspace;
    },

    async removeWorkspace(workspaceId) {
      const { workspaces } = get();
      if (workspaces.length <= 1) throw new HostError('CONFLICT', 'The last workspace cannot be removed.');
      await host['workspaces.remove']({ id: workspaceId });
      set((s) => {
        const left = s.workspaces.filter((w) => w.id !== workspaceId);
        const byId: Record<SessionId, Session> = {};
        for (const session of Object.values(s.sessions.byId)) if (session.workspaceId !== workspaceId) byId[session.id] = session;
        return {
          workspaces: left,
          currentWorkspaceId: settleWorkspace(left, s.currentWorkspaceId),
          sessions: { ...s.sessions, byId },
        };
      });
      const current = get().currentWorkspaceId;
      if (current !== undefined) remember(current);
    },

    async listWorkspaceFiles(workspaceId, query, limit) {
      return host['workspaces.files']({
        workspaceId,
        ...(query === undefined || query.trim() === '' ? {} : { query: query.trim() }),
        ...(limit === undefined ? {} : { limit }),
      });
    },
  };
}
