// Workspaces: the folders chats run in, which one is current (remembered between reloads),
// and the files of a folder for the attachment picker.

import type { Workspace, WorkspaceId, WorkspacesFilesResult } from '@open-cowork/contracts';

export interface WorkspacesData {
  readonly workspaces: readonly Workspace[];
  /** The workspace the sidebar lists and new chats start in (remembered across reloads). */
  readonly currentWorkspaceId: WorkspaceId | undefined;
}

export const WORKSPACES_DATA: WorkspacesData = { workspaces: [], currentWorkspaceId: undefined };

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
