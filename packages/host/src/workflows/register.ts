// The workflows feature: workflows.* over a real MCP client to the bundled workflows server.
import type { HostDispatcher } from '../dispatch/index.js';
import type { WorkflowsClient } from './client.js';
import { workflowHandlers } from './service.js';

export function registerWorkflows(dispatcher: Pick<HostDispatcher, 'register'>, client: Pick<WorkflowsClient, 'call'>): void {
  dispatcher.register(workflowHandlers(client));
}
