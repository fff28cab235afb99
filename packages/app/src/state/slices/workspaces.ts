// The workspaces slice (model/workspaces.ts): the workspace list, the current workspace
// (remembered between reloads) and a folder's files for the attachment picker.

import type { Workspace, WorkspaceId } from '@open-cowork/contracts';
import { HostError } from '../../host/errors.js';
import type { WorkspacesActions, WorkspacesData } from '../model/workspaces.js';
import type { SliceContext } from '../slice.js';

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

export function workspacesSlice({ host, get, set, actions }: SliceContext<WorkspacesData>, preferences: PreferenceStore | undefined): WorkspacesActions {
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
      // Its chats (a folder used before keeps its OpenCode history); without them it still opens.
      await actions.loadWorkspaceSessions(workspace.id).catch(() => undefined);
      return workspace;
    },

    async removeWorkspace(workspaceId) {
      const { workspaces } = get();
      if (workspaces.length <= 1) throw new HostError('CONFLICT', 'The last workspace cannot be removed.');
      await host['workspaces.remove']({ id: workspaceId });
      set((s) => {
        const left = s.workspaces.filter((w) => w.id !== workspaceId);
        return { workspaces: left, currentWorkspaceId: settleWorkspace(left, s.currentWorkspaceId) };
      });
      actions.forgetWorkspaceSessions(workspaceId);
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
