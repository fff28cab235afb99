// Agents in chat: which agents may own a chat, `@name` mentions in the composer's text, and
// the agent chosen per chat — sent with the prompt and remembered across a reload.
import type { Agent } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { chatAgents, completeMention, matchAgents, mentionAt, mentionedAgent } from '../src/lib/agent-mentions.js';
import { CHAT_AGENTS_PREFERENCE } from '../src/state/slices/agents.js';
import { createAppStore } from '../src/state/store.js';
import { fakeHost } from './fakes.js';

const agent = (name: string, mode: Agent['mode'], extra: Partial<Agent> = {}): Agent => ({ name, source: 'custom', mode, readOnly: false, editable: true, ...extra });
const BUILD = agent('build', 'primary', { source: 'built-in', label: 'Build' });
const PLAN = agent('plan', 'primary', { source: 'built-in', label: 'Plan' });
const EXPLORE = agent('explore', 'subagent', { source: 'built-in' });
const SCRIBE = agent('scribe', 'all', { label: 'Release scribe' });
const SECRET = agent('secret-helper', 'primary', { hidden: true });
const ALL = [BUILD, PLAN, EXPLORE, SCRIBE, SECRET];

describe('which agents can own a chat', () => {
  it('offers primary and "all" agents, never a subagent or a hidden one', () => {
    expect(chatAgents(ALL).map((a) => a.name)).toEqual(['build', 'plan', 'scribe']);
  });
});

describe('@name mentions', () => {
  it('finds the mention the caret is in, at the start or after white space only', () => {
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('ask @scr', 8)).toEqual({ start: 4, query: 'scr' });
    expect(mentionAt('ask @scr now', 8)).toEqual({ start: 4, query: 'scr' });
    expect(mentionAt('mail me@example', 15)).toBeUndefined();
    expect(mentionAt('ask @scr now', 12)).toBeUndefined();
    expect(mentionAt('no mention', 10)).toBeUndefined();
  });

  it('matches names and labels, prefixes first', () => {
    const agents = chatAgents(ALL);
    expect(matchAgents(agents, '').map((a) => a.name)).toEqual(['build', 'plan', 'scribe']);
    expect(matchAgents(agents, 'rel').map((a) => a.name)).toEqual(['scribe']);
    expect(matchAgents(agents, 'an').map((a) => a.name)).toEqual(['plan']);
    expect(matchAgents(agents, 'zzz')).toEqual([]);
  });

  it('completes the mention in place and puts the caret after it', () => {
    expect(completeMention('ask @scr about it', 8, { start: 4, query: 'scr' }, 'scribe')).toEqual({ text: 'ask @scribe about it', caret: 12 });
    expect(completeMention('@', 1, { start: 0, query: '' }, 'plan')).toEqual({ text: '@plan ', caret: 6 });
  });

  it('takes the last mention that names a chat agent, typed out or completed', () => {
    const agents = chatAgents(ALL);
    expect(mentionedAgent('@plan then @scribe, write it', agents)).toBe('scribe');
    expect(mentionedAgent('@explore look around', agents)).toBeUndefined(); // a subagent cannot own the chat
    expect(mentionedAgent('write to me@plan.example', agents)).toBeUndefined();
    expect(mentionedAgent('@Plan go', agents)).toBe('plan');
  });
});

describe('the agent of a chat in the store', () => {
  function memoryPreferences(initial: Record<string, string> = {}) {
    const values = new Map(Object.entries(initial));
    return { values, getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
  }
  const host = () =>
    fakeHost({
      'workspaces.list': () => ({ workspaces: [{ id: 'ws_a', name: 'A', path: '/a', addedAt: 1 }] }),
      'sessions.create': () => ({ id: 'ses_new', workspaceId: 'ws_a', title: '', directory: '/a', createdAt: 1, updatedAt: 1 }),
      'sessions.prompt': () => ({ accepted: true }),
    });

  it('sends the chosen agent with the prompt and remembers it for the chat across a reload', async () => {
    const preferences = memoryPreferences();
    const first = fakeHost({
      'sessions.create': () => ({ id: 'ses_new', workspaceId: 'ws_a', title: '', directory: '/a', createdAt: 1, updatedAt: 1 }),
      'sessions.prompt': () => ({ accepted: true }),
    });
    const store = createAppStore(first, { preferences });
    const id = await store.getState().actions.createSession('ws_a').then((s) => s.id);
    await store.getState().actions.sendPrompt(id, 'write the notes', { agent: 'scribe' });
    expect(first.calls.find((c) => c.method === 'sessions.prompt')?.params).toMatchObject({ sessionId: 'ses_new', text: 'write the notes', agent: 'scribe' });
    expect(store.getState().chatAgents.bySession['ses_new']).toBe('scribe');

    const reloaded = createAppStore(host(), { preferences });
    expect(reloaded.getState().chatAgents.bySession['ses_new']).toBe('scribe');

    // Back to the default agent: forgotten.
    reloaded.getState().actions.chooseChatAgent('ses_new', undefined);
    expect(createAppStore(host(), { preferences }).getState().chatAgents.bySession).toEqual({});
  });

  it('keeps the draft for Home apart from the chats, and survives unreadable preferences', () => {
    const store = createAppStore(host(), { preferences: memoryPreferences({ [CHAT_AGENTS_PREFERENCE]: 'not json' }) });
    expect(store.getState().chatAgents).toEqual({ bySession: {}, draft: undefined });
    store.getState().actions.chooseChatAgent(undefined, 'plan');
    expect(store.getState().chatAgents).toEqual({ bySession: {}, draft: 'plan' });
  });
});
