// Agents: the list (built-in, configured and custom), the builder's starter templates, and
// saving or deleting custom agents.

import type { Agent, AgentTemplate, AgentsGetResult, CustomAgent } from '@open-cowork/contracts';
import type { LoadState, SliceContext } from '../slice.js';

export interface AgentsData {
  readonly agents: { readonly list: readonly Agent[]; readonly load: LoadState };
  /** The agent builder's starter templates; unset until loaded. */
  readonly agentTemplates: readonly AgentTemplate[] | undefined;
}

export interface AgentsActions {
  loadAgents(): Promise<void>;
  loadAgentTemplates(): Promise<void>;
  /** One agent with its saved definition when it is a custom one (the builder's edit mode). */
  getAgent(name: string): Promise<AgentsGetResult>;
  /** Creates or replaces a custom agent (the host validates it; errors carry pointers into `agent`). */
  saveAgent(agent: CustomAgent): Promise<Agent>;
  deleteAgent(name: string): Promise<void>;
}

export const AGENTS_DATA: AgentsData = { agents: { list: [], load: 'idle' }, agentTemplates: undefined };

export function agentsSlice({ host, set }: SliceContext): AgentsActions {
  return {
    async loadAgents() {
      set((s) => ({ agents: { ...s.agents, load: 'loading' } }));
      try {
        const { agents } = await host['agents.list']({});
        set({ agents: { list: agents, load: 'ready' } });
      } catch (error) {
        set((s) => ({ agents: { ...s.agents, load: 'error' } }));
        throw error;
      }
    },

    async loadAgentTemplates() {
      const { templates } = await host['agents.templates']({});
      set({ agentTemplates: templates });
    },

    async getAgent(name) {
      return host['agents.get']({ name });
    },

    async saveAgent(agent) {
      const saved = await host['agents.save']({ agent });
      set((s) => ({
        agents: {
          ...s.agents,
          list: s.agents.list.some((a) => a.name === saved.name) ? s.agents.list.map((a) => (a.name === saved.name ? saved : a)) : [...s.agents.list, saved],
        },
      }));
      return saved;
    },

    async deleteAgent(name) {
      await host['agents.delete']({ name });
      set((s) => ({ agents: { ...s.agents, list: s.agents.list.filter((a) => a.name !== name) } }));
    },
  };
}
