import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultUserDataDir, managedConfigPaths } from '../src/paths.js';
import { defaultConfigPath, load, tempDir, writeFile } from './helpers.js';

const layerFiles = (result: ReturnType<typeof load>) => result.layers.map((layer) => `${layer.kind}:${layer.status}:${layer.file}`);

describe('where the layers are found', () => {
  it('reads the user file at ~/.config/<dataDirName>/config.json on every platform; the data dir stays the platform one', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      const home = tempDir();
      const file = writeFile(join(home, '.config', 'open-cowork', 'config.json'), { i18n: { locale: 'fr-FR' } });
      const result = load({ homeDir: home, userDataDir: undefined, platform });
      expect(result.layers.find((layer) => layer.kind === 'user')).toMatchObject({ file, status: 'applied' });
      expect(result.config?.i18n?.locale).toBe('fr-FR');
      expect(result.dataDir).toBe(defaultUserDataDir(platform, {}, home, 'open-cowork'));
    }
    const windows = load({ homeDir: 'C:\\Users\\ann', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, userDataDir: undefined, platform: 'win32' });
    expect(windows.layers.find((layer) => layer.kind === 'user')?.file).toBe('C:\\Users\\ann\\.config\\open-cowork\\config.json');
    expect(windows.dataDir).toBe('C:\\Users\\ann\\AppData\\Roaming\\open-cowork');
  });

  it('follows the brand of the layers below for the user file, and prefers config.jsonc', () => {
    const home = tempDir();
    const downstream = tempDir();
    writeFile(join(downstream, 'config.json'), { branding: { dataDirName: 'acme-cowork' } });
    writeFile(join(home, '.config', 'acme-cowork', 'config.json'), { i18n: { locale: 'de-DE' } });
    const jsonc = writeFile(join(home, '.config', 'acme-cowork', 'config.jsonc'), '{ // comments welcome\n "i18n": { "locale": "it-IT" } }');
    const result = load({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: downstream }, homeDir: home, userDataDir: undefined, platform: 'darwin' });
    expect(result.layers.find((layer) => layer.kind === 'user')?.file).toBe(jsonc);
    expect(result.config?.i18n?.locale).toBe('it-IT');
    expect(result.dataDir).toBe(join(home, 'Library', 'Application Support', 'acme-cowork'));
  });

  it('keeps the user file in an explicitly given data dir (OPEN_COWORK_USER_DATA_DIR, --data-dir)', () => {
    const dir = tempDir();
    writeFile(join(dir, 'config.json'), { i18n: { locale: 'fr-FR' } });
    const result = load({ env: { OPEN_COWORK_USER_DATA_DIR: dir }, userDataDir: undefined });
    expect(result.config?.i18n?.locale).toBe('fr-FR');
    expect(result.dataDir).toBe(dir);
  });

  it('finds config.json or open-cowork.config.json (.jsonc first) in OPEN_COWORK_CONFIG_DIR before OPEN_COWORK_DOWNSTREAM_ROOT', () => {
    const configDir = tempDir();
    const downstream = tempDir();
    writeFile(join(downstream, 'config.json'), { branding: { name: 'Root Cowork' } });
    const fromDir = writeFile(join(configDir, 'open-cowork.config.jsonc'), '{ "branding": { "name": "Dir Cowork", }, }');
    let result = load({ env: { OPEN_COWORK_CONFIG_DIR: configDir, OPEN_COWORK_DOWNSTREAM_ROOT: downstream } });
    expect(layerFiles(result)).toContain(`downstream:applied:${fromDir}`);
    expect(result.config?.branding.name).toBe('Dir Cowork');

    const plain = writeFile(join(configDir, 'config.json'), { branding: { name: 'Plain Cowork' } });
    result = load({ env: { OPEN_COWORK_CONFIG_DIR: configDir, OPEN_COWORK_DOWNSTREAM_ROOT: downstream } });
    expect(result.layers.filter((layer) => layer.kind === 'downstream').map((layer) => layer.file)).toEqual([plain]);

    result = load({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: downstream } });
    expect(result.config?.branding.name).toBe('Root Cowork');
  });

  it('tries the other extension for OPEN_COWORK_CONFIG_PATH before calling it missing', () => {
    const dir = tempDir();
    const jsonc = writeFile(join(dir, 'override.jsonc'), '{ "branding": { "name": "Jsonc Cowork" } }');
    const result = load({ env: { OPEN_COWORK_CONFIG_PATH: join(dir, 'override.json') } });
    expect(result.layers[1]).toMatchObject({ kind: 'config-path', status: 'applied', file: jsonc });
    expect(result.config?.branding.name).toBe('Jsonc Cowork');
  });
});

describe('the OS-managed policy file cannot be moved by the user', () => {
  /** A managed root with a policy for the upstream brand that denies the shell. */
  function policyRoot(): string {
    const root = tempDir('oc-managed-');
    writeFile(join(root, 'open-cowork', 'config.json'), { permissions: { bash: 'deny' } });
    // Even a policy file that did exist under the attacker's brand is never looked at.
    writeFile(join(root, 'evilbrand', 'config.json'), { permissions: { bash: 'allow' } });
    return root;
  }
  const evil = { branding: { dataDirName: 'evilbrand' }, permissions: { bash: 'allow' } };

  it.each([
    ['OPEN_COWORK_CONFIG_PATH', (dir: string) => ({ OPEN_COWORK_CONFIG_PATH: writeFile(join(dir, 'evil.json'), evil) })],
    ['OPEN_COWORK_DOWNSTREAM_ROOT', (dir: string) => (writeFile(join(dir, 'open-cowork.config.json'), evil), { OPEN_COWORK_DOWNSTREAM_ROOT: dir })],
    ['OPEN_COWORK_CONFIG_DIR', (dir: string) => (writeFile(join(dir, 'config.json'), evil), { OPEN_COWORK_CONFIG_DIR: dir })],
  ])('a "dataDirName: evilbrand" file named by %s keeps permissions.bash "deny"', (_variable, attack) => {
    const root = policyRoot();
    const result = load({ env: attack(tempDir()), managedConfigPaths: undefined, managedConfigRoot: root, platform: 'linux' });
    expect(result.ok).toBe(true);
    expect(result.config?.branding.dataDirName).toBe('evilbrand');
    expect(result.layers.filter((layer) => layer.kind === 'managed')).toEqual([
      expect.objectContaining({ file: join(root, 'open-cowork', 'config.json'), status: 'applied' }),
    ]);
    expect(result.config?.permissions?.bash).toBe('deny');
  });

  it('is not moved by the user file either', () => {
    const root = policyRoot();
    const home = tempDir();
    writeFile(join(home, '.config', 'open-cowork', 'config.json'), evil);
    const result = load({ homeDir: home, userDataDir: undefined, managedConfigPaths: undefined, managedConfigRoot: root, platform: 'linux' });
    expect(result.config?.permissions?.bash).toBe('deny');
  });

  it('follows the brand of a downstream root shipped inside the app, and ignores the variables then', () => {
    const app = tempDir('oc-app-');
    const builtIn = writeFile(join(app, 'open-cowork.config.json'), readJson(defaultConfigPath));
    writeFile(join(app, 'downstream', 'open-cowork.config.json'), { branding: { name: 'Acme Cowork', dataDirName: 'acme-cowork' } });
    const root = tempDir('oc-managed-');
    writeFile(join(root, 'acme-cowork', 'config.json'), { permissions: { fileWrite: 'deny' } });
    const variableRoot = tempDir();
    writeFile(join(variableRoot, 'config.json'), evil);
    const result = load({
      defaultConfigPath: builtIn,
      env: { OPEN_COWORK_DOWNSTREAM_ROOT: variableRoot },
      managedConfigPaths: undefined,
      managedConfigRoot: root,
      platform: 'linux',
    });
    expect(result.config?.branding.name).toBe('Acme Cowork');
    expect(result.config?.permissions?.fileWrite).toBe('deny');
    expect(result.config?.permissions?.bash).toBe('allow'); // the default's; the variable's file was not read
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'CONFIG_VARIABLE_IGNORED', severity: 'warning', message: expect.stringContaining('OPEN_COWORK_DOWNSTREAM_ROOT is ignored') }),
    ]);
  });

  it('still finds the policy of a shipped brand whose layer is rejected, under both names', () => {
    const app = tempDir('oc-app-');
    const builtIn = writeFile(join(app, 'open-cowork.config.json'), readJson(defaultConfigPath));
    writeFile(join(app, 'downstream', 'config.json'), { branding: { dataDirName: 'acme-cowork', helpUrl: 'http://not-https' } });
    const root = tempDir('oc-managed-');
    const result = load({ defaultConfigPath: builtIn, managedConfigPaths: undefined, managedConfigRoot: root, platform: 'linux' });
    expect(result.layers.find((layer) => layer.kind === 'downstream')?.status).toBe('rejected');
    expect(result.layers.filter((layer) => layer.kind === 'managed').map((layer) => layer.file)).toEqual([
      join(root, 'open-cowork', 'config.json'),
      join(root, 'acme-cowork', 'config.json'),
    ]);
  });

  it('never reads %ProgramData% on Windows', () => {
    const result = load({ env: { ProgramData: 'D:\\attacker', PROGRAMDATA: 'D:\\attacker' }, managedConfigPaths: undefined, platform: 'win32' });
    expect(result.layers.find((layer) => layer.kind === 'managed')?.file).toBe('C:\\ProgramData\\open-cowork\\config.json');
  });

  it.each([
    ['darwin', '/Library/Application Support/acme/config.json'],
    ['linux', '/etc/acme/config.json'],
    ['win32', 'C:\\ProgramData\\acme\\config.json'],
  ] as const)('is at a fixed system location on %s', (platform, expected) => {
    expect(managedConfigPaths(platform, 'acme')).toEqual([expected]);
  });
});

function readJson(file: string): object {
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}
