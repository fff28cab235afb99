import { describe, expect, it } from 'vitest';
import { errorAt, loadOverlay } from './helpers.js';

const acmeProvider = {
  npm: '@ai-sdk/openai-compatible',
  name: 'Acme Router',
  models: { 'acme-large': { name: 'Acme Large' } },
};

describe('cross-reference checks on the merged config', () => {
  it('needs a descriptor or custom entry for every available provider', () => {
    const { result } = loadOverlay({ providers: { available: ['openrouter', 'acme'] } });
    expect(errorAt(result, '/providers/available/1')).toMatchObject({ code: 'CONFIG_PROVIDER_UNKNOWN', line: 5 });
    expect(errorAt(result, '/providers/available/1')?.message).toContain('Provider "acme" is listed as available but has no entry');
  });

  it('accepts a custom provider as the entry for an available id', () => {
    const { result } = loadOverlay({
      providers: { available: ['acme'], defaultProvider: 'acme', defaultModel: 'acme-large', custom: { acme: acmeProvider } },
    });
    expect(result.issues).toEqual([]);
  });

  it('needs the default provider to be available', () => {
    const { result } = loadOverlay({ providers: { defaultProvider: 'openai', available: ['openrouter'] } });
    expect(errorAt(result, '/providers/defaultProvider')).toMatchObject({ code: 'CONFIG_DEFAULT_PROVIDER_UNAVAILABLE' });
    expect(errorAt(result, '/providers/defaultProvider')?.message).toContain('"openai" is not in providers.available (openrouter)');
  });

  it('needs the default model among the listed models of the default provider', () => {
    const { result } = loadOverlay({ providers: { defaultModel: 'nonexistent/model' } });
    expect(errorAt(result, '/providers/defaultModel')).toMatchObject({ code: 'CONFIG_DEFAULT_MODEL_UNKNOWN' });
    expect(errorAt(result, '/providers/defaultModel')?.message).toContain('"nonexistent/model" is not among the models listed for provider "openrouter"');
  });

  it('accepts the default model written as provider/model', () => {
    const { result } = loadOverlay({
      providers: { available: ['acme'], defaultProvider: 'acme', defaultModel: 'acme/acme-large', custom: { acme: acmeProvider } },
    });
    expect(result.issues).toEqual([]);
  });

  it('does not demand a default model when the provider lists none (the runtime owns its catalog)', () => {
    const { result } = loadOverlay({ providers: { defaultProvider: 'openai', defaultModel: 'gpt-anything' } });
    expect(result.issues).toEqual([]);
  });

  it("checks a provider's own defaultModel against its models (a warning when a live catalog may list it)", () => {
    const { result } = loadOverlay({ providers: { descriptors: { acme: { name: 'Acme', models: [{ id: 'a' }], defaultModel: 'b' } } } });
    expect(errorAt(result, '/providers/descriptors/acme/defaultModel')?.message).toContain('names "b" as its default model');
    const live = loadOverlay({ providers: { descriptors: { openrouter: { defaultModel: 'missing/model' } } } }).result;
    expect(live.ok).toBe(true);
    expect(live.issues).toEqual([
      expect.objectContaining({ severity: 'warning', pointer: '/providers/descriptors/openrouter/defaultModel', message: expect.stringContaining('only if the live catalog lists it') }),
    ]);
  });

  it('needs a command or package for a local MCP', () => {
    const { result } = loadOverlay({ mcps: [{ name: 'bare', type: 'local' }] });
    expect(errorAt(result, '/mcps/0')).toMatchObject({ code: 'CONFIG_MCP_COMMAND_MISSING' });
    expect(errorAt(result, '/mcps/0')?.message).toBe('Local MCP "bare" needs a "command" (argv list) or a bundled "packageName".');
  });

  it('needs a url for a remote MCP', () => {
    const { result } = loadOverlay({ mcps: [{ name: 'far', type: 'remote' }] });
    expect(errorAt(result, '/mcps/0')).toMatchObject({ code: 'CONFIG_MCP_URL_MISSING', message: 'Remote MCP "far" needs a "url".' });
  });

  it.each(['http://wiki.acme.example/mcp', 'ftp://x/mcp', 'http://10.0.0.1/mcp'])('refuses the remote MCP url %s', (url) => {
    const { result } = loadOverlay({ mcps: [{ name: 'far', type: 'remote', url }] });
    expect(result.ok).toBe(false);
    const issue = result.issues.find((candidate) => candidate.pointer === '/mcps/0/url');
    expect(issue?.message).toMatch(/must use https:\/\/|http\(s\):\/\/ URL/);
  });

  it.each(['https://wiki.acme.example/mcp', 'http://127.0.0.1:8080/mcp', 'http://localhost:3000/mcp', 'http://[::1]:9/mcp'])(
    'accepts the remote MCP url %s',
    (url) => {
      const { result } = loadOverlay({ mcps: [{ name: 'far', type: 'remote', url }] });
      expect(result.issues).toEqual([]);
    },
  );

  it('refuses fields of the other MCP type', () => {
    const { result } = loadOverlay({ mcps: [{ name: 'mixed', type: 'local', command: ['node', 'x.js'], url: 'https://x.example' }] });
    expect(errorAt(result, '/mcps/0/url')).toMatchObject({ code: 'CONFIG_MCP_FIELD_MISMATCH' });
  });

  it('needs options for select and radio credential fields', () => {
    const { result } = loadOverlay({
      mcps: [{ name: 'svc', type: 'local', command: ['svc'], credentials: [{ key: 'method', label: 'Method', type: 'select' }] }],
    });
    expect(errorAt(result, '/mcps/0/credentials/0/options')?.message).toContain('is a select and needs at least one entry in "options"');
  });

  it('needs `when` and env/header settings to name declared credential fields', () => {
    const { result } = loadOverlay({
      mcps: [
        {
          name: 'svc',
          type: 'local',
          command: ['svc'],
          credentials: [{ key: 'apiKey', label: 'API key', secret: true, when: { key: 'method', value: 'key' } }],
          envSettings: [{ env: 'SVC_TOKEN', key: 'token' }],
          headerSettings: [{ header: 'Authorization', key: 'apiKey', prefix: 'Bearer ' }],
        },
      ],
    });
    expect(errorAt(result, '/mcps/0/credentials/0/when/key')?.message).toContain('refers to credential "method"');
    expect(errorAt(result, '/mcps/0/envSettings/0/key')?.message).toContain('maps credential "token", which is not declared');
    expect(errorAt(result, '/mcps/0/headerSettings/0/key')).toBeUndefined();
  });

  it('needs agents and templates to use declared tools and skills', () => {
    const { result } = loadOverlay({
      agents: [{ name: 'scout', toolIds: ['clock', 'teleport'], skillNames: ['nope'] }],
      agentStarterTemplates: [{ id: 'starter', label: 'Starter', toolIds: ['ghost'] }],
    });
    expect(errorAt(result, '/agents/0/toolIds/1')?.message).toBe('Unknown tool id "teleport": it is not declared in tools.');
    expect(errorAt(result, '/agents/0/skillNames/0')?.message).toBe('Unknown skill "nope": it is not declared in skills.');
    expect(errorAt(result, '/agentStarterTemplates/0/toolIds/0')).toBeDefined();
    expect(errorAt(result, '/agents/0/toolIds/0')).toBeUndefined();
  });

  it("refuses a configured agent named like one of OpenCode's own", () => {
    const { result } = loadOverlay({ agents: [{ name: 'plan' }] });
    expect(errorAt(result, '/agents/0/name')).toMatchObject({ code: 'CONFIG_AGENT_NAME_RESERVED' });
    expect(errorAt(result, '/agents/0/name')?.message).toContain('builtInAgents.plan');
  });

  it('warns, without rejecting, about a model of an undeclared provider', () => {
    const { result } = loadOverlay({ builtInAgents: { explore: { model: 'mystery/model-1' } } });
    expect(result.ok).toBe(true);
    expect(result.issues[0]).toMatchObject({ severity: 'warning', pointer: '/builtInAgents/explore/model' });
    expect(result.config?.builtInAgents?.explore?.model).toBe('mystery/model-1');
  });

  it('needs a client id for Google sign-in', () => {
    const { result } = loadOverlay({ auth: { mode: 'google-oauth' } });
    expect(errorAt(result, '/auth/googleOAuth/clientId')).toMatchObject({ code: 'CONFIG_AUTH_INCOMPLETE' });
  });

  it('needs Google sign-in, with the required scopes, for a GCS feed that uses it', () => {
    const feed = { kind: 'gcs', bucket: 'acme-releases', auth: { kind: 'google-oauth', requiredScopes: ['https://www.googleapis.com/auth/devstorage.read_only'] } };
    const withoutSignIn = loadOverlay({ updates: { releaseSource: feed } }).result;
    expect(errorAt(withoutSignIn, '/updates/releaseSource/auth/kind')?.message).toContain('auth.mode is not "google-oauth"');
    const withoutScope = loadOverlay({
      auth: { mode: 'google-oauth', googleOAuth: { clientId: 'id', scopes: ['openid'] } },
      updates: { releaseSource: feed },
    }).result;
    expect(errorAt(withoutScope, '/updates/releaseSource/auth/requiredScopes/0')?.message).toContain('devstorage.read_only');
  });

  it('warns (as upstream falls back) when a logo variant has no logo', () => {
    const { result } = loadOverlay({ branding: { sidebar: { top: { variant: 'logo' } } } });
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'warning', pointer: '/branding/sidebar/top/variant', message: expect.stringContaining('shows a logo, but no branding.sidebar.top.logoAsset') })]);
  });

  it('warns that a sidebar link label without a link shows nothing', () => {
    const { result } = loadOverlay({ branding: { sidebar: { lower: { text: 'Help', linkLabel: 'Get help' } } } });
    expect(result.ok).toBe(true);
    expect(result.issues[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining('linkLabel is set but linkUrl is not') });
  });

  it.each(['/opt/skills/x', '../outside', 'skills/../../etc', 'https://skills.example/x'])('refuses the skill sourceDir %s', (sourceDir) => {
    const { result } = loadOverlay({ skills: [{ name: 'x', sourceDir }] });
    expect(errorAt(result, '/skills/0/sourceDir')?.message).toContain(`sourceDir "${sourceDir}"`);
  });

  it('refuses duplicate ids inside one file', () => {
    const { result } = loadOverlay({ tools: [{ id: 'x', name: 'X' }, { id: 'x', name: 'Y' }] });
    expect(errorAt(result, '/tools/1/id')).toMatchObject({ code: 'CONFIG_DUPLICATE_ID' });
    expect(errorAt(result, '/tools/1/id')?.message).toContain('id "x" appears twice in tools (entries 0 and 1)');
  });

  it('lets an overlay switch an inherited MCP off, in a list that keeps the inherited ones ("...")', () => {
    const { result } = loadOverlay({ mcps: ['...', { name: 'charts', enabled: false }] });
    expect(result.issues).toEqual([]);
    expect(result.config?.mcps?.find((mcp) => mcp.name === 'charts')).toMatchObject({ enabled: false, type: 'local', packageName: 'charts' });
    expect(result.config?.mcps?.map((mcp) => mcp.name)).toContain('knowledge');
  });

  it('replaces the inherited list without "...", so a bare record must be complete', () => {
    const { result } = loadOverlay({ mcps: [{ name: 'charts', enabled: false }] });
    expect(errorAt(result, '/mcps/0/type')).toMatchObject({ code: 'CONFIG_MISSING_PROPERTY' });
  });
});
