// The agents feature: agents.* over the configured and the user's saved agents.
import type { HostDispatcher } from '../dispatch/index.js';
import { agentHandlers, type AgentDeps } from './service.js';

export function registerAgents(dispatcher: Pick<HostDispatcher, 'register'>, deps: AgentDeps): void {
  dispatcher.register(agentHandlers(deps));
}
