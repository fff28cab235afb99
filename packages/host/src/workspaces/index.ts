// Workspaces: the registry of folders, the lookup events use, the session index, and workspaces.*.
export { WorkspaceRegistry, type WorkspaceRegistryOptions } from './store.js';
