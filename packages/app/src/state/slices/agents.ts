// The agents slice (model/agents.ts): the agent list, the builder's templates, custom agents,
// and the agent each chat is handed to (remembered between reloads).

import type { SessionId } from '@open-cowork/contracts';
import type { AgentsActions, AgentsData, ChatAgentChoices } from '../model/agents.js';
import type { SliceContext } from '../slice.js';
import type { PreferenceStore } from './workspaces.js';

/** The preference key of the agents chosen per chat. */
export const CHAT_AGENTS_PREFERENCE = 'open-cowork.chat-agents';
/** Choices kept between reloads; the oldest are forgotten first. */
const REMEMBERED_CHATS = 500;

/** The per-chat choices a previous page left (nothing when there are none or they are unreadable). */
export function restoredChatAgents(preferences: PreferenceStore | undefined): ChatAgentChoices {
  const bySession: Record<SessionId, string> = {};
  try {
    const stored: unknown = JSON.parse(preferences?.getItem(CHAT_AGENTS_PREFERENCE) ?? '{}');
    if (typeof stored === 'object' && stored !== null) {
      for (const [id, name] of Object.entries(stored)) if (typeof name === 'string') bySession[id] = name;
    }
  } catch {
    // not JSON (written by something else): start over
  }
  return { bySession, draft: undefined };
}

export function agentsSlice({ host, set, get }: SliceContext<AgentsData>, preferences: PreferenceStore | undefined): AgentsActions {
  const remember = (bySession: Readonly<Record<SessionId, string>>): void => {
    try {
      preferences?.setItem(CHAT_AGENTS_PREFERENCE, JSON.stringify(bySession));
    } catch {
      // private mode or a full storage: the choice lasts until the reload
    }
  };

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

    chooseChatAgent(sessionId, name) {
      const current = get().chatAgents;
      if (sessionId === undefined) {
        set({ chatAgents: { ...current, draft: name } });
        return;
      }
      if (current.bySession[sessionId] === name) return;
      // Re-inserted last, so the oldest choices are the first ones dropped.
      const entries = Object.entries(current.bySession).filter(([id]) => id !== sessionId);
      if (name !== undefined) entries.push([sessionId, name]);
      const bySession = Object.fromEntries(entries.slice(-REMEMBERED_CHATS));
      set({ chatAgents: { ...current, bySession } });
      remember(bySession);
    },
  };
}
