// Example payloads per area: what the host and its clients actually send is accepted, and a
// mistake is refused with an instancePath that points at it (the transport turns that path
// into the `pointer` of a BAD_REQUEST).

import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { paramsSchemaOf, payloadSchemaOf, resultSchemaOf, type HostEventName, type HostMethodName } from '../src/index.js';

const ajv = new Ajv2020.default({ strict: true, allErrors: true });
const cache = new Map<string, ValidateFunction>();

function check(key: string, schema: () => object, value: unknown): readonly ErrorObject[] {
  let validate = cache.get(key);
  if (validate === undefined) cache.set(key, (validate = ajv.compile(schema())));
  return validate(value) ? [] : (validate.errors ?? []);
}
const params = (method: HostMethodName, value: unknown) => check(`${method}:params`, () => paramsSchemaOf(method), value);
const result = (method: HostMethodName, value: unknown) => check(`${method}:result`, () => resultSchemaOf(method), value);
const payload = (event: HostEventName, value: unknown) => check(`${event}:payload`, () => payloadSchemaOf(event), value);

/** The places the errors point at. */
const paths = (errors: readonly ErrorObject[]) => errors.map((error) => error.instancePath);

const T = 1_750_000_000_000;
const session = { id: 'ses_1', workspaceId: 'ws_1', title: 'Chart sales', directory: '/work/a', createdAt: T, updatedAt: T };
const base = { sessionId: 'ses_1', messageId: 'msg_2' };
const tokens = { input: 10, output: 20, reasoning: 0, cacheRead: 0, cacheWrite: 0 };

describe('app and runtime', () => {
  it('accepts app info with public branding and refuses unknown branding fields', () => {
    const info = {
      name: 'Open Cowork',
      version: '0.1.0',
      contractVersion: 1,
      branding: {
        name: 'Open Cowork',
        productName: 'Open Cowork',
        sidebar: { top: { variant: 'icon-text', mediaSize: 28, title: 'Open Cowork' } },
        home: { greeting: 'What should {{brand}} work on today?' },
        theme: { accent: '#2f6bf0', background: 'rgb(12, 13, 15)' },
      },
      i18n: { locale: 'en-US', strings: { 'home.greeting': 'Hello' } },
      features: { updates: true, telemetry: false, webSearch: true, signIn: false },
      toolTrace: { additionalRules: [{ id: 'search', label: 'Searched', match: [{ prefixes: ['web'] }] }] },
    };
    expect(params('app.info', {})).toEqual([]);
    expect(params('app.info', { verbose: true })[0]?.keyword).toBe('additionalProperties');
    expect(result('app.info', info)).toEqual([]);
    expect(paths(result('app.info', { ...info, branding: { ...info.branding, theme: { accent: 'url(x)' } } }))).toContain('/branding/theme/accent');
    expect(result('app.info', { ...info, branding: { ...info.branding, appId: 'com.x.y' } })[0]?.params).toEqual({ additionalProperty: 'appId' });
  });

  it('accepts each runtime state and refuses an unknown one', () => {
    expect(result('runtime.status', { state: 'ready', url: 'http://127.0.0.1:4096', version: '1.0.0', pid: 42, since: T })).toEqual([]);
    expect(result('runtime.restart', { state: 'restarting', reason: 'config changed', attempt: 1, delayMs: 500 })).toEqual([]);
    expect(result('runtime.status', { state: 'failed', code: 'RUNTIME_START_TIMEOUT', reason: 'no listening line' })).toEqual([]);
    expect(paths(result('runtime.status', { state: 'running' }))).toContain('/state');
    expect(paths(payload('runtime.status', { state: 'starting', attempt: -1 }))).toContain('/attempt');
  });
});

describe('workspaces', () => {
  it('checks add, list and remove', () => {
    expect(params('workspaces.add', { path: '/work/a', name: 'A' })).toEqual([]);
    expect(paths(params('workspaces.add', { path: '' }))).toContain('/path');
    expect(params('workspaces.add', {})[0]?.params).toEqual({ missingProperty: 'path' });
    expect(result('workspaces.add', { id: 'ws_1', name: 'a', path: '/work/a', addedAt: T })).toEqual([]);
    expect(result('workspaces.list', { workspaces: [{ id: 'ws_1', name: 'a', path: '/work/a', addedAt: T }] })).toEqual([]);
    expect(paths(result('workspaces.list', { workspaces: [{ id: 'ws_1', name: 'a', path: '/work/a' }] }))).toContain('/workspaces/0');
    expect(result('workspaces.remove', { removed: false })).toEqual([]);
    expect(paths(params('workspaces.remove', { id: 7 }))).toContain('/id');
  });
});

describe('sessions', () => {
  it('checks list and create', () => {
    expect(params('sessions.list', { workspaceId: 'ws_1' })).toEqual([]);
    expect(paths(params('sessions.list', { workspaceId: 'ws_1', limit: 0 }))).toContain('/limit');
    expect(result('sessions.list', { sessions: [session], statuses: { ses_1: { type: 'retry', attempt: 1, message: '429', next: T } } })).toEqual([]);
    expect(paths(result('sessions.list', { sessions: [], statuses: { ses_1: { type: 'sleeping' } } }))).toContain('/statuses/ses_1/type');
    expect(params('sessions.create', { workspaceId: 'ws_1', title: 'Hi' })).toEqual([]);
    expect(result('sessions.create', { ...session, parentId: 'ses_0' })).toEqual([]);
    expect(paths(result('sessions.get', { ...session, workspaceId: undefined }))).toContain('');
  });

  it('checks prompts: model references, agents and attached files', () => {
    expect(params('sessions.prompt', { sessionId: 'ses_1', text: 'Chart this', model: 'openrouter/anthropic/claude-sonnet-4', agent: 'build', files: [{ path: 'sales.csv' }] })).toEqual([]);
    expect(paths(params('sessions.prompt', { sessionId: 'ses_1', text: 'x', model: 'claude' }))).toContain('/model');
    expect(paths(params('sessions.prompt', { sessionId: 'ses_1', text: 'x', agent: 'Not An Agent' }))).toContain('/agent');
    expect(params('sessions.prompt', { sessionId: 'ses_1', text: 'x', files: [{ name: 'a' }] }).map((e) => [e.instancePath, e.params])).toContainEqual([
      '/files/0',
      { missingProperty: 'path' },
    ]);
    expect(paths(params('sessions.prompt', { sessionId: 'ses_1', text: '' }))).toContain('/text');
    expect(result('sessions.prompt', { accepted: true })).toEqual([]);
    expect(paths(result('sessions.prompt', { accepted: false }))).toContain('/accepted');
  });

  it('checks history with every part kind', () => {
    const history = {
      messages: [
        { info: { id: 'msg_1', sessionId: 'ses_1', role: 'user', createdAt: T, agent: 'build', model: 'openrouter/x' }, parts: [{ ...base, messageId: 'msg_1', id: 'prt_0', kind: 'text', text: 'hi' }] },
        {
          info: { id: 'msg_2', sessionId: 'ses_1', role: 'assistant', createdAt: T, completedAt: T, parentId: 'msg_1', tokens, cost: 0.01, finish: 'stop' },
          parts: [
            { ...base, id: 'prt_1', kind: 'step-start' },
            { ...base, id: 'prt_2', kind: 'reasoning', text: 'thinking', startedAt: T },
            { ...base, id: 'prt_3', kind: 'tool', tool: 'bash', callId: 'call_1', state: { status: 'completed', input: { command: 'ls' }, output: 'a.txt', title: 'ls', startedAt: T, endedAt: T } },
            { ...base, id: 'prt_4', kind: 'file', mime: 'text/csv', url: 'file:///work/a/sales.csv', filename: 'sales.csv' },
            { ...base, id: 'prt_5', kind: 'compaction', auto: true },
            { ...base, id: 'prt_6', kind: 'other', type: 'snapshot' },
            { ...base, id: 'prt_7', kind: 'step-finish', reason: 'stop', tokens, cost: 0.01 },
            { ...base, id: 'prt_8', kind: 'text', text: 'Done.', synthetic: false, endedAt: T },
          ],
        },
      ],
    };
    expect(result('sessions.messages', history)).toEqual([]);
    const broken = structuredClone(history);
    (broken.messages[1]!.parts[2] as { state: { status: string } }).state.status = 'exploded';
    expect(paths(result('sessions.messages', broken))).toContain('/messages/1/parts/2/state/status');
    expect(paths(params('sessions.messages', { sessionId: 'ses_1', limit: 'all' }))).toContain('/limit');
  });

  it('checks the simple actions', () => {
    expect(result('sessions.abort', { ok: true })).toEqual([]);
    expect(params('sessions.rename', { sessionId: 'ses_1', title: 'New' })).toEqual([]);
    expect(paths(params('sessions.rename', { sessionId: 'ses_1', title: '' }))).toContain('/title');
    expect(result('sessions.delete', { deleted: true })).toEqual([]);
    expect(params('sessions.summarize', { sessionId: 'ses_1' })).toEqual([]);
    expect(paths(params('sessions.summarize', { sessionId: '' }))).toContain('/sessionId');
  });
});

describe('permissions and questions', () => {
  const permission = { id: 'per_1', sessionId: 'ses_1', workspaceId: 'ws_1', permission: 'bash', patterns: ['rm -rf build'], always: ['rm *'], metadata: { command: 'rm -rf build' }, tool: { messageId: 'msg_2', callId: 'call_1' } };
  const question = { id: 'que_1', sessionId: 'ses_1', workspaceId: 'ws_1', questions: [{ question: 'Which chart?', header: 'Chart', options: [{ label: 'Bar', description: 'Bars' }], multiple: false }] };

  it('checks pending lists and replies', () => {
    expect(params('permissions.list', {})).toEqual([]);
    expect(result('permissions.list', { requests: [permission] })).toEqual([]);
    expect(paths(result('permissions.list', { requests: [{ ...permission, patterns: 'rm' }] }))).toContain('/requests/0/patterns');
    expect(params('permissions.reply', { requestId: 'per_1', reply: 'reject', message: 'Use git clean instead' })).toEqual([]);
    expect(paths(params('permissions.reply', { requestId: 'per_1', reply: 'maybe' }))).toContain('/reply');
    expect(result('questions.list', { requests: [question] })).toEqual([]);
    expect(paths(result('questions.list', { requests: [{ ...question, questions: [] }] }))).toContain('/requests/0/questions');
    expect(params('questions.reply', { requestId: 'que_1', answers: [['Bar'], ['typed text']] })).toEqual([]);
    expect(paths(params('questions.reply', { requestId: 'que_1', answers: [['Bar'], [1]] }))).toContain('/answers/1/0');
    expect(params('questions.reject', { requestId: 'que_1' })).toEqual([]);
  });

  it('checks the events', () => {
    expect(payload('permission.asked', { workspaceId: 'ws_1', request: permission })).toEqual([]);
    expect(payload('permission.replied', { workspaceId: 'ws_1', sessionId: 'ses_1', requestId: 'per_1', reply: 'always' })).toEqual([]);
    expect(payload('question.asked', { workspaceId: 'ws_1', request: question })).toEqual([]);
    expect(payload('question.replied', { workspaceId: 'ws_1', sessionId: 'ses_1', requestId: 'que_1', answers: [['Bar']] })).toEqual([]);
    expect(payload('question.rejected', { workspaceId: 'ws_1', sessionId: 'ses_1', requestId: 'que_1' })).toEqual([]);
    expect(paths(payload('permission.asked', { workspaceId: 'ws_1', request: { ...permission, metadata: [] } }))).toContain('/request/metadata');
  });
});

describe('agents', () => {
  const custom = {
    name: 'chart-maker',
    label: 'Chart maker',
    description: 'Turns tables into charts.',
    instructions: 'You make charts.',
    mode: 'primary',
    model: 'openrouter/anthropic/claude-sonnet-4',
    temperature: 0.2,
    top_p: 0.9,
    steps: 20,
    toolIds: ['charts', 'files'],
    allowTools: ['charts_*'],
    denyTools: ['bash'],
    skillNames: ['data-viz'],
    color: 'accent',
  };

  it('checks list and get', () => {
    const agent = { name: 'chart-maker', source: 'custom', mode: 'primary', readOnly: false, editable: true, label: 'Chart maker', toolIds: ['charts'], skillNames: ['data-viz'] };
    expect(result('agents.list', { agents: [{ name: 'plan', source: 'built-in', mode: 'primary', readOnly: true, editable: false }, agent] })).toEqual([]);
    expect(paths(result('agents.list', { agents: [{ ...agent, source: 'plugin' }] }))).toContain('/agents/0/source');
    expect(result('agents.get', { agent, definition: custom })).toEqual([]);
  });

  it('validates custom agent definitions the same way everywhere', () => {
    expect(params('agents.save', { agent: custom })).toEqual([]);
    expect(paths(params('agents.save', { agent: { ...custom, name: 'Chart Maker' } }))).toContain('/agent/name');
    expect(paths(params('agents.save', { agent: { ...custom, temperature: 3 } }))).toContain('/agent/temperature');
    expect(paths(params('agents.save', { agent: { ...custom, steps: 0 } }))).toContain('/agent/steps');
    expect(paths(params('agents.save', { agent: { ...custom, allowTools: ['a', 'a'] } }))).toContain('/agent/allowTools');
    expect(params('agents.save', { agent: { ...custom, tools: { bash: true } } })[0]).toMatchObject({ instancePath: '/agent', params: { additionalProperty: 'tools' } });
    expect(params('agents.save', { agent: { name: 'x' } }).map((error) => error.params)).toEqual(
      expect.arrayContaining([{ missingProperty: 'description' }, { missingProperty: 'instructions' }]),
    );
    expect(paths(params('agents.delete', { name: '-x' }))).toContain('/name');
  });
});

describe('capabilities', () => {
  it('checks tools, skills and MCP status', () => {
    const value = {
      tools: [{ id: 'charts', name: 'Charts', patterns: ['charts_*'], mcp: 'charts', writeAccess: false }],
      skills: [{ name: 'data-viz', description: 'Charts from data', toolIds: ['charts'], usedBy: ['chart-maker'] }],
      mcps: [
        { name: 'charts', type: 'local', status: 'connected', usedBy: ['chart-maker'], source: 'bundled', permissionMode: 'allow', configured: true },
        {
          name: 'jira',
          type: 'remote',
          status: 'failed',
          error: 'connection refused',
          usedBy: [],
          source: 'custom',
          permissionMode: 'ask',
          configured: true,
          custom: { type: 'remote', url: 'https://jira.example.com/mcp', headerNames: ['Authorization'], scope: 'machine', createdAt: '2026-11-21T09:00:00.000Z', updatedAt: '2026-11-21T09:00:00.000Z' },
        },
      ],
    };
    expect(result('capabilities.list', value)).toEqual([]);
    expect(paths(result('capabilities.list', { ...value, mcps: [{ ...value.mcps[0], status: 'sleeping' }] }))).toContain('/mcps/0/status');
  });
});

describe('providers', () => {
  const provider = {
    id: 'openrouter',
    name: 'OpenRouter',
    configured: true,
    connected: true,
    credentials: [{ key: 'apiKey', label: 'API key', secret: true, required: true, set: true, value: 'sk-or-…a1b2' }],
    models: [{ id: 'anthropic/claude-sonnet-4', name: 'Claude Sonnet 4', contextLimit: 200000, featured: true }],
    defaultModel: 'anthropic/claude-sonnet-4',
  };

  it('checks the list and credentials', () => {
    expect(result('providers.list', { providers: [provider], defaultModel: 'openrouter/anthropic/claude-sonnet-4' })).toEqual([]);
    expect(paths(result('providers.list', { providers: [{ ...provider, credentials: [{ key: 'apiKey', label: 'API key', secret: true, required: true }] }] }))).toContain('/providers/0/credentials/0');
    expect(params('providers.setCredential', { providerId: 'openrouter', key: 'apiKey', value: 'sk-or-123' })).toEqual([]);
    expect(paths(params('providers.setCredential', { providerId: 'openrouter', key: '1key', value: 'x' }))).toContain('/key');
    expect(paths(params('providers.setCredential', { providerId: 'Open Router', key: 'apiKey', value: 'x' }))).toContain('/providerId');
    expect(params('providers.clearCredential', { providerId: 'openrouter' })).toEqual([]);
    expect(result('providers.clearCredential', { ...provider, connected: false, credentials: [{ ...provider.credentials[0], set: false, value: undefined }] })).toEqual([]);
  });

  it('checks the OAuth flow', () => {
    expect(result('providers.authMethods', { methods: [{ type: 'oauth', label: 'ChatGPT Plus/Pro' }, { type: 'api', label: 'API key' }] })).toEqual([]);
    expect(params('providers.oauthStart', { providerId: 'openai', method: 0 })).toEqual([]);
    expect(paths(params('providers.oauthStart', { providerId: 'openai', method: -1 }))).toContain('/method');
    expect(result('providers.oauthStart', { url: 'https://auth.openai.com/x', mode: 'code', instructions: 'Paste the code' })).toEqual([]);
    expect(paths(result('providers.oauthStart', { url: 'https://x', mode: 'manual' }))).toContain('/mode');
    expect(params('providers.oauthFinish', { providerId: 'openai', method: 0, code: 'abc' })).toEqual([]);
  });
});

describe('settings', () => {
  const settings = {
    model: 'openrouter/anthropic/claude-sonnet-4',
    permissions: { bash: 'ask', fileWrite: 'ask', task: 'allow', web: 'allow' },
    permissionCeilings: { bash: 'allow', fileWrite: 'allow', task: 'allow', web: 'allow', webSearch: true },
    webSearch: true,
    sandbox: 'auto',
    appearance: 'system',
  };

  it('checks reads, which never carry secrets', () => {
    expect(result('settings.get', settings)).toEqual([]);
    expect(result('settings.get', { ...settings, providerCredentials: { openrouter: { apiKey: 'sk' } } })[0]?.params).toEqual({ additionalProperty: 'providerCredentials' });
    expect(paths(result('settings.get', { ...settings, permissions: { ...settings.permissions, bash: 'deny' } }))).toContain('/permissions/bash');
  });

  it('checks patches: partial, null clears', () => {
    expect(params('settings.set', { patch: { permissions: { bash: 'allow' }, model: null, language: 'de-DE' } })).toEqual([]);
    expect(params('settings.set', { patch: {} })).toEqual([]);
    expect(params('settings.set', { patch: { permissions: { bash: null }, webSearch: null, appearance: null, enabledProviders: null } })).toEqual([]);
    expect(paths(params('settings.set', { patch: { permissions: { bash: 'always' } } }))).toContain('/patch/permissions/bash');
    expect(paths(params('settings.set', { patch: { appearance: 'sepia' } }))).toContain('/patch/appearance');
    expect(params('settings.set', { patch: { sandbox: 'none' } })).toEqual([]);
    expect(params('settings.set', { patch: { sandbox: null } })).toEqual([]);
    expect(paths(params('settings.set', { patch: { sandbox: 'chroot' } }))).toContain('/patch/sandbox');
    expect(result('settings.get', { ...settings, permissionCeilings: { ...settings.permissionCeilings, sandbox: 'bwrap' }, sandbox: 'bwrap' })).toEqual([]);
    expect(paths(params('settings.set', { patch: { model: 'nope' } }))).toContain('/patch/model');
    expect(params('settings.set', { patch: { permissionCeilings: { bash: 'allow' } } })[0]).toMatchObject({ instancePath: '/patch', params: { additionalProperty: 'permissionCeilings' } });
  });
});

describe('session events', () => {
  it('accepts the streamed shapes', () => {
    expect(payload('session.created', { workspaceId: 'ws_1', session })).toEqual([]);
    expect(payload('session.status', { workspaceId: 'ws_1', sessionId: 'ses_1', status: { type: 'busy' } })).toEqual([]);
    expect(payload('session.error', { error: { name: 'APIError', message: 'rate limited', statusCode: 429, retryable: true } })).toEqual([]);
    expect(payload('session.compacted', { workspaceId: 'ws_1', sessionId: 'ses_1' })).toEqual([]);
    expect(payload('message.updated', { workspaceId: 'ws_1', message: { id: 'msg_2', sessionId: 'ses_1', role: 'assistant', createdAt: T } })).toEqual([]);
    expect(payload('part.updated', { workspaceId: 'ws_1', part: { ...base, id: 'prt_1', kind: 'text', text: 'Hel' } })).toEqual([]);
    expect(payload('text.delta', { workspaceId: 'ws_1', ...base, partId: 'prt_1', delta: 'lo' })).toEqual([]);
    expect(payload('reasoning.delta', { workspaceId: 'ws_1', ...base, partId: 'prt_2', delta: 'hmm' })).toEqual([]);
    expect(payload('tool.state', { workspaceId: 'ws_1', ...base, partId: 'prt_3', callId: 'call_1', tool: 'bash', state: { status: 'pending', input: {} } })).toEqual([]);
    expect(payload('resync', { reason: 'client fell 5000 events behind' })).toEqual([]);
  });

  it('refuses what the contract does not carry', () => {
    expect(payload('part.updated', { workspaceId: 'ws_1', part: { ...base, id: 'prt_3', kind: 'tool', tool: 'bash', callId: 'c', state: { status: 'pending', input: {} } } })).not.toEqual([]);
    expect(payload('text.delta', { ...base, partId: 'prt_1', delta: 'lo' })[0]?.params).toEqual({ missingProperty: 'workspaceId' });
    expect(paths(payload('tool.state', { workspaceId: 'ws_1', ...base, partId: 'prt_3', callId: 'c', tool: 'bash', state: { status: 'done', input: {} } }))).toContain('/state/status');
    expect(payload('resync', {})[0]?.params).toEqual({ missingProperty: 'reason' });
  });
});

describe('mcps', () => {
  const draft = { name: 'tickets', type: 'remote', url: 'https://tickets.example.com/mcp', headers: { Authorization: 'Bearer x', 'X-Keep': null } };
  it('checks custom MCP drafts, targets and test results', () => {
    expect(params('mcps.add', { mcp: draft })).toEqual([]);
    expect(params('mcps.test', { target: { draft } })).toEqual([]);
    expect(params('mcps.test', { target: { name: 'tickets' } })).toEqual([]);
    expect(paths(params('mcps.add', { mcp: { ...draft, name: 'Tickets!' } }))).toContain('/mcp/name');
    expect(paths(params('mcps.add', { mcp: { ...draft, headers: { 'bad header': 'x' } } }))).toContain('/mcp/headers');
    expect(result('mcps.test', { ok: false, tools: [], failure: 'unauthorized', message: '401', durationMs: 12 })).toEqual([]);
    expect(paths(result('mcps.test', { ok: false, tools: [], failure: 'teapot', durationMs: 1 }))).toContain('/failure');
  });
  it('checks credential writes', () => {
    expect(params('mcps.setCredentials', { name: 'github', values: { token: 'abc', region: null } })).toEqual([]);
    expect(paths(params('mcps.setCredentials', { name: 'github', values: { '9bad': 'x' } }))).toContain('/values');
  });
});
