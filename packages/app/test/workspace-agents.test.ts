// The store's workspace switching, attachments, agent builder, catalog refresh and diagnostics
// actions, and the pure helpers behind the builder form, the connection test and the
// diagnostics text.
import type { AgentTemplate, CustomAgent, Diagnostics, Provider, Session, Workspace } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { HostError } from '../src/host/errors.js';
import { applyTemplate, checkDraft, draftFromDefinition, EMPTY_DRAFT, errorsFromHost, fieldOf, suggestName, toCustomAgent } from '../src/lib/agent-form.js';
import { diagnosticsText, logLineText, runtimeText } from '../src/lib/diagnostics.js';
import { providerTestModel } from '../src/lib/models.js';
import { createAppStore } from '../src/state/store.js';
import { WORKSPACE_PREFERENCE } from '../src/state/slices/workspaces.js';
import { fakeHost } from './fakes.js';

const A: Workspace = { id: 'ws_a', name: 'Alpha', path: '/a', addedAt: 1 };
const B: Workspace = { id: 'ws_b', name: 'Beta', path: '/b', addedAt: 2 };
const session = (id: string, workspaceId: string, updatedAt = 1): Session => ({ id, workspaceId, title: id, directory: '/x', createdAt: 1, updatedAt });

function memoryPreferences(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return { values, getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
}

function hostWith(workspaces: Workspace[] = [A, B], unlisted: readonly string[] = []) {
  let list = [...workspaces];
  let created = 0;
  return fakeHost({
    'app.info': () => ({
      name: 'Open Cowork',
      version: '0.1.0',
      contractVersion: 1,
      branding: { name: 'Open Cowork', productName: 'Open Cowork' },
      i18n: { locale: 'en-US', strings: {} },
      features: { updates: false, telemetry: false, webSearch: true, signIn: false },
      toolTrace: { additionalRules: [] },
    }),
    'runtime.status': () => ({ state: 'ready' }),
    'workspaces.list': () => ({ workspaces: list }),
    'workspaces.add': ({ path }: { path: string }) => {
      if (path === '/missing') throw Object.assign(new Error('path: /missing does not exist.'), { code: 'BAD_REQUEST', data: { pointer: '/path' } });
      const added = { id: 'ws_c', name: 'Gamma', path, addedAt: 3 };
      list = [...list, added];
      return added;
    },
    'workspaces.remove': ({ id }: { id: string }) => {
      list = list.filter((w) => w.id !== id);
      return { removed: true };
    },
    'workspaces.files': () => ({ files: [{ path: 'docs/a.md', size: 3, modified: 1 }], truncated: false }),
    'settings.get': () => ({
      permissions: { bash: 'ask', fileWrite: 'ask', task: 'ask', web: 'ask' },
      permissionCeilings: { bash: 'allow', fileWrite: 'allow', task: 'allow', web: 'allow', webSearch: true },
      webSearch: true,
      appearance: 'system',
    }),
    'providers.list': () => ({ providers: [] }),
    'providers.refresh': () => ({ providers: [provider('scripted', [{ id: 'm1', name: 'M1', featured: false }])], defaultModel: 'scripted/m1' }),
    'sessions.list': ({ workspaceId }: { workspaceId: string }) => {
      if (unlisted.includes(workspaceId)) throw Object.assign(new Error('The runtime is not ready yet.'), { code: 'RUNTIME_NOT_READY' });
      return {
        sessions: workspaceId === 'ws_a' ? [session('ses_a1', 'ws_a')] : workspaceId === 'ws_b' ? [session('ses_b1', 'ws_b')] : [session('ses_c1', 'ws_c')],
        statuses: workspaceId === 'ws_c' ? { ses_c1: { type: 'busy' } } : {},
      };
    },
    'permissions.list': () => ({ requests: [] }),
    'questions.list': () => ({ requests: [] }),
    'sessions.create': ({ workspaceId }: { workspaceId: string }) => session(`ses_new${++created}`, workspaceId, 100),
    'sessions.prompt': () => ({ accepted: true }),
    'agents.templates': () => ({ templates: [TEMPLATE] }),
    'agents.save': ({ agent }: { agent: CustomAgent }) => ({ name: agent.name, source: 'custom', mode: 'all', readOnly: false, editable: true }),
    'agents.delete': () => ({ deleted: true }),
    'agents.list': () => ({ agents: [{ name: 'build', source: 'built-in', mode: 'primary', readOnly: false, editable: false }] }),
    'app.diagnostics': () => DIAGNOSTICS,
  });
}

const TEMPLATE: AgentTemplate = {
  id: 'research-assistant',
  source: 'configured',
  label: 'Research assistant',
  description: 'Finds sources.',
  instructions: 'Cite everything.',
  color: 'info',
  toolIds: ['knowledge', 'gone'],
  skillNames: ['research-brief'],
  temperature: 0.3,
  steps: 30,
};

const DIAGNOSTICS: Diagnostics = {
  versions: { app: '0.1.0', contract: 1, opencode: '1.18.33', node: '20.19.1', platform: 'linux', arch: 'x64' },
  runtime: { state: 'ready', version: '1.18.33', pid: 42 },
  dataDir: '~/.config/open-cowork',
  logs: [
    { time: Date.UTC(2026, 0, 2, 3, 4, 5), level: 'info', source: 'host', message: 'host listening url=http://127.0.0.1:8787' },
    { time: Date.UTC(2026, 0, 2, 3, 4, 6), level: 'warn', source: 'mcp', message: 'server failed key=[redacted]' },
  ],
};

function provider(id: string, models: Provider['models'], extra: Partial<Provider> = {}): Provider {
  return { id, name: id, configured: true, connected: true, credentials: [], models, ...extra };
}

describe('workspaces in the store', () => {
  it('starts in the remembered workspace, lists only its chats through the selector, and remembers a switch', async () => {
    const preferences = memoryPreferences({ [WORKSPACE_PREFERENCE]: 'ws_b' });
    const host = hostWith();
    const store = createAppStore(host, { preferences });
    await store.getState().actions.boot();
    expect(store.getState().currentWorkspaceId).toBe('ws_b');
    // Both workspaces' chats are known; new chats start in the current one.
    expect(Object.keys(store.getState().sessions.byId).sort()).toEqual(['ses_a1', 'ses_b1']);
    await store.getState().actions.createSession();
    expect(host.calls.find((c) => c.method === 'sessions.create')?.params).toEqual({ workspaceId: 'ws_b' });

    store.getState().actions.selectWorkspace('ws_a');
    expect(store.getState().currentWorkspaceId).toBe('ws_a');
    expect(preferences.values.get(WORKSPACE_PREFERENCE)).toBe('ws_a');
    store.getState().actions.selectWorkspace('ws_nope');
    expect(store.getState().currentWorkspaceId).toBe('ws_a');
  });

  it('falls back to the first workspace when the remembered one is gone, and follows an opened chat to its workspace', async () => {
    const store = createAppStore(hostWith(), { preferences: memoryPreferences({ [WORKSPACE_PREFERENCE]: 'ws_gone' }) });
    await store.getState().actions.boot();
    expect(store.getState().currentWorkspaceId).toBe('ws_a');
    await store.getState().actions.openSession('ses_b1').catch(() => undefined);
    expect(store.getState().currentWorkspaceId).toBe('ws_b');
  });

  it('adds a workspace, switches to it and loads its chats; a refused path rejects with the host error', async () => {
    const store = createAppStore(hostWith());
    await store.getState().actions.boot();
    const added = await store.getState().actions.addWorkspace('/c', '  ');
    expect(added.id).toBe('ws_c');
    expect(store.getState().workspaces.map((w) => w.id)).toEqual(['ws_a', 'ws_b', 'ws_c']);
    expect(store.getState().currentWorkspaceId).toBe('ws_c');
    expect(store.getState().sessions.byId['ses_c1']).toBeDefined();
    expect(store.getState().sessions.statuses['ses_c1']).toEqual({ type: 'busy' });
    expect(store.getState().sessions.byId['ses_a1']).toBeDefined();
    const error = await store.getState().actions.addWorkspace('/missing').catch((e: unknown) => HostError.from(e));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', data: { pointer: '/path' } });
  });

  it('adds a workspace whose chats cannot be listed yet, keeping the other lists as they were', async () => {
    const store = createAppStore(hostWith([A, B], ['ws_c']));
    await store.getState().actions.boot();
    const before = store.getState().sessions;
    await store.getState().actions.addWorkspace('/c');
    expect(store.getState().currentWorkspaceId).toBe('ws_c');
    expect(store.getState().sessions).toBe(before);
  });

  it('removes a workspace and its chats from the lists, moves off it, and never removes the last one', async () => {
    const host = hostWith();
    const store = createAppStore(host);
    await store.getState().actions.boot();
    store.getState().actions.selectWorkspace('ws_b');
    await store.getState().actions.removeWorkspace('ws_b');
    expect(store.getState().workspaces.map((w) => w.id)).toEqual(['ws_a']);
    expect(store.getState().currentWorkspaceId).toBe('ws_a');
    expect(store.getState().sessions.byId['ses_b1']).toBeUndefined();
    const last = await store.getState().actions.removeWorkspace('ws_a').catch((e: unknown) => HostError.from(e));
    expect(last).toMatchObject({ code: 'CONFLICT' });
    expect(host.calls.filter((c) => c.method === 'workspaces.remove')).toHaveLength(1);
  });

  it('lists workspace files and sends chosen files with the prompt', async () => {
    const host = hostWith();
    const store = createAppStore(host);
    await store.getState().actions.boot();
    expect((await store.getState().actions.listWorkspaceFiles('ws_a', '  a ', 50)).files).toHaveLength(1);
    expect(host.calls.find((c) => c.method === 'workspaces.files')?.params).toEqual({ workspaceId: 'ws_a', query: 'a', limit: 50 });
    const id = await store.getState().actions.startChat('Summarise', { files: [{ path: 'docs/a.md' }] });
    expect(host.calls.find((c) => c.method === 'sessions.prompt')?.params).toEqual({ sessionId: id, text: 'Summarise', files: [{ path: 'docs/a.md' }] });
    await store.getState().actions.sendPrompt(id, 'Again', { files: [] });
    expect(host.calls.filter((c) => c.method === 'sessions.prompt').at(-1)?.params).toEqual({ sessionId: id, text: 'Again' });
  });
});

describe('booting while the runtime restarts', () => {
  it('opens without the chat list and loads it once the runtime reports ready', async () => {
    let ready = false;
    let refusals = 0;
    const base = hostWith();
    const host = fakeHost({
      ...Object.fromEntries(['app.info', 'runtime.status', 'workspaces.list', 'settings.get', 'providers.list'].map((m) => [m, (p: never) => base[m as 'app.info'](p)])),
      'sessions.list': (params: { workspaceId: string }) => {
        if (!ready) refusals += 1;
        if (!ready) throw Object.assign(new Error('The runtime is not ready (restarting).'), { code: 'RUNTIME_NOT_READY' });
        return base['sessions.list'](params);
      },
      'permissions.list': () => ({ requests: [] }),
      'questions.list': () => ({ requests: [] }),
    });
    const store = createAppStore(host);
    await store.getState().actions.boot();
    expect(store.getState().boot.phase).toBe('ready');
    // Asked, refused for now, and still loading (not failed) until the runtime is ready.
    await expect.poll(() => refusals).toBe(2); // one list per workspace
    await new Promise((resolve) => setTimeout(resolve, 0)); // the refusal has been handled
    expect(store.getState().sessions.load).toBe('loading');

    ready = true;
    store.getState().actions.ingest([{ type: 'runtime.status', payload: { state: 'restarting', reason: 'agent saved', attempt: 1, delayMs: 0 } }]);
    store.getState().actions.ingest([{ type: 'runtime.status', payload: { state: 'ready', pid: 2 } }]);
    await expect.poll(() => store.getState().sessions.load).toBe('ready');
    expect(Object.keys(store.getState().sessions.byId).sort()).toEqual(['ses_a1', 'ses_b1']);
  });
});

describe('agents, providers and diagnostics in the store', () => {
  it('loads templates, saves (adding to the list) and deletes custom agents', async () => {
    const store = createAppStore(hostWith());
    await store.getState().actions.loadAgents();
    await store.getState().actions.loadAgentTemplates();
    expect(store.getState().agentTemplates).toEqual([TEMPLATE]);
    await store.getState().actions.saveAgent({ name: 'scribe', description: 'd', instructions: 'i' });
    expect(store.getState().agents.list.map((a) => a.name)).toEqual(['build', 'scribe']);
    await store.getState().actions.saveAgent({ name: 'scribe', description: 'd2', instructions: 'i' });
    expect(store.getState().agents.list.map((a) => a.name)).toEqual(['build', 'scribe']);
    await store.getState().actions.deleteAgent('scribe');
    expect(store.getState().agents.list.map((a) => a.name)).toEqual(['build']);
  });

  it('refreshes the provider catalog and loads diagnostics', async () => {
    const store = createAppStore(hostWith());
    const providers = await store.getState().actions.refreshProviders();
    expect(providers.map((p) => p.id)).toEqual(['scripted']);
    expect(store.getState().providers).toMatchObject({ defaultModel: 'scripted/m1', load: 'ready' });
    expect(await store.getState().actions.loadDiagnostics()).toEqual(DIAGNOSTICS);
    expect(store.getState().diagnostics).toEqual(DIAGNOSTICS);
  });
});

describe('the agent builder form', () => {
  const messages = {
    required: 'Required.',
    nameInvalid: 'Bad name.',
    nameTaken: (name: string) => `${name} taken.`,
    numberRange: (min: number, max: number) => `${min}-${max}`,
    wholeNumber: (min: number, max: number) => `whole ${min}-${max}`,
  };

  it('fills the form from a template, suggesting a free name and dropping unknown tools', () => {
    const taken = new Set(['research-assistant']);
    const draft = applyTemplate(EMPTY_DRAFT, TEMPLATE, { toolIds: new Set(['knowledge']), skillNames: new Set(['research-brief']) }, taken);
    expect(draft).toMatchObject({
      name: 'research-assistant-2',
      label: 'Research assistant',
      toolIds: ['knowledge'],
      skillNames: ['research-brief'],
      temperature: '0.3',
      steps: '30',
      color: 'info',
    });
    // A typed name stays.
    expect(applyTemplate({ ...EMPTY_DRAFT, name: 'mine' }, TEMPLATE, { toolIds: new Set(), skillNames: new Set() }, taken).name).toBe('mine');
    expect(suggestName('Ünïcode  Writer!', new Set())).toBe('unicode-writer');
    expect(suggestName('***', new Set())).toBe('agent');
  });

  it('checks required fields, the name and the numbers before sending', () => {
    expect(checkDraft(EMPTY_DRAFT, messages, new Set())).toEqual({ name: 'Required.', description: 'Required.', instructions: 'Required.' });
    const filled = { ...EMPTY_DRAFT, name: 'Bad Name', description: 'd', instructions: 'i', temperature: '3', steps: '2.5' };
    expect(checkDraft(filled, messages, new Set())).toEqual({ name: 'Bad name.', temperature: '0-2', steps: 'whole 1-1000' });
    expect(checkDraft({ ...filled, name: 'build', temperature: '0.7', steps: '12' }, messages, new Set(['build']))).toEqual({ name: 'build taken.' });
  });

  it('turns the draft into a definition, keeping fields the form does not show', () => {
    const base: CustomAgent = { name: 'scribe', description: 'old', instructions: 'old', top_p: 0.9, hidden: true, label: 'Old label', askTools: ['x'] };
    const draft = { ...draftFromDefinition(base), label: ' ', description: ' New ', allowTools: ['clock_*', 'clock_*', ' '], askTools: [], temperature: '0.5', steps: '' };
    expect(toCustomAgent(draft, base)).toEqual({ name: 'scribe', description: 'New', instructions: 'old', top_p: 0.9, hidden: true, allowTools: ['clock_*'], temperature: 0.5 });
  });

  it('maps the host\'s refusals onto the fields they point at', () => {
    const validation = errorsFromHost({
      message: 'not saved',
      data: { issues: [{ pointer: '/agent/toolIds/1', message: 'unknown tool "teleport"' }, { pointer: '/agent/model', message: 'no provider' }, { pointer: '/agent/options/x', message: 'odd' }] },
    });
    expect(validation).toEqual({ fields: { toolIds: 'unknown tool "teleport"', model: 'no provider' }, general: ['odd'] });
    expect(errorsFromHost({ message: 'taken', data: { pointer: '/agent/name' } })).toEqual({ fields: { name: 'taken' }, general: [] });
    expect(errorsFromHost({ message: 'boom' })).toEqual({ fields: {}, general: ['boom'] });
    expect(fieldOf('/agent/description')).toBe('description');
    expect(fieldOf('/other/name')).toBeUndefined();
  });
});

describe('connection test model and diagnostics text', () => {
  const models = [
    { id: 'a', name: 'A', featured: false },
    { id: 'b', name: 'B', featured: true },
  ];
  it('prefers the chosen model of this provider, then its default, then its first (featured) model', () => {
    expect(providerTestModel(provider('p', models, { defaultModel: 'a' }), 'p/b')).toBe('p/b');
    expect(providerTestModel(provider('p', models, { defaultModel: 'a' }), 'other/b')).toBe('p/a');
    expect(providerTestModel(provider('p', models), undefined)).toBe('p/b');
    expect(providerTestModel(provider('p', [], { defaultModel: 'x' }), undefined)).toBe('p/x');
    expect(providerTestModel(provider('p', []), undefined)).toBeUndefined();
  });

  it('writes the diagnostics as plain text', () => {
    expect(logLineText(DIAGNOSTICS.logs[1]!)).toBe('03:04:06 mcp     WARN server failed key=[redacted]');
    expect(runtimeText({ state: 'failed', code: 'X', reason: 'gone' })).toBe('failed (X): gone');
    const text = diagnosticsText({ name: 'Acme' }, DIAGNOSTICS, Date.UTC(2026, 0, 2));
    expect(text.split('\n').slice(0, 8)).toEqual([
      'Acme diagnostics (2026-01-02T00:00:00.000Z)',
      'App version: 0.1.0',
      'Host contract: 1',
      'OpenCode: 1.18.33',
      'Node.js: 20.19.1',
      'Platform: linux x64',
      'Data folder: ~/.config/open-cowork',
      'Runtime: ready (OpenCode 1.18.33, pid 42)',
    ]);
    expect(text).toContain('03:04:05 host    host listening url=http://127.0.0.1:8787');
  });
});
