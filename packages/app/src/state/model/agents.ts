// Agents: the list (built-in, configured and custom), the builder's starter templates, saving
// or deleting custom agents, and which agent each chat is handed to.

import type { Agent, AgentTemplate, AgentsGetResult, CustomAgent, SessionId } from '@open-cowork/contracts';
import type { LoadState } from './load-state.js';

export interface ChatAgentChoices {
  /** The agent chosen for each chat (remembered between reloads). */
  readonly bySession: Readonly<Record<SessionId, string>>;
  /** The agent chosen on Home for the next new chat; unset: the default agent. */
  readonly draft: string | undefined;
}

export interface AgentsData {
  readonly agents: { readonly list: readonly Agent[]; readonly load: LoadState };
  /** The agent builder's starter templates; unset until loaded. */
  readonly agentTemplates: readonly AgentTemplate[] | undefined;
  readonly chatAgents: ChatAgentChoices;
}

export const AGENTS_DATA: AgentsData = { agents: { list: [], load: 'idle' }, agentTemplates: undefined, chatAgents: { bySession: {}, draft: undefined } };

export interface AgentsActions {
  loadAgents(): Promise<void>;
  loadAgentTemplates(): Promise<void>;
  /** One agent with its saved definition when it is a custom one (the builder's edit mode). */
  getAgent(name: string): Promise<AgentsGetResult>;
  /** Creates or replaces a custom agent (the host validates it; errors carry pointers into `agent`). */
  saveAgent(agent: CustomAgent): Promise<Agent>;
  deleteAgent(name: string): Promise<void>;
  /** Hands a chat (or, without a session, the next new chat) to an agent; unset: the default agent. */
  chooseChatAgent(sessionId: SessionId | undefined, name: string | undefined): void;
}
