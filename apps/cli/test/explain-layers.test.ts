import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createSandbox, DEFAULT_CONFIG, parseJson, type ExplainJsonEntry, type RunResult, type Sandbox } from './helpers.js';

/**
 * `open-cowork config explain` must name the layer that set each value, for all five layers:
 *   default      branding.appId                 (untouched upstream value)
 *   config-path  branding.helpUrl               (OPEN_COWORK_CONFIG_PATH)
 *   downstream   branding.home.greeting         (OPEN_COWORK_DOWNSTREAM_ROOT/open-cowork.config.json)
 *   user         i18n.locale, mcps[charts].description  (OPEN_COWORK_USER_DATA_DIR/config.json)
 *   managed      permissions.bash, branding.name (the OS-managed file; wins over downstream's name)
 */
let sandbox: Sandbox;
let env: Record<string, string>;
let files: { configPath: string; downstream: string; user: string; managed: string };

beforeEach(() => {
  sandbox = createSandbox('open-cowork-explain-');
  files = {
    configPath: sandbox.write('layers/config-path.json', { branding: { helpUrl: 'https://help.acme.example/cowork' } }),
    downstream: sandbox.write('acme-downstream/open-cowork.config.json', {
      branding: { name: 'Acme Cowork (downstream)', home: { greeting: 'Hello from Acme downstream' } },
    }),
    user: sandbox.write('user-data/config.json', {
      i18n: { locale: 'de-DE' },
      mcps: ['...', { name: 'charts', description: 'Charts, as this user describes them' }],
    }),
    managed: sandbox.write('managed/config.json', { permissions: { bash: 'ask' }, branding: { name: 'Acme Cowork (managed)' } }),
  };
  env = {
    OPEN_COWORK_CONFIG_PATH: files.configPath,
    OPEN_COWORK_DOWNSTREAM_ROOT: join(sandbox.root, 'acme-downstream'),
  };
});

afterEach(() => sandbox.cleanup());

function explainJson(pointer?: string): ExplainJsonEntry[] {
  const result = sandbox.run(['config', 'explain', ...(pointer === undefined ? [] : [pointer]), '--json'], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return parseJson<ExplainJsonEntry[]>(result);
}

function entryAt(entries: readonly ExplainJsonEntry[], pointer: string): ExplainJsonEntry {
  const entry = entries.find((candidate) => candidate.pointer === pointer);
  if (entry === undefined) throw new Error(`explain reported nothing at ${pointer}; got ${entries.map((e) => e.pointer).join(', ')}`);
  return entry;
}

/** The two lines human `explain` prints for one value: "<pointer> = <json>" then "    set by <where>". */
function humanEntry(result: RunResult, pointer: string): string {
  const lines = result.stdout.split('\n');
  const index = lines.findIndex((line) => line.startsWith(`${pointer} = `));
  if (index < 0) throw new Error(`no line for ${pointer} in:\n${result.stdout}`);
  return `${lines[index]}\n${lines[index + 1] ?? ''}`;
}

describe('config explain names the layer that set each value', () => {
  it('attributes one value to each of the five layers in --json output', () => {
    const entries = explainJson();
    expect(entryAt(entries, '/branding/appId')).toEqual({
      pointer: '/branding/appId',
      value: 'com.opencowork.desktop',
      layer: 'default',
      file: DEFAULT_CONFIG,
      sourcePointer: '/branding/appId',
    });
    expect(entryAt(entries, '/branding/helpUrl')).toEqual({
      pointer: '/branding/helpUrl',
      value: 'https://help.acme.example/cowork',
      layer: 'config-path',
      file: files.configPath,
      sourcePointer: '/branding/helpUrl',
    });
    expect(entryAt(entries, '/branding/home/greeting')).toEqual({
      pointer: '/branding/home/greeting',
      value: 'Hello from Acme downstream',
      layer: 'downstream',
      file: files.downstream,
      sourcePointer: '/branding/home/greeting',
    });
    expect(entryAt(entries, '/i18n/locale')).toEqual({
      pointer: '/i18n/locale',
      value: 'de-DE',
      layer: 'user',
      file: files.user,
      sourcePointer: '/i18n/locale',
    });
    expect(entryAt(entries, '/permissions/bash')).toEqual({
      pointer: '/permissions/bash',
      value: 'ask',
      layer: 'managed',
      file: files.managed,
      sourcePointer: '/permissions/bash',
    });
    // Siblings the overlays did not touch still come from the default.
    expect(entryAt(entries, '/branding/home/subtitle')).toMatchObject({ layer: 'default', file: DEFAULT_CONFIG });
    expect(entryAt(entries, '/permissions/fileWrite')).toMatchObject({ layer: 'default', value: 'allow' });
  });

  it('names the layer kind and its file in the human output', () => {
    const result = sandbox.run(['config', 'explain'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    // Files under the working directory (the sandbox) are shown relative to it.
    expect(humanEntry(result, '/branding/appId')).toBe(`/branding/appId = "com.opencowork.desktop"\n    set by default (${DEFAULT_CONFIG})`);
    expect(humanEntry(result, '/branding/helpUrl')).toBe(
      '/branding/helpUrl = "https://help.acme.example/cowork"\n    set by config-path (layers/config-path.json)',
    );
    expect(humanEntry(result, '/branding/home/greeting')).toBe(
      '/branding/home/greeting = "Hello from Acme downstream"\n    set by downstream (acme-downstream/open-cowork.config.json)',
    );
    expect(humanEntry(result, '/i18n/locale')).toBe('/i18n/locale = "de-DE"\n    set by user (user-data/config.json)');
    expect(humanEntry(result, '/permissions/bash')).toBe('/permissions/bash = "ask"\n    set by managed (managed/config.json)');
  });

  it('reports the highest layer when several set the same key (managed beats downstream for branding.name)', () => {
    expect(explainJson('/branding/name')).toEqual([
      {
        pointer: '/branding/name',
        value: 'Acme Cowork (managed)',
        layer: 'managed',
        file: files.managed,
        sourcePointer: '/branding/name',
      },
    ]);
    const human = sandbox.run(['config', 'explain', '/branding/name'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe('/branding/name = "Acme Cowork (managed)"\n    set by managed (managed/config.json)\n');
    expect(human.stdout).not.toContain('downstream');
  });

  it('accepts a dotted path as well as a JSON pointer, with identical results', () => {
    const dotted = sandbox.run(['config', 'explain', 'branding.name', '--json'], env);
    const pointer = sandbox.run(['config', 'explain', '/branding/name', '--json'], env);
    expect(dotted.code).toBe(0);
    expect(dotted.stdout).toBe(pointer.stdout);
    expect(parseJson<ExplainJsonEntry[]>(dotted)[0]?.layer).toBe('managed');

    const nested = explainJson('branding.home');
    expect(nested.map((entry) => entry.pointer)).toContain('/branding/home/greeting');
    expect(nested.every((entry) => entry.pointer.startsWith('/branding/home/'))).toBe(true);
  });

  it('reports values no file set as schema-default', () => {
    // mediaAlign is in no layer; the schema's default fills it in.
    const [entry, ...rest] = explainJson('/branding/sidebar/top/mediaAlign');
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ pointer: '/branding/sidebar/top/mediaAlign', layer: 'schema-default' });
    expect(entry?.value).toBeDefined();

    const human = sandbox.run(['config', 'explain', 'branding.sidebar.top.mediaAlign'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^\/branding\/sidebar\/top\/mediaAlign = ".+"\n {4}set by schema-default\n$/);
  });

  it('exits 1 with a clear message for a pointer that is not in the effective config', () => {
    for (const missing of ['/branding/doesNotExist', 'branding.doesNotExist']) {
      const result = sandbox.run(['config', 'explain', missing], env);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('Nothing is set at /branding/doesNotExist in the effective configuration.');
    }
    const json = sandbox.run(['config', 'explain', '/nope', '--json'], env);
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    expect(json.stderr).toContain('/nope');
  });

  it('attributes a record merged by name field by field (user changes the "charts" MCP description in a "..." list)', () => {
    const mcps = explainJson('/mcps');
    const chartsIndex = mcps.find((entry) => entry.value === 'charts' && entry.pointer.endsWith('/name'))?.pointer.split('/')[2];
    expect(chartsIndex).toBe('1'); // still at its place in the default list, not appended
    const charts = mcps.filter((entry) => entry.pointer.startsWith(`/mcps/${chartsIndex}/`));

    expect(entryAt(charts, '/mcps/1/description')).toEqual({
      pointer: '/mcps/1/description',
      value: 'Charts, as this user describes them',
      layer: 'user',
      file: files.user,
      sourcePointer: '/mcps/1/description', // its index in the user's own file ("..." is entry 0)
      list: { pointer: '/mcps', rule: 'merged', by: ['name'], layer: 'user', file: files.user },
    });
    for (const field of ['type', 'authMode', 'packageName']) {
      expect(entryAt(charts, `/mcps/1/${field}`)).toMatchObject({ layer: 'default', file: DEFAULT_CONFIG, sourcePointer: `/mcps/1/${field}` });
    }
    expect(entryAt(charts, '/mcps/1/packageName').value).toBe('charts');
    // Another bundled MCP the user did not mention is entirely the default's.
    expect(mcps.filter((entry) => entry.pointer.startsWith('/mcps/0/')).every((entry) => entry.layer !== 'user')).toBe(true);

    const human = sandbox.run(['config', 'explain', '/mcps/1/description'], env);
    expect(human.stdout).toBe(
      '/mcps/1/description = "Charts, as this user describes them"\n    set by user (user-data/config.json)\n' +
        '    list /mcps: user (user-data/config.json) merged into the inherited list by "name" (the list began with "...")\n',
    );
  });

  it('says when a layer replaced an inherited list (the default, as upstream)', () => {
    sandbox.write('user-data/config.json', { mcps: [{ name: 'wiki', type: 'remote', url: 'https://wiki.acme.example/mcp' }] });
    const entries = explainJson('/mcps');
    expect(entries.map((entry) => entry.pointer)).toEqual(['/mcps/0/name', '/mcps/0/type', '/mcps/0/url', '/mcps/0/enabled', '/mcps/0/authMode', '/mcps/0/googleAuth', '/mcps/0/allowPrivateNetwork', '/mcps/0/permissionMode']);
    expect(entryAt(entries, '/mcps/0/url')).toMatchObject({ layer: 'user', list: { pointer: '/mcps', rule: 'replaced', layer: 'user' } });
    const human = sandbox.run(['config', 'explain', '/mcps/0/url'], env);
    expect(human.stdout).toContain('    list /mcps: user (user-data/config.json) replaced the inherited list\n');
  });

  it('falls back to the lower layer once the higher one is gone', () => {
    sandbox.write('managed/config.json', { permissions: { bash: 'ask' } });
    expect(explainJson('branding.name')[0]).toMatchObject({ layer: 'downstream', value: 'Acme Cowork (downstream)', file: files.downstream });
  });
});
