// Workspaces: the registry of folders, the lookup events use, the session index, and workspaces.*.
export { WorkspaceRegistry, type WorkspaceRegistryOptions } from './store.js';
export { WorkspaceTrustStore, type TrustAnswer } from './trust-store.js';
export { TrustQuestion } from './trust.js';
