// The agents slice (model/agents.ts): the agent list, the builder's templates, custom agents.

import type { AgentsActions, AgentsData } from '../model/agents.js';
import type { SliceContext } from '../slice.js';

export function agentsSlice({ host, set }: SliceContext<AgentsData>): AgentsActions {
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
