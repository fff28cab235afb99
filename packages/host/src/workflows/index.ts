export { WorkflowsClient, WorkflowToolError, type WorkflowsClientOptions } from './client.js';
export { registerWorkflows } from './register.js';
export { refusal, workflowHandlers, type WorkflowMethod } from './service.js';
