// Agents: the list (built-in, configured and custom), the builder's starter templates, and
// saving or deleting custom agents.

import type { Agent, AgentTemplate, AgentsGetResult, CustomAgent } from '@open-cowork/contracts';
import type { LoadState } from './load-state.js';

export interface AgentsData {
  readonly agents: { readonly list: readonly Agent[]; readonly load: LoadState };
  /** The agent builder's starter templates; unset until loaded. */
  readonly agentTemplates: readonly AgentTemplate[] | undefined;
}

export const AGENTS_DATA: AgentsData = { agents: { list: [], load: 'idle' }, agentTemplates: undefined };

export interface AgentsActions {
  loadAgents(): Promise<void>;
  loadAgentTemplates(): Promise<void>;
  /** One agent with its saved definition when it is a custom one (the builder's edit mode). */
  getAgent(name: string): Promise<AgentsGetResult>;
  /** Creates or replaces a custom agent (the host validates it; errors carry pointers into `agent`). */
  saveAgent(agent: CustomAgent): Promise<Agent>;
  deleteAgent(name: string): Promise<void>;
}
