import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfigPath, load, tempDir, writeFile } from './helpers.js';

/** One directory holding a file for each of the five layers. */
function fiveLayers(overrides: Partial<Record<'configPath' | 'downstream' | 'user' | 'managed', object | string>> = {}) {
  const root = tempDir('oc-layers-');
  const configPath = writeFile(join(root, 'override.jsonc'), overrides.configPath ?? { branding: { helpUrl: 'https://config-path.example/help' } });
  const downstreamRoot = join(root, 'downstream');
  const downstream = writeFile(join(downstreamRoot, 'open-cowork.config.json'), overrides.downstream ?? { branding: { name: 'Downstream Cowork' } });
  const userDir = join(root, 'user');
  const user = writeFile(join(userDir, 'config.json'), overrides.user ?? { i18n: { locale: 'de-DE' } });
  const managed = writeFile(join(root, 'managed', 'config.json'), overrides.managed ?? { permissions: { bash: 'ask' } });
  const result = load({
    env: { OPEN_COWORK_CONFIG_PATH: configPath, OPEN_COWORK_DOWNSTREAM_ROOT: downstreamRoot },
    userDataDir: userDir,
    managedConfigPaths: [managed],
  });
  return { result, files: { configPath, downstream, user, managed } };
}

describe('layering', () => {
  it('applies the five layers in order, later wins, and says which file set each value', () => {
    const { result, files } = fiveLayers({
      downstream: { branding: { name: 'Downstream Cowork' }, permissions: { bash: 'allow' } },
      managed: { permissions: { bash: 'ask' }, branding: { name: 'Managed Cowork' } },
    });
    expect(result.issues).toEqual([]);
    expect(result.layers.map((layer) => `${layer.kind}:${layer.status}`)).toEqual([
      'default:applied',
      'config-path:applied',
      'downstream:applied',
      'user:applied',
      'managed:applied',
    ]);
    expect(result.config?.branding).toMatchObject({ name: 'Managed Cowork', helpUrl: 'https://config-path.example/help', appId: 'com.opencowork.desktop' });
    expect(result.config?.permissions?.bash).toBe('ask');
    expect(result.config?.i18n?.locale).toBe('de-DE');
    const from = (pointer: string) => result.provenance.get(pointer)?.layer.file;
    expect(from('/branding/appId')).toBe(defaultConfigPath);
    expect(from('/branding/helpUrl')).toBe(files.configPath);
    expect(from('/branding/name')).toBe(files.managed);
    expect(from('/i18n/locale')).toBe(files.user);
    expect(from('/permissions/bash')).toBe(files.managed);
  });

  it('skips a broken user layer, reports it, and keeps the layers below', () => {
    const { result, files } = fiveLayers({ user: '{ "i18n": { "locale": 42 } }' });
    expect(result.ok).toBe(false);
    expect(result.failedClosed).toBe(false);
    expect(result.layers.find((layer) => layer.kind === 'user')?.status).toBe('rejected');
    expect(result.issues).toEqual([expect.objectContaining({ file: files.user, pointer: '/i18n/locale', code: 'CONFIG_SCHEMA_VIOLATION' })]);
    expect(result.config?.branding.name).toBe('Downstream Cowork');
    expect(result.config?.permissions?.bash).toBe('ask');
  });

  it('skips a downstream layer that breaks a cross-reference, pointing at its own line', () => {
    const { result, files } = fiveLayers({ downstream: '{\n  "providers": {\n    "defaultProvider": "ghost"\n  }\n}\n' });
    const issue = result.issues.find((candidate) => candidate.code === 'CONFIG_DEFAULT_PROVIDER_UNAVAILABLE');
    expect(issue).toMatchObject({ file: files.downstream, pointer: '/providers/defaultProvider', line: 3, column: 5 });
    expect(result.config?.providers.defaultProvider).toBe('openrouter');
    expect(result.config?.branding.helpUrl).toBe('https://config-path.example/help');
  });

  it('fails closed when the OS-managed layer is broken', () => {
    const { result, files } = fiveLayers({ managed: { permissions: { bash: 'whatever' } } });
    expect(result.failedClosed).toBe(true);
    expect(result.config).toBeUndefined();
    expect(result.issues.map((issue) => issue.code)).toEqual(['CONFIG_SCHEMA_VIOLATION', 'CONFIG_MANAGED_LAYER_INVALID']);
    expect(result.issues[1]).toMatchObject({ file: files.managed });
    expect(result.issues[1]?.message).toContain('administrator');
  });

  it('fails closed when the OS-managed file cannot be parsed', () => {
    const { result } = fiveLayers({ managed: '{ "permissions": ' });
    expect(result.failedClosed).toBe(true);
    expect(result.issues[0]?.code).toBe('CONFIG_PARSE_ERROR');
  });

  it('fails closed when the built-in default is broken', () => {
    const broken = writeFile(join(tempDir(), 'open-cowork.config.json'), { contractVersion: 1, branding: { name: 'x' } });
    const result = load({ defaultConfigPath: broken });
    expect(result.failedClosed).toBe(true);
    expect(result.issues.at(-1)).toMatchObject({ code: 'CONFIG_DEFAULT_LAYER_INVALID', file: broken });
  });

  it('ignores a path that is a directory, with a warning', () => {
    const dir = tempDir();
    const userDir = tempDir();
    mkdirSync(join(userDir, 'config.json'));
    const result = load({ env: { OPEN_COWORK_CONFIG_PATH: dir }, userDataDir: userDir });
    expect(result.ok).toBe(true);
    expect(result.layers.filter((layer) => layer.status === 'ignored').map((layer) => layer.kind)).toEqual(['config-path', 'user']);
    expect(result.issues.every((issue) => issue.severity === 'warning' && issue.code === 'CONFIG_PATH_IS_DIRECTORY')).toBe(true);
  });

  it('reports a missing OPEN_COWORK_CONFIG_PATH file, but not missing optional layers', () => {
    const result = load({ env: { OPEN_COWORK_CONFIG_PATH: '/nonexistent/open-cowork.json' } });
    expect(result.issues).toEqual([expect.objectContaining({ code: 'CONFIG_FILE_NOT_FOUND', file: '/nonexistent/open-cowork.json' })]);
    expect(result.layers.find((layer) => layer.kind === 'user')?.status).toBe('absent');
    expect(result.config?.branding.name).toBe('Open Cowork');
  });

  it('refuses an OPEN_COWORK_DOWNSTREAM_ROOT that is not a directory', () => {
    const file = writeFile(join(tempDir(), 'open-cowork.config.json'), {});
    const result = load({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: file } });
    expect(result.issues[0]?.message).toContain('is not a directory');
  });

  it('reports layers lowest first, even a downstream root that is not a directory', () => {
    const configPath = writeFile(join(tempDir(), 'c.json'), { branding: { name: 'C' } });
    const result = load({ env: { OPEN_COWORK_CONFIG_PATH: configPath, OPEN_COWORK_DOWNSTREAM_ROOT: configPath } });
    expect(result.layers.map((layer) => layer.kind)).toEqual(['default', 'config-path', 'downstream', 'user']);
  });

  it("speaks of a merged record by its place in the layer's own file", () => {
    const { result } = fiveLayers({ downstream: { mcps: [{ name: 'acme-wiki', description: 'Wiki' }] } });
    const issue = result.issues.find((candidate) => candidate.code === 'CONFIG_MISSING_PROPERTY');
    expect(issue).toMatchObject({ pointer: '/mcps/0/type', message: '"type" is required here in /mcps/0.' });
  });

  it('fills schema defaults and attributes them to the schema', () => {
    const result = load();
    expect(result.config?.branding.sidebar?.top?.mediaAlign).toBe('start');
    expect(result.provenance.get('/branding/sidebar/top/mediaAlign')?.layer.kind).toBe('schema-default');
  });
});
