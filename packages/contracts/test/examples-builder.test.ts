// Example payloads of the agent builder, attachment picker, catalog refresh and diagnostics
// methods: what the host answers is accepted; mistakes are refused at the right place.

import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { paramsSchemaOf, resultSchemaOf, type HostMethodName } from '../src/index.js';

const ajv = new Ajv2020.default({ strict: true, allErrors: true });
const cache = new Map<string, ValidateFunction>();

function check(key: string, schema: () => object, value: unknown): readonly ErrorObject[] {
  let validate = cache.get(key);
  if (validate === undefined) cache.set(key, (validate = ajv.compile(schema())));
  return validate(value) ? [] : (validate.errors ?? []);
}
const params = (method: HostMethodName, value: unknown) => check(`${method}:params`, () => paramsSchemaOf(method), value);
const result = (method: HostMethodName, value: unknown) => check(`${method}:result`, () => resultSchemaOf(method), value);
const paths = (errors: readonly ErrorObject[]) => errors.map((error) => error.instancePath);

describe('agents.templates', () => {
  it('accepts configured and example templates and refuses an unknown source or colour', () => {
    const template = { id: 'research-assistant', source: 'configured', label: 'Research assistant', color: 'info', toolIds: ['knowledge'], skillNames: ['research-brief'], temperature: 0.3, steps: 30 };
    expect(params('agents.templates', {})).toEqual([]);
    expect(result('agents.templates', { templates: [template, { id: 'writer', source: 'example', label: 'Writer' }] })).toEqual([]);
    expect(result('agents.templates', { templates: [] })).toEqual([]);
    expect(paths(result('agents.templates', { templates: [{ ...template, source: 'user' }] }))).toContain('/templates/0/source');
    expect(paths(result('agents.templates', { templates: [{ ...template, color: 'pink' }] }))).toContain('/templates/0/color');
    expect(paths(result('agents.templates', { templates: [{ ...template, steps: 0 }] }))).toContain('/templates/0/steps');
  });
});

describe('workspaces.files', () => {
  it('takes a workspace, an optional query and limit, and answers relative files with a truncation flag', () => {
    expect(params('workspaces.files', { workspaceId: 'ws_1' })).toEqual([]);
    expect(params('workspaces.files', { workspaceId: 'ws_1', query: 'brief md', limit: 50 })).toEqual([]);
    expect(paths(params('workspaces.files', { workspaceId: 'ws_1', limit: 5000 }))).toContain('/limit');
    expect(paths(params('workspaces.files', { query: 'x' }))).toContain('');
    expect(result('workspaces.files', { files: [{ path: 'notes/brief.md', size: 71, modified: 1_750_000_000_000 }], truncated: false })).toEqual([]);
    expect(paths(result('workspaces.files', { files: [{ path: '', size: 1, modified: 1 }], truncated: true }))).toContain('/files/0/path');
    expect(paths(result('workspaces.files', { files: [{ path: 'a', size: -1, modified: 1 }], truncated: true }))).toContain('/files/0/size');
    expect(paths(result('workspaces.files', { files: [] }))).toContain('');
  });
});

describe('providers.refresh', () => {
  it('takes no params and answers like providers.list', () => {
    const provider = { id: 'scripted', name: 'Scripted', configured: true, connected: true, credentials: [], models: [{ id: 'm1', name: 'M1', featured: false }] };
    expect(params('providers.refresh', {})).toEqual([]);
    expect(params('providers.refresh', { force: true })[0]?.keyword).toBe('additionalProperties');
    expect(result('providers.refresh', { providers: [provider], defaultModel: 'scripted/m1' })).toEqual([]);
    expect(result('providers.list', { providers: [provider], defaultModel: 'scripted/m1' })).toEqual([]);
  });
});

describe('app.diagnostics', () => {
  const diagnostics = {
    versions: { app: '0.1.0', contract: 1, opencode: '1.18.33', node: '20.19.1', platform: 'linux', arch: 'x64' },
    runtime: { state: 'ready', url: 'http://127.0.0.1:4096', version: '1.18.33', pid: 42, since: 1 },
    dataDir: '~/.config/open-cowork',
    logs: [{ time: 1_750_000_000_000, level: 'warn', source: 'mcp', message: 'server failed key=[redacted]' }],
  };

  it('accepts versions, the runtime, the data folder and log lines, and refuses unknown levels and sources', () => {
    expect(params('app.diagnostics', {})).toEqual([]);
    expect(result('app.diagnostics', diagnostics)).toEqual([]);
    const withoutOpencode = { app: '0.1.0', contract: 1, node: '20.19.1', platform: 'linux', arch: 'x64' };
    expect(result('app.diagnostics', { ...diagnostics, versions: withoutOpencode, runtime: { state: 'starting', attempt: 1 } })).toEqual([]);
    expect(paths(result('app.diagnostics', { ...diagnostics, logs: [{ ...diagnostics.logs[0], level: 'trace' }] }))).toContain('/logs/0/level');
    expect(paths(result('app.diagnostics', { ...diagnostics, logs: [{ ...diagnostics.logs[0], source: 'kernel' }] }))).toContain('/logs/0/source');
    expect(paths(result('app.diagnostics', { ...diagnostics, logs: Array.from({ length: 201 }, () => diagnostics.logs[0]) }))).toContain('/logs');
    expect(paths(result('app.diagnostics', { ...diagnostics, versions: { ...diagnostics.versions, contract: 0 } }))).toContain('/versions/contract');
  });
});
