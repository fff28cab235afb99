// The MCP feature: mcps.* (custom servers: add, update, test, trust, credentials) and
// capabilities.list (the tools, skills and servers the agents can use).
import type { HostDispatcher } from '../dispatch/index.js';
import { capabilityHandlers, type CapabilityDeps } from './capabilities.js';
import { mcpHandlers, type McpDeps } from './service.js';

export function registerMcps(dispatcher: Pick<HostDispatcher, 'register'>, deps: { readonly mcps: McpDeps; readonly capabilities: CapabilityDeps }): void {
  dispatcher.register(mcpHandlers(deps.mcps));
  dispatcher.register(capabilityHandlers(deps.capabilities));
}
