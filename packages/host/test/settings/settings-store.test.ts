import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OpenCoworkConfig } from '@open-cowork/config';
import { HostErrorCode } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { KeyFileCipher, MemoryCipher, type SecretCipher } from '../../src/ports/index.js';
import {
  DEFAULT_SETTINGS,
  secrecyFromConfig,
  SettingsStore,
  type SettingsChange,
  type SettingsStoreOptions,
} from '../../src/settings/index.js';
import type { StateProblem } from '../../src/state/index.js';
import { modeOf, tempDir } from '../state/temp-dir.js';

const posix = process.platform !== 'win32';
const API_KEY = 'sk-or-v1-PLAINTEXT-MARKER-0123456789';
const TOKEN = 'ghp_PLAINTEXT-MARKER-abcdef';

async function setup(options: Partial<SettingsStoreOptions> = {}) {
  const file = path.join(await tempDir(), 'data', 'settings.json');
  const problems: StateProblem[] = [];
  const cipher = options.cipher ?? new MemoryCipher();
  const store = new SettingsStore({ file, cipher, report: (problem) => problems.push(problem), ...options });
  return { file, store, cipher, problems };
}

describe('SettingsStore: settings', () => {
  it('starts a fresh profile on defaults: every permission on Ask, web search on, system appearance', async () => {
    const { store, file } = await setup();
    const view = await store.get();
    expect(view).toEqual({
      ...DEFAULT_SETTINGS,
      permissionCeilings: { bash: 'allow', fileWrite: 'allow', task: 'allow', web: 'allow', webSearch: true },
    });
    expect(view.permissions).toEqual({ bash: 'ask', fileWrite: 'ask', task: 'ask', web: 'ask' });
    expect(await store.credentials()).toEqual({ providers: {}, mcps: {} });
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' }); // reading writes nothing
  });

  it.runIf(posix)('saves to a 0600 file in a 0700 directory', async () => {
    const { store, file } = await setup();
    await store.update({ appearance: 'dark' });
    expect(modeOf(await stat(file))).toBe(0o600);
    expect(modeOf(await stat(path.dirname(file)))).toBe(0o700);
  });

  it('applies patches, keeps them across instances, and resets a field with null', async () => {
    const { store, file, cipher } = await setup();
    const view = await store.update({
      model: 'openrouter/anthropic/claude-sonnet-4',
      enabledProviders: ['openrouter', 'openai', 'openrouter'],
      permissions: { bash: 'allow' },
      webSearch: false,
      language: 'pt-BR',
    });
    expect(view).toMatchObject({
      model: 'openrouter/anthropic/claude-sonnet-4',
      enabledProviders: ['openrouter', 'openai'],
      permissions: { bash: 'allow', fileWrite: 'ask', task: 'ask', web: 'ask' },
      webSearch: false,
      appearance: 'system',
      language: 'pt-BR',
    });
    const again = new SettingsStore({ file, cipher });
    expect(await again.get()).toEqual(view);
    const reset = await again.update({ model: null, permissions: { bash: null }, webSearch: null });
    expect(reset.model).toBeUndefined();
    expect(reset.permissions.bash).toBe('ask');
    expect(reset.webSearch).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8')).settings).toEqual({ enabledProviders: ['openrouter', 'openai'], language: 'pt-BR' });
  });

  it('rejects unknown fields and values with BAD_REQUEST naming the field, and writes nothing', async () => {
    const { store, file } = await setup();
    const cases: [unknown, string][] = [
      [{ theme: 'dark' }, 'theme'],
      [{ appearance: 'blue' }, 'appearance'],
      [{ permissions: { shell: 'allow' } }, 'permissions.shell'],
      [{ permissions: { bash: 'yes' } }, 'permissions.bash'],
      [{ permissions: 'allow' }, 'permissions'],
      [{ webSearch: 'no' }, 'webSearch'],
      [{ model: 'no-slash' }, 'model'],
      [{ enabledProviders: ['ok', 'Not OK'] }, 'enabledProviders[1]'],
      [{ language: 'english please' }, 'language'],
      [{ theme: null }, 'theme'],
      ['dark', 'patch'],
    ];
    for (const [patch, field] of cases) {
      const failure = await store.update(patch as never).catch((error: unknown) => error);
      expect(failure, JSON.stringify(patch)).toMatchObject({ code: HostErrorCode.BadRequest, data: { field } });
      expect((failure as Error).message).toContain(field);
    }
    const failure = await store.update({ enabledProviders: ['ok', 'Not OK'] }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ data: { pointer: '/enabledProviders/1', issues: [{ pointer: '/enabledProviders/1' }] } });
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('enforces the config ceilings: deny allows only off, ask allows off and ask', async () => {
    const { store } = await setup({ ceilings: { bash: 'deny', fileWrite: 'ask', web: 'allow' } });
    const failure = await store.update({ permissions: { bash: 'ask' } }).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: HostErrorCode.PermissionCeiling,
      data: { capability: 'bash', requested: 'ask', ceiling: 'off' },
    });
    expect((failure as Error).message).toContain('permissions.bash');
    await expect(store.update({ permissions: { fileWrite: 'allow' } })).rejects.toMatchObject({ code: HostErrorCode.PermissionCeiling });
    const view = await store.update({ permissions: { bash: 'off', fileWrite: 'ask', task: 'allow', web: 'allow' } });
    expect(view.permissions).toEqual({ bash: 'off', fileWrite: 'ask', task: 'allow', web: 'allow' });
    expect(view.permissionCeilings).toEqual({ bash: 'off', fileWrite: 'ask', task: 'allow', web: 'allow', webSearch: true });
  });

  it('keeps web search off when the config switches it off', async () => {
    const { store } = await setup({ ceilings: { webSearch: false } });
    await expect(store.update({ webSearch: true })).rejects.toMatchObject({
      code: HostErrorCode.PermissionCeiling,
      data: { capability: 'webSearch', requested: 'on', ceiling: 'off' },
    });
    expect(await store.get()).toMatchObject({ webSearch: false, permissionCeilings: { webSearch: false } });
    expect((await store.update({ webSearch: false })).webSearch).toBe(false);
    expect((await store.runtimeSettings()).webSearch).toBe(false);
  });

  it('keeps the sandbox the config fixes: another choice is refused, and an earlier one gives way', async () => {
    const { store, file, cipher } = await setup();
    expect((await store.get()).sandbox).toBe('auto');
    expect((await store.update({ sandbox: 'none' })).sandbox).toBe('none');
    const locked = new SettingsStore({ file, cipher, ceilings: { sandbox: 'bwrap' } });
    expect(await locked.get()).toMatchObject({ sandbox: 'bwrap', permissionCeilings: { sandbox: 'bwrap' } });
    await expect(locked.update({ sandbox: 'auto' })).rejects.toMatchObject({
      code: HostErrorCode.PermissionCeiling,
      data: { capability: 'sandbox', requested: 'auto', ceiling: 'bwrap' },
    });
    expect((await locked.update({ sandbox: 'bwrap' })).sandbox).toBe('bwrap');
    expect((await store.update({ sandbox: null })).sandbox).toBe('auto');
  });

  it('clamps stored choices when the config tightens later (reads and runtime settings alike)', async () => {
    const { store, file, cipher } = await setup();
    await store.update({ permissions: { bash: 'allow', web: 'allow' } });
    const tightened = new SettingsStore({ file, cipher, ceilings: { bash: 'ask', web: 'deny' } });
    expect((await tightened.get()).permissions).toMatchObject({ bash: 'ask', web: 'off' });
    expect((await tightened.runtimeSettings()).permissions).toMatchObject({ bash: 'ask', web: 'off' });
  });

  it('does not lose writes when updates and credential changes race', async () => {
    const { store, file, cipher } = await setup();
    const other = new SettingsStore({ file, cipher });
    await Promise.all([
      store.update({ appearance: 'dark' }),
      other.update({ language: 'de' }),
      store.setCredential('provider', 'openrouter', 'apiKey', API_KEY),
      other.setCredential('mcp', 'github', 'token', TOKEN),
      store.update({ permissions: { bash: 'allow' } }),
      other.update({ permissions: { task: 'off' } }),
      ...Array.from({ length: 10 }, (_, index) => store.setCredential('provider', `p${index}`, 'apiKey', `key-${index}`)),
    ]);
    const runtime = await store.runtimeSettings();
    const view = await store.get();
    expect(view).toMatchObject({ appearance: 'dark', language: 'de', permissions: { bash: 'allow', task: 'off' } });
    expect(runtime.providerCredentials).toMatchObject({ openrouter: { apiKey: API_KEY }, p9: { apiKey: 'key-9' } });
    expect(Object.keys(runtime.providerCredentials ?? {})).toHaveLength(11);
    expect(runtime.mcpCredentials).toEqual({ github: { token: TOKEN } });
  });
});

describe('SettingsStore: credentials', () => {
  it('never writes a credential in plaintext, masks it on read, and decrypts it for the runtime', async () => {
    const { store, file } = await setup();
    await store.setCredential('provider', 'openrouter', 'apiKey', API_KEY);
    await store.setCredential('mcp', 'github', 'token', TOKEN);
    const raw = await readFile(file);
    for (const secret of [API_KEY, TOKEN, 'PLAINTEXT-MARKER']) {
      expect(raw.includes(Buffer.from(secret))).toBe(false);
      expect(raw.includes(Buffer.from(Buffer.from(secret).toString('base64')))).toBe(false);
    }
    const credentials = await store.credentials();
    expect(credentials).toEqual({
      providers: { openrouter: { apiKey: { set: true, secret: true, mask: '••••••••', readable: true } } },
      mcps: { github: { token: { set: true, secret: true, mask: '••••••••', readable: true } } },
    });
    expect(JSON.stringify(credentials)).not.toContain('PLAINTEXT-MARKER');
    expect(JSON.stringify(await store.get())).not.toContain('PLAINTEXT-MARKER');
    const runtime = await store.runtimeSettings();
    expect(runtime).toMatchObject({
      providerCredentials: { openrouter: { apiKey: API_KEY } },
      mcpCredentials: { github: { token: TOKEN } },
      permissions: { bash: 'ask', fileWrite: 'ask', task: 'ask', web: 'ask' },
      webSearch: true,
    });
  });

  it('works end to end with the headless key-file cipher', async () => {
    const dir = await tempDir();
    const cipher = new KeyFileCipher(path.join(dir, 'keys', 'secrets.key'));
    const { store, file } = await setup({ cipher });
    await store.setCredential('provider', 'openai', 'apiKey', API_KEY);
    expect((await readFile(file, 'utf8')).includes(API_KEY)).toBe(false);
    const restarted = new SettingsStore({ file, cipher: new KeyFileCipher(path.join(dir, 'keys', 'secrets.key')) });
    expect((await restarted.runtimeSettings()).providerCredentials).toEqual({ openai: { apiKey: API_KEY } });
  });

  it('shows non-secret fields the config declares (secret: false), still sealing them at rest', async () => {
    const config = {
      providers: { available: ['acme'], defaultProvider: 'acme', descriptors: { acme: { name: 'Acme', credentials: [{ key: 'apiKey', label: 'Key' }, { key: 'region', label: 'Region', secret: false }] } } },
      mcps: [{ name: 'jira', type: 'local', credentials: [{ key: 'site', label: 'Site' }, { key: 'token', label: 'Token', secret: true }] }],
    } as unknown as OpenCoworkConfig;
    const { store, file } = await setup({ isSecret: secrecyFromConfig(config) });
    await store.setCredential('provider', 'acme', 'apiKey', API_KEY);
    await store.setCredential('provider', 'acme', 'region', 'eu-west-1');
    await store.setCredential('mcp', 'jira', 'site', 'example.atlassian.net');
    await store.setCredential('mcp', 'jira', 'token', TOKEN);
    await store.setCredential('mcp', 'other', 'anything', 'x');
    const credentials = await store.credentials();
    expect(credentials.providers['acme']).toEqual({
      apiKey: { set: true, secret: true, mask: '••••••••', readable: true },
      region: { set: true, secret: false, value: 'eu-west-1', readable: true },
    });
    expect(credentials.mcps['jira']?.['site']).toEqual({ set: true, secret: false, value: 'example.atlassian.net', readable: true });
    expect(credentials.mcps['jira']?.['token']).toMatchObject({ secret: true });
    expect(credentials.mcps['other']?.['anything']).toMatchObject({ secret: true }); // undeclared: secret
    expect((await readFile(file, 'utf8')).includes('eu-west-1')).toBe(false);
  });

  it('clears one key or a whole provider, and clearing nothing writes nothing', async () => {
    const { store } = await setup();
    const changes: SettingsChange[] = [];
    store.onChange((change) => changes.push(change));
    await store.setCredential('provider', 'acme', 'apiKey', 'a');
    await store.setCredential('provider', 'acme', 'region', 'b');
    await store.setCredential('provider', 'other', 'apiKey', 'c');
    await store.clearCredential('provider', 'acme', 'region');
    expect((await store.runtimeSettings()).providerCredentials).toEqual({ acme: { apiKey: 'a' }, other: { apiKey: 'c' } });
    await store.clearCredential('provider', 'acme');
    expect((await store.runtimeSettings()).providerCredentials).toEqual({ other: { apiKey: 'c' } });
    await store.clearCredential('provider', 'acme');
    await store.clearCredential('mcp', 'nothing', 'here');
    expect(changes).toEqual(['credentials', 'credentials', 'credentials', 'credentials', 'credentials']);
  });

  it('rejects bad addresses and empty values with BAD_REQUEST naming the field', async () => {
    const { store } = await setup();
    const cases: [() => Promise<void>, string][] = [
      [() => store.setCredential('vault' as never, 'x', 'apiKey', 'v'), 'scope'],
      [() => store.setCredential('provider', 'Bad Id', 'apiKey', 'v'), 'id'],
      [() => store.setCredential('provider', '__proto__', 'apiKey', 'v'), 'id'],
      [() => store.setCredential('mcp', 'github', 'api-key', 'v'), 'key'],
      [() => store.setCredential('mcp', 'github', 'token', ''), 'value'],
      [() => store.clearCredential('provider', 'ok', '1bad'), 'key'],
    ];
    for (const [call, field] of cases) await expect(call()).rejects.toMatchObject({ code: HostErrorCode.BadRequest, data: { field } });
  });

  it('marks a credential it cannot decrypt, leaves it out of the runtime settings, and says which one', async () => {
    const { store, file } = await setup();
    await store.setCredential('provider', 'openrouter', 'apiKey', API_KEY);
    await store.setCredential('provider', 'openai', 'apiKey', 'sk-ok');
    // Another key (the key file was lost) and another kind of storage (desktop vs headless).
    const problems: StateProblem[] = [];
    const otherKey = new SettingsStore({ file, cipher: new MemoryCipher(), report: (problem) => problems.push(problem) });
    expect((await otherKey.credentials()).providers['openrouter']?.['apiKey']).toEqual({ set: true, secret: true, mask: '••••••••', readable: false });
    expect((await otherKey.runtimeSettings()).providerCredentials).toEqual({});
    expect(problems.map((problem) => problem.kind)).toEqual(['credential-unreadable', 'credential-unreadable']);
    expect(problems[0]?.message).toMatch(/provider credential (openrouter|openai)\.apiKey cannot be read; set it again/);

    const safeStorage: SecretCipher = { kind: 'safe-storage', encrypt: async (text) => text, decrypt: async (text) => text };
    const other = new SettingsStore({ file, cipher: safeStorage, report: (problem) => problems.push(problem) });
    await other.setCredential('provider', 'openai', 'apiKey', 'sk-new');
    expect((await other.runtimeSettings()).providerCredentials).toEqual({ openai: { apiKey: 'sk-new' } });
    expect(problems.at(-1)?.message).toContain('sealed by "memory" storage, but this host uses "safe-storage"');
    expect(JSON.stringify(problems)).not.toContain(API_KEY);
  });
});

describe('SettingsStore: change notifications', () => {
  it('fires once per successful write with what changed, not for no-ops or rejected patches, until disposed', async () => {
    const { store } = await setup({ ceilings: { bash: 'ask' } });
    const changes: SettingsChange[] = [];
    const dispose = store.onChange((change) => changes.push(change));
    await store.update({ appearance: 'dark', webSearch: false });
    await store.update({ appearance: 'dark' }); // nothing changes
    await store.update({ permissions: { bash: 'allow' } }).catch(() => undefined); // above the ceiling
    await store.update({ nope: 1 } as never).catch(() => undefined);
    await store.setCredential('mcp', 'github', 'token', TOKEN);
    expect(changes).toEqual(['settings', 'credentials']);
    dispose();
    await store.update({ appearance: 'light' });
    expect(changes).toHaveLength(2);
  });

  it('reports a listener that throws without failing the write', async () => {
    const { store, problems } = await setup();
    store.onChange(() => {
      throw new Error('listener bug');
    });
    await expect(store.update({ appearance: 'dark' })).resolves.toMatchObject({ appearance: 'dark' });
    expect(problems).toEqual([{ kind: 'listener-failed', message: expect.stringContaining('listener bug') }]);
  });
});

describe('SettingsStore: a damaged settings file', () => {
  it('is kept aside, reported with its name and the problem, and the store carries on from defaults', async () => {
    const { store, file, problems } = await setup();
    await store.update({ appearance: 'dark' });
    await writeFile(file, '{"version": 1, "settings": {"appearance": "dark"');
    expect((await store.get()).appearance).toBe('system');
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem).toMatchObject({ kind: 'file-damaged', file });
    expect(problem?.message).toContain(file);
    expect(problem?.message).toContain('not valid JSON');
    const kept = (await readdir(path.dirname(file))).filter((name) => name.startsWith('settings.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(await readFile(path.join(path.dirname(file), kept[0]!), 'utf8')).toContain('"appearance": "dark"');
    await store.update({ language: 'fr' });
    expect(await store.get()).toMatchObject({ appearance: 'system', language: 'fr' });
  });

  it('treats well-formed JSON with bad values as damaged too, naming the field', async () => {
    const { store, file, problems } = await setup();
    await store.update({ appearance: 'dark' });
    await writeFile(file, JSON.stringify({ version: 1, settings: { permissions: { bash: 'always' } } }));
    expect((await store.get()).permissions.bash).toBe('ask');
    expect(problems[0]?.message).toContain('permissions.bash');
  });

  it('ignores unknown fields a newer version may have written', async () => {
    const { store, file, problems } = await setup();
    await store.update({ appearance: 'dark' });
    await writeFile(file, JSON.stringify({ version: 1, settings: { appearance: 'light', futureThing: 1 }, credentials: {} }));
    expect((await store.get()).appearance).toBe('light');
    expect(problems).toEqual([]);
  });
});
