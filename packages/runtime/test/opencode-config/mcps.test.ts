import { describe, expect, it } from 'vitest';
import type { McpServer } from '@open-cowork/config';
import type { RuntimeSettings } from '../../src/settings.js';
import { mcpToolPrefix } from '../../src/opencode-config/mcps.js';
import { build, codes, localMcp, makeBundled, makeConfig } from './helpers.js';

function mcps(servers: McpServer[], settings: RuntimeSettings = {}, bundled = makeBundled()) {
  const result = build(makeConfig({ mcps: servers }), settings, bundled);
  return { result, mcp: result.config.mcp ?? {} };
}

const SECRETIVE: McpServer = {
  name: 'secretive',
  type: 'local',
  packageName: 'secretive',
  environment: { LOG_LEVEL: 'info', API_KEY: 'from-config' },
  credentials: [{ key: 'token', label: 'Token', secret: true }, { key: 'region', label: 'Region' }],
  envSettings: [
    { env: 'API_KEY', key: 'token' },
    { env: 'REGION', key: 'region' },
  ],
};

const WIKI: McpServer = {
  name: 'wiki',
  type: 'remote',
  url: 'https://wiki.example/mcp',
  authMode: 'api_token',
  headers: { 'X-Client': 'cowork' },
  credentials: [{ key: 'token', label: 'Token', secret: true }],
  headerSettings: [{ header: 'Authorization', key: 'token', prefix: 'Bearer ' }],
};

describe('local MCPs', () => {
  it('start a bundled package with the absolute command the host resolves', () => {
    const { mcp } = mcps([{ name: 'clock', type: 'local', packageName: 'clock' }]);
    expect(mcp['clock']).toEqual({ type: 'local', command: ['/opt/node', '/app/mcps/clock/index.js'], enabled: true });
  });

  it('keep an explicit command as given, with its environment', () => {
    const { mcp } = mcps([{ name: 'py', type: 'local', command: ['uvx', 'py-mcp', '--flag'], environment: { A: '1' }, enabled: false }]);
    expect(mcp['py']).toEqual({ type: 'local', command: ['uvx', 'py-mcp', '--flag'], environment: { A: '1' }, enabled: false });
  });

  it('skip a bundled package that is not shipped, with a warning, and keep the others', () => {
    const { mcp, result } = mcps(
      [
        { name: 'gone', type: 'local', packageName: 'gone' },
        { name: 'clock', type: 'local', packageName: 'clock' },
      ],
      {},
      makeBundled({ missingPackages: ['gone'] }),
    );
    expect(Object.keys(mcp)).toEqual(['clock']);
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_MCP_BUNDLE_MISSING']);
    expect(result.warnings[0]?.pointer).toBe('/mcps/0/packageName');
    expect(result.config.permission).not.toHaveProperty('gone_*');
  });

  it('skip a local server with neither command nor package', () => {
    const { mcp, result } = mcps([{ name: 'empty', type: 'local' }]);
    expect(mcp).toEqual({});
    expect(result.config).not.toHaveProperty('mcp');
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_MCP_COMMAND_MISSING']);
  });

  it('map credentials into the environment through envSettings, over config values', () => {
    const { mcp } = mcps([SECRETIVE], { mcpCredentials: { secretive: { token: 'tok-1', region: 'eu' } } });
    expect(mcp['secretive']).toMatchObject({ environment: { LOG_LEVEL: 'info', API_KEY: 'tok-1', REGION: 'eu' } });
  });

  it('leave a variable unset (or at its config value) when the credential is missing or empty', () => {
    const { mcp } = mcps([SECRETIVE], { mcpCredentials: { secretive: { token: '', other: 'x' } } });
    expect(localMcp(mcp, 'secretive').environment).toEqual({ LOG_LEVEL: 'info', API_KEY: 'from-config' });
  });

  it("add the host's per-package environment last, to that server only", () => {
    const bundled = makeBundled({ mcpEnvironment: (pkg) => (pkg === 'agents' ? { BRIDGE_TOKEN: 'bridge-secret' } : undefined) });
    const { result, mcp } = mcps(
      [
        { name: 'agents', type: 'local', packageName: 'agents', environment: { BRIDGE_TOKEN: 'config' } },
        { name: 'clock', type: 'local', packageName: 'clock' },
      ],
      {},
      bundled,
    );
    expect(mcp['agents']).toMatchObject({ environment: { BRIDGE_TOKEN: 'bridge-secret' } });
    expect(mcp['clock']).not.toHaveProperty('environment');
    expect(JSON.stringify(result.env)).not.toContain('bridge-secret');
  });

  it('ignore headerSettings on a local server, with a warning', () => {
    const { result } = mcps([{ ...SECRETIVE, headerSettings: [{ header: 'Authorization', key: 'token' }] }]);
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_MCP_SETTING_IGNORED']);
  });
});

describe('remote MCPs', () => {
  it('send static headers plus credential headers with their prefix, and never start OAuth unasked', () => {
    const { mcp } = mcps([WIKI], { mcpCredentials: { wiki: { token: 'wiki-1' } } });
    expect(mcp['wiki']).toEqual({
      type: 'remote',
      url: 'https://wiki.example/mcp',
      headers: { 'X-Client': 'cowork', Authorization: 'Bearer wiki-1' },
      oauth: false,
      enabled: true,
    });
  });

  it('send a credential as is when there is no prefix', () => {
    const { mcp } = mcps([{ ...WIKI, headers: undefined, headerSettings: [{ header: 'X-Token', key: 'token' }] }], {
      mcpCredentials: { wiki: { token: 't' } },
    });
    expect(mcp['wiki']).toMatchObject({ headers: { 'X-Token': 't' } });
  });

  it("leave OAuth discovery to OpenCode for authMode oauth", () => {
    const { mcp } = mcps([{ name: 'drive', type: 'remote', url: 'https://drive.example/mcp', authMode: 'oauth' }]);
    expect(mcp['drive']).toEqual({ type: 'remote', url: 'https://drive.example/mcp', enabled: true });
  });

  it('skip a remote server without url, and ignore envSettings on one', () => {
    const { mcp, result } = mcps([
      { name: 'nourl', type: 'remote' },
      { ...WIKI, envSettings: [{ env: 'X', key: 'token' }] },
    ]);
    expect(Object.keys(mcp)).toEqual(['wiki']);
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_MCP_URL_MISSING', 'OPENCODE_CONFIG_MCP_SETTING_IGNORED']);
  });
});

describe('MCP credentials stay with their server', () => {
  it('never reach another server, the global environment, or another field', () => {
    const { result, mcp } = mcps(
      [SECRETIVE, WIKI, { name: 'clock', type: 'local', packageName: 'clock' }],
      { mcpCredentials: { secretive: { token: 'S3CRET-A', region: 'eu' }, wiki: { token: 'S3CRET-B' } } },
    );
    expect(JSON.stringify(mcp['secretive'])).toContain('S3CRET-A');
    expect(JSON.stringify(mcp['secretive'])).not.toContain('S3CRET-B');
    expect(JSON.stringify(mcp['wiki'])).toContain('S3CRET-B');
    expect(JSON.stringify(mcp['wiki'])).not.toContain('S3CRET-A');
    expect(JSON.stringify(mcp['clock'])).not.toMatch(/S3CRET/);
    expect(JSON.stringify({ ...result.config, mcp: undefined })).not.toMatch(/S3CRET/);
    expect(JSON.stringify(result.env)).not.toMatch(/S3CRET/);
    expect(JSON.stringify(result.warnings)).not.toMatch(/S3CRET/);
  });

  it('are not picked up by a server with the same credential key but another name', () => {
    const { mcp } = mcps([{ ...SECRETIVE, name: 'twin' }], { mcpCredentials: { secretive: { token: 'mine' } } });
    expect(JSON.stringify(mcp['twin'])).not.toContain('mine');
  });
});

describe('MCP trust', () => {
  it('asks for every tool by default and allows all tools of a trusted server', () => {
    const { result } = mcps([
      { name: 'clock', type: 'local', packageName: 'clock' },
      { name: 'trusted', type: 'local', packageName: 'trusted', permissionMode: 'allow' },
      { name: 'off', type: 'local', packageName: 'off', enabled: false },
    ]);
    expect(result.config.permission).toMatchObject({ 'clock_*': 'ask', 'trusted_*': 'allow', 'off_*': 'ask' });
  });

  it('uses the tool prefix OpenCode derives from the server name', () => {
    expect(mcpToolPrefix('my.server name')).toBe('my_server_name_');
    const { result } = mcps([{ name: 'acme.wiki', type: 'local', command: ['x'], permissionMode: 'allow' }]);
    expect(result.config.permission).toMatchObject({ 'acme_wiki_*': 'allow' });
  });
});
