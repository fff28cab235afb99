// app.exportDiagnostics: secrets planted everywhere the bundle draws from (provider keys in
// the config and in the settings, MCP credentials, custom MCP header and environment values,
// placeholder values, a Google-like token, home paths in logs and statuses) and none of them
// in the bundle; secrets masked by pointer in the config; credentials only as "set"; and the
// size cap, which cuts the oldest log lines first.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, MASK, type LoadResult, type OpenCoworkConfig } from '@open-cowork/config';
import type { McpInfo, Provider } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS_FORMAT, exportDiagnostics, Observability } from '../../src/diagnostics/index.js';
import { RecentLogs } from '../../src/log/index.js';
import { ManualClock, MemoryCipher } from '../../src/ports/index.js';
import { diagnosticsHandlers } from '../../src/diagnostics/app-diagnostics.js';
import { CustomMcpStore } from '../../src/mcps/store.js';
import { secrecyFromConfig, SettingsStore } from '../../src/settings/index.js';
import { createSanitizer } from '../../src/telemetry/index.js';
import { REPO_ROOT, tempDir, testLogger, valid } from '../support/catalog-runtime.js';

const HOME = '/home/alice';

const PLANTED = {
  catalogAuth: 'catalog-literal-SECRET-0001',
  customOptionHeader: 'custom-option-SECRET-0002',
  mcpConfigHeader: 'mcp-config-header-SECRET-0003',
  mcpConfigEnv: 'ghp_configEnvSECRET0123456789',
  telemetryToken: 'env-telemetry-SECRET-0004',
  routerKey: 'env-router-key-SECRET-0005',
  routerUrlSecret: 'url-query-SECRET-0006',
  storedProviderKey: 'sk-or-v1-stored-provider-SECRET-0007',
  storedMcpCredential: 'stored-mcp-credential-SECRET-0008',
  customMcpHeader: 'custom-mcp-header-SECRET-0009',
  customMcpEnv: 'custom-env-db-password-SECRET-0010',
  googleAccess: 'ya29.a0AfH6SMBx-google-access-SECRET-0011',
  googleRefresh: '1//0gLplantedRefreshTokenSECRET0012',
  googleClientSecret: 'GOCSPX-plantedClientSECRET0013',
};

async function plantedSetup() {
  const sandbox = await tempDir('oc-export-');
  const userDataDir = path.join(sandbox, 'user-data');
  await mkdir(userDataDir, { recursive: true });
  await writeFile(
    path.join(userDataDir, 'config.json'),
    JSON.stringify({
      allowedEnvPlaceholders: ['ACME_TELEMETRY_TOKEN', 'ACME_ROUTER_KEY', 'ACME_ROUTER_URL'],
      auth: { googleOAuth: { clientId: 'planted-client.apps.googleusercontent.com', clientSecret: PLANTED.googleClientSecret } },
      telemetry: { enabled: true, endpoint: 'https://events.acme.example/ingest', headers: { Authorization: 'Bearer {env:ACME_TELEMETRY_TOKEN}' } },
      providers: {
        available: ['openrouter', 'acme-router'],
        descriptors: {
          openrouter: { dynamicCatalog: { url: 'https://openrouter.ai/api/v1/models', responsePath: 'data', authHeader: `Bearer ${PLANTED.catalogAuth}` } },
          'acme-router': { runtime: 'custom', name: 'Acme Router', credentials: [] },
        },
        custom: {
          'acme-router': {
            npm: '@ai-sdk/openai-compatible',
            options: { baseURL: '{env:ACME_ROUTER_URL}', apiKey: '{env:ACME_ROUTER_KEY}', headers: { 'X-Api-Token': PLANTED.customOptionHeader } },
            models: { 'acme-large': { name: 'Acme Large' } },
          },
        },
      },
      mcps: [
        { name: 'internal-docs', type: 'remote', url: 'https://docs.acme.example/mcp', headers: { Authorization: `Bearer ${PLANTED.mcpConfigHeader}` } },
        { name: 'local-tool', type: 'local', command: [`${HOME}/bin/tool`, '--stdio'], environment: { GITHUB_TOKEN: PLANTED.mcpConfigEnv } },
      ],
    }),
  );
  const load = loadConfig({
    defaultConfigPath: path.join(REPO_ROOT, 'open-cowork.config.json'),
    env: {
      ACME_TELEMETRY_TOKEN: PLANTED.telemetryToken,
      ACME_ROUTER_KEY: PLANTED.routerKey,
      ACME_ROUTER_URL: `https://router.acme.example/v1?token=${PLANTED.routerUrlSecret}`,
    },
    cwd: sandbox,
    homeDir: sandbox,
    userDataDir,
    managedConfigPaths: [],
    platform: 'linux',
  });
  expect(load.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  const config = load.config as OpenCoworkConfig;

  const cipher = new MemoryCipher();
  const settings = new SettingsStore({ file: path.join(sandbox, 'settings.json'), cipher, ceilings: config.permissions ?? {}, isSecret: secrecyFromConfig(config), report: () => undefined });
  await settings.setCredential('provider', 'openrouter', 'apiKey', PLANTED.storedProviderKey);
  await settings.setCredential('mcp', 'local-tool', 'token', PLANTED.storedMcpCredential);
  const store = new CustomMcpStore({
    file: path.join(sandbox, 'mcp.open-cowork.json'),
    cipher,
    report: (message) => {
      throw new Error(message);
    },
  });
  await store.put({ name: 'team-wiki', type: 'remote', url: 'https://wiki.acme.example/mcp', headers: { 'X-Api-Key': PLANTED.customMcpHeader }, scope: 'machine' }, 'add');
  await store.put({ name: 'db-tool', type: 'local', command: ['db-mcp'], environment: { DB_PASSWORD: PLANTED.customMcpEnv, DB_HOST: 'db.internal' }, scope: 'machine' }, 'add');

  // The runtime's redactor would catch most of this; the bundle must not rely on it.
  const logs = new RecentLogs({ homeDir: HOME });
  // The router URL as the runtime would log it: the whole placeholder value.
  const bare = Object.values(PLANTED).filter((value) => value !== PLANTED.routerUrlSecret);
  const everything = [...bare, `https://router.acme.example/v1/?token=${PLANTED.routerUrlSecret}`.replace('/?', '?')].join(' ');
  logs.add({ time: '2026-11-21T10:00:00.000Z', level: 'warn', source: 'runtime', runId: 'r', message: `reading ${HOME}/projects/acme/notes.md with ${everything}` });
  logs.add({ time: '2026-11-21T10:00:01.000Z', level: 'info', source: 'host', runId: 'r', message: 'headers', data: { authorization: `Bearer ${PLANTED.mcpConfigHeader}`, path: `${HOME}/x` } });
  return { load, config, settings, store, logs, dataDir: path.join(sandbox, 'data') };
}

function providersOf(): Provider[] {
  return [
    { id: 'openrouter', name: 'OpenRouter', configured: true, connected: true, credentials: [{ key: 'apiKey', label: 'API key', secret: true, required: true, set: true, value: MASK }], models: [{ id: 'm', name: 'M', featured: true }], catalog: { source: 'static', stale: true, models: 0, problem: `Could not fetch with ${PLANTED.catalogAuth}` } },
    { id: 'acme-router', name: 'Acme Router', configured: true, connected: true, credentials: [], models: [] },
  ];
}

function mcpsOf(): McpInfo[] {
  return [
    { name: 'internal-docs', type: 'remote', status: 'failed', error: `401 from https://docs.acme.example with Bearer ${PLANTED.mcpConfigHeader}`, usedBy: [], source: 'bundled', permissionMode: 'ask', configured: true },
    { name: 'team-wiki', type: 'remote', status: 'connected', usedBy: ['build'], source: 'custom', permissionMode: 'ask', configured: true, custom: { type: 'remote', url: 'https://wiki.acme.example/mcp', headerNames: ['X-Api-Key'], scope: 'machine' } as never },
  ];
}

describe('app.exportDiagnostics', () => {
  it('leaves every planted secret and the home folder out of the bundle', async () => {
    const { load, config, settings, store, logs, dataDir } = await plantedSetup();
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 12, 0, 0));
    const observability = new Observability({
      config,
      load: load as LoadResult,
      dataDir,
      homeDir: HOME,
      logger: testLogger().logger,
      clock,
      version: '1.2.3',
      settings,
      customMcps: () => store.openAll(),
      redact: (text) => text,
      onRuntimeStatus: () => () => undefined,
      defaultModel: async () => undefined,
      // The collector's name "resolves" to this machine, which the guard refuses: nothing leaves it.
      telemetry: { forwarding: { network: { lookup: async () => [{ address: '127.0.0.1', family: 4 }] } } },
    });
    const diagnostics = diagnosticsHandlers({
      version: '1.2.3',
      runtimeStatus: () => ({ state: 'failed', code: 'RUNTIME_START_FAILED', reason: `exited reading ${HOME}/.config with ${PLANTED.googleAccess}` }),
      logs,
      dataDir: `${HOME}/.config/open-cowork`,
      homeDir: HOME,
      process: { version: 'v20.19.1', platform: 'linux', arch: 'x64' },
    });
    const handlers = observability.exportHandlers({
      diagnostics: () => diagnostics['app.diagnostics']({}),
      logs,
      providers: async () => providersOf(),
      mcps: async () => mcpsOf(),
    });
    const bundle = valid('app.exportDiagnostics', await handlers['app.exportDiagnostics']({}));
    await observability.stop();

    const text = JSON.stringify(bundle);
    for (const [what, secret] of Object.entries(PLANTED)) expect(text, what).not.toContain(secret);
    expect(text).not.toContain(HOME);
    expect(text).toContain('~/projects/acme/notes.md');

    expect(bundle).toMatchObject({
      format: DIAGNOSTICS_FORMAT,
      generatedAt: '2026-11-21T12:00:00.000Z',
      versions: { app: '1.2.3', node: '20.19.1' },
      runtime: { state: 'failed', code: 'RUNTIME_START_FAILED' },
      dataDir: '~/.config/open-cowork',
      credentials: { providers: { openrouter: ['apiKey'] }, mcps: { 'local-tool': ['token'] } },
      truncated: { logLines: 0, config: false },
    });
    // The config: secrets masked by pointer, placeholders shown instead of their values.
    const shown = bundle.config as OpenCoworkConfig;
    expect(shown.telemetry?.headers?.['Authorization']).toBe(`${MASK} ({env:ACME_TELEMETRY_TOKEN})`);
    expect(shown.providers.descriptors['openrouter']?.dynamicCatalog?.authHeader).toBe(MASK);
    expect(shown.providers.custom?.['acme-router']?.options).toEqual({ baseURL: '{env:ACME_ROUTER_URL}', apiKey: `${MASK} ({env:ACME_ROUTER_KEY})`, headers: { 'X-Api-Token': MASK } });
    expect(shown.mcps?.find((m) => m.name === 'local-tool')?.command).toEqual(['~/bin/tool', '--stdio']);
    expect(shown.auth?.googleOAuth?.clientSecret).toBe(MASK);
    // MCP servers by name and status, nothing about how they are reached.
    expect(bundle.mcps).toEqual([
      { name: 'internal-docs', source: 'bundled', type: 'remote', status: 'failed', error: '401 from https://docs.acme.example with [redacted]', configured: true },
      { name: 'team-wiki', source: 'custom', type: 'remote', status: 'connected', configured: true },
    ]);
    expect(bundle.providers).toEqual([
      { id: 'openrouter', connected: true, models: 1, catalog: { source: 'static', stale: true, models: 0, problem: 'Could not fetch with [redacted]' } },
      { id: 'acme-router', connected: true, models: 0 },
    ]);
    expect(bundle.telemetry).toMatchObject({ enabled: true, directory: expect.stringMatching(/telemetry$/), forwarding: { configured: true, active: true, origin: 'https://events.acme.example', headers: ['Authorization'] } });
    expect(bundle.configLayers.map((layer) => layer.kind)).toContain('user');
    expect(bundle.logs).toHaveLength(2);
  });

  it('keeps the bundle under its size cap: the oldest log lines go first, then the config', async () => {
    const { load, settings, dataDir } = await plantedSetup();
    const logs = new RecentLogs({ maxLines: 500 });
    for (let i = 0; i < 500; i += 1) logs.add({ time: '2026-11-21T10:00:00.000Z', level: 'info', source: 'host', runId: 'r', message: `line ${i} ${'x'.repeat(1500)}` });
    const base = {
      load: load as LoadResult,
      diagnostics: async () => ({ versions: { app: '1', contract: 1, node: '20', platform: 'linux', arch: 'x64' }, runtime: { state: 'stopped' as const }, dataDir, logs: [] }),
      logs,
      settings: () => settings.get(),
      credentials: () => settings.credentials(),
      providers: async () => [],
      mcps: async () => [],
      telemetry: () => ({ enabled: true, directory: '~/t', retentionDays: 30, forwarding: { configured: false, active: false, headers: [], sent: 0, failed: 0, dropped: 0 } }),
      sanitizer: createSanitizer({ homeDir: HOME }),
    };
    const full = await exportDiagnostics(base);
    expect(full.logs).toHaveLength(500);
    expect(JSON.stringify(full, null, 2).length).toBeLessThan(1_000_000);

    const capped = await exportDiagnostics({ ...base, maxBytes: 200_000 });
    expect(Buffer.byteLength(JSON.stringify(capped, null, 2))).toBeLessThanOrEqual(200_000);
    expect(capped.truncated.logLines).toBeGreaterThan(0);
    expect(capped.logs.length + capped.truncated.logLines).toBe(500);
    expect(capped.logs.at(-1)?.message).toMatch(/^line 499 /);
    expect(capped.truncated.config).toBe(false);

    const tiny = await exportDiagnostics({ ...base, maxBytes: 6_000 });
    expect(tiny.logs).toEqual([]);
    expect(tiny.truncated).toEqual({ logLines: 500, config: true });
    expect(tiny.config).toEqual({ omitted: expect.stringContaining('too large') });
    valid('app.exportDiagnostics', tiny);
  });
});
