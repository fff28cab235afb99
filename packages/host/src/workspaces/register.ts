// The workspaces feature: workspaces.* (folders sessions may work in, and their files).
import type { HostDispatcher } from '../dispatch/index.js';
import { workspaceHandlers, type WorkspaceServiceOptions } from './service.js';

export function registerWorkspaces(dispatcher: Pick<HostDispatcher, 'register'>, options: WorkspaceServiceOptions): void {
  dispatcher.register(workspaceHandlers(options));
}
