// The packaging configuration (electron-builder.yml + scripts/builder-config.mjs) and
// `npm run desktop`'s launcher. Neither Electron nor electron-builder runs here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SCRIPTS = path.join(REPO_ROOT, 'apps', 'desktop', 'scripts');

interface BuilderConfigModule {
  buildTimeConfig(options?: { env?: Record<string, string | undefined>; cwd?: string }): { config: unknown; downstreamRoot?: string };
  builderOverrides(input: { config: unknown; downstreamRoot?: string }): Record<string, unknown>;
  publishConfig(updates: unknown): unknown;
}

interface LaunchModule {
  findElectron(require?: { resolve(id: string): string }): { found: boolean; why?: string; version?: string };
  missingElectronMessage(state: { why?: string; version?: string }, downloadError?: string): string;
}

const builderConfig = async () => (await import(pathToFileURL(path.join(SCRIPTS, 'builder-config.mjs')).href)) as BuilderConfigModule;
const launch = async () => (await import(pathToFileURL(path.join(SCRIPTS, 'launch.mjs')).href)) as LaunchModule;

describe('builder-config.mjs', () => {
  it("takes the bundle's identity and update feed from the upstream config", async () => {
    const { buildTimeConfig, builderOverrides } = await builderConfig();
    expect(builderOverrides(buildTimeConfig({ env: {}, cwd: REPO_ROOT }))).toEqual({
      extends: 'electron-builder.yml',
      appId: 'com.opencowork.desktop',
      productName: 'Open Cowork',
      extraMetadata: { productName: 'Open Cowork' },
      publish: { provider: 'github', owner: 'open-cowork', repo: 'open-cowork', channel: 'latest' },
    });
  });

  it('brands a downstream build and ships its overlay inside the app', async () => {
    const { buildTimeConfig, builderOverrides } = await builderConfig();
    const overrides = builderOverrides(buildTimeConfig({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: 'examples/downstream' }, cwd: REPO_ROOT }));
    expect(overrides).toMatchObject({
      appId: 'com.acme.cowork',
      productName: 'Acme Cowork',
      publish: { provider: 'generic', url: 'https://downloads.acme.example/cowork/feed' },
      extraResources: [{ from: path.join(REPO_ROOT, 'examples', 'downstream'), to: 'downstream' }],
    });
  });

  it("ignores the builder's own user config", async () => {
    const { buildTimeConfig, builderOverrides } = await builderConfig();
    const userDir = mkdtempSync(path.join(tmpdir(), 'oc-builder-user-'));
    writeFileSync(path.join(userDir, 'config.json'), JSON.stringify({ contractVersion: 1, updates: { enabled: false } }));
    const overrides = builderOverrides(buildTimeConfig({ env: { OPEN_COWORK_USER_DATA_DIR: userDir }, cwd: REPO_ROOT }));
    expect(overrides['publish']).not.toBeNull();
  });

  it('fails with every error when the config a build would ship is invalid', async () => {
    const { buildTimeConfig } = await builderConfig();
    const root = mkdtempSync(path.join(tmpdir(), 'oc-builder-bad-'));
    writeFileSync(path.join(root, 'open-cowork.config.json'), JSON.stringify({ contractVersion: 1, branding: { name: 'X', appId: 'not an id' } }));
    expect(() => buildTimeConfig({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: root }, cwd: REPO_ROOT })).toThrow(/has errors/);
  });

  it('never writes a feed credential into the app', async () => {
    const { publishConfig } = await builderConfig();
    expect(publishConfig({ enabled: false })).toBeNull();
    const github = publishConfig({ releaseSource: { kind: 'github-releases', owner: 'a', repo: 'b', auth: { kind: 'github-token', token: 'ghp_secret' } } });
    expect(JSON.stringify(github)).not.toContain('ghp_secret');
    const generic = publishConfig({ releaseSource: { kind: 'generic-http', url: 'https://u.example', auth: { kind: 'static-headers', headers: { Authorization: 'Bearer s3cret' } } } });
    expect(JSON.stringify(generic)).not.toContain('s3cret');
  });
});

describe('electron-builder.yml', () => {
  const yml = readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8');

  it('builds dmg and zip for arm64 and x64 with the hardened runtime and existing entitlements', () => {
    expect(yml).toMatch(/target: dmg\s+arch: \[arm64, x64\]/);
    expect(yml).toMatch(/target: zip[^\n]*\s+arch: \[arm64, x64\]/);
    expect(yml).toMatch(/hardenedRuntime: true/);
    for (const [, file] of yml.matchAll(/entitlements(?:Inherit)?: (\S+)/g)) expect(existsSync(path.join(REPO_ROOT, file!)), file).toBe(true);
  });

  it('unpacks the OpenCode binaries and ships branding, skills, MCPs and the default config beside the app', () => {
    expect(yml).toContain('node_modules/opencode-darwin-arm64/**');
    expect(yml).toContain('node_modules/opencode-darwin-x64/**');
    for (const from of ['open-cowork.config.json', 'branding', 'skills', 'mcps']) expect(yml).toContain(`- from: ${from}\n`);
    expect(yml).toContain('main: apps/desktop/dist/main.js');
  });
});

describe('npm run desktop', () => {
  it('reports a missing Electron binary as such', async () => {
    const { findElectron, missingElectronMessage } = await launch();
    const packageDir = mkdtempSync(path.join(tmpdir(), 'oc-electron-'));
    mkdirSync(path.join(packageDir, 'electron'));
    writeFileSync(path.join(packageDir, 'electron', 'package.json'), JSON.stringify({ version: '40.0.0' }));
    const state = findElectron({ resolve: () => path.join(packageDir, 'electron', 'package.json') });
    expect(state).toMatchObject({ found: false, version: '40.0.0', why: 'the Electron 40.0.0 binary was never downloaded' });
    expect(findElectron({ resolve: () => { throw new Error('nope'); } })).toMatchObject({ found: false, why: expect.stringContaining('not installed') });
    const message = missingElectronMessage(state, 'getaddrinfo ENOTFOUND github.com');
    expect(message).toContain('cannot start here');
    expect(message).toContain('ENOTFOUND');
    expect(message).toContain('npm run desktop');
    expect(message).toContain('npm start');
  });

  it('exits 1 with that message on this machine when Electron is absent (and does not build first)', async () => {
    const { findElectron } = await launch();
    if (findElectron().found) return; // Electron is installed here: the launcher would really start the app.
    const result = spawnSync(process.execPath, [path.join(SCRIPTS, 'launch.mjs')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('The desktop app cannot start here');
    expect(result.stdout).toBe('');
  });
});
