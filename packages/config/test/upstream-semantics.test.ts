// What upstream's contract-v1 files mean here, rule by rule: file placeholders, null,
// list replacement and "...", sections kept without effect, and one run listing every error.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../src/index.js';
import { maskSecrets } from '../src/secrets.js';
import { codes, errorAt, load, loadOverlay, tempDir, writeFile } from './helpers.js';

/** A downstream root holding `config.json` and any other files, loaded over the default. */
function downstream(config: object | string, files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const root = tempDir('oc-downstream-');
  for (const [path, content] of Object.entries(files)) writeFile(join(root, path), content);
  const file = writeFile(join(root, 'config.json'), config);
  return { root, file, result: load({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: root, ...env } }) };
}

describe('{file:PATH} placeholders', () => {
  it('read a file relative to the layer, and show the placeholder (not the contents) in print and explain', () => {
    const { result } = downstream(
      { branding: { name: '{file:./brand.txt}', home: { subtitle: 'Ask {file:prompts/ask.md}' } } },
      { 'brand.txt': 'File Cowork', 'prompts/ask.md': 'anything' },
    );
    expect(result.issues).toEqual([]);
    expect(result.config?.branding.name).toBe('File Cowork');
    expect(result.config?.branding.home?.subtitle).toBe('Ask anything');
    expect(explainConfig(result, '/branding/name')?.[0]?.value).toBe('{file:./brand.txt}');
    expect(maskSecrets(result.config, result.placeholders)?.branding.home?.subtitle).toBe('Ask {file:prompts/ask.md}');
  });

  it.each([
    ['an absolute path', '{file:/etc/passwd}', 'is not a path relative to this config file'],
    ['a home path', '{file:~/.ssh/id_rsa}', 'is not a path relative to this config file'],
    ['a path out of the folder', '{file:../secret.txt}', 'leads out of the folder of this config file'],
    ['a missing file', '{file:./missing.txt}', 'names a file that does not exist'],
    ['a folder', '{file:./prompts}', 'does not name a file'],
  ])('refuse %s, naming the file and pointer', (_what, placeholder, why) => {
    const { file, result } = downstream({ branding: { name: placeholder } }, { 'prompts/a.md': 'a' });
    expect(result.layers.find((layer) => layer.kind === 'downstream')?.status).toBe('rejected');
    const issue = errorAt(result, '/branding/name');
    expect(issue).toMatchObject({ file, code: expect.stringMatching(/^CONFIG_FILE_PLACEHOLDER_(INVALID|NOT_FOUND)$/) });
    expect(issue?.message).toContain(why);
    expect(result.config?.branding.name).toBe('Open Cowork');
  });

  it('refuse a link that leads out of the folder', () => {
    const outside = writeFile(join(tempDir(), 'token.txt'), 'stolen');
    const root = tempDir('oc-downstream-');
    mkdirSync(join(root, 'files'));
    symlinkSync(outside, join(root, 'files', 'token.txt'));
    writeFile(join(root, 'config.json'), { branding: { name: '{file:files/token.txt}' } });
    const result = load({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: root } });
    expect(errorAt(result, '/branding/name')?.message).toContain('resolves (through a link) to a file outside');
    expect(JSON.stringify(result)).not.toContain('stolen');
  });

  it('never quote a secret file in a message', () => {
    const { result } = downstream({ telemetry: { endpoint: 'https://events.acme.example', headers: { Authorization: '{file:token.txt}' } }, branding: { name: 7 } }, { 'token.txt': 'Bearer s3cr3t' });
    expect(JSON.stringify(result.issues)).not.toContain('s3cr3t');
  });
});

describe('null', () => {
  it('clears an inherited default where the schema accepts null', () => {
    const { result } = loadOverlay({ providers: { defaultProvider: null, defaultModel: null } });
    expect(result.issues).toEqual([]);
    expect(result.config?.providers.defaultProvider).toBeNull();
    expect(result.config?.providers.defaultModel).toBeNull();
    expect(explainConfig(result, '/providers/defaultProvider')?.[0]?.layer.kind).toBe('config-path');
  });

  it('still means "no opinion" everywhere else', () => {
    const { result } = loadOverlay({ branding: { name: null }, telemetry: null, agentStarterTemplates: [{ id: 't', label: 'T', temperature: null }] });
    expect(result.issues).toEqual([]);
    expect(result.config?.branding.name).toBe('Open Cowork');
    expect(result.config?.agentStarterTemplates?.[0]).toEqual({ id: 't', label: 'T', temperature: null });
  });
});

describe('providers upstream offers nothing to', () => {
  it('accepts an empty available list with cleared defaults (a build that gets its models elsewhere)', () => {
    const { result } = loadOverlay({ providers: { available: [], defaultProvider: null, defaultModel: null } });
    expect(result.issues).toEqual([]);
    expect(result.config?.providers.available).toEqual([]);
  });

  it('still requires the default provider to be offered', () => {
    const { result } = loadOverlay({ providers: { available: [] } });
    expect(codes(result)).toContain('CONFIG_DEFAULT_PROVIDER_UNAVAILABLE');
  });
});

describe('lists', () => {
  it('refuse "..." anywhere but first', () => {
    const { result } = loadOverlay({ mcps: ['...', { name: 'charts', enabled: false }, '...'] });
    expect(errorAt(result, '/mcps/2')).toMatchObject({ code: 'CONFIG_LIST_MARKER_MISPLACED', message: expect.stringContaining('only be the first entry') });
  });

  it('merge by sourceName, so an upstream skill keeps its place and gets a new label', () => {
    const { result } = loadOverlay({ skills: ['...', { name: 'Briefs', sourceName: 'research-brief', description: 'Sourced briefs.', badge: 'Skill' }] });
    expect(result.issues).toEqual([]);
    const skills = result.config?.skills ?? [];
    expect(skills.map((skill) => skill.sourceName)).toEqual(['research-brief', 'data-analysis', 'meeting-notes']);
    expect(skills[0]).toMatchObject({ name: 'Briefs', badge: 'Skill', toolIds: ['knowledge'] });
  });

  it('warn, not fail, about references the layer broke by replacing a list the lower layers referred to', () => {
    const { result } = loadOverlay({ tools: [{ id: 'wiki', name: 'Wiki', kind: 'mcp', namespace: 'wiki' }] });
    expect(result.ok).toBe(true);
    const inherited = result.issues.filter((issue) => issue.code === 'CONFIG_REFERENCE_UNKNOWN');
    expect(inherited.length).toBeGreaterThan(0);
    expect(inherited.every((issue) => issue.severity === 'warning' && issue.message.includes('inherited from the default layer'))).toBe(true);
  });

  it('fail about a reference the layer wrote itself', () => {
    const { result } = loadOverlay({ tools: [{ id: 'wiki', name: 'Wiki' }], agents: [{ name: 'helper', toolIds: ['wkii'] }] });
    expect(errorAt(result, '/agents/0/toolIds/0')).toMatchObject({ code: 'CONFIG_REFERENCE_UNKNOWN' });
  });

  it('need a skill name written like an id when there is no sourceName', () => {
    const { result } = loadOverlay({ skills: ['...', { name: 'Chart Creator' }] });
    expect(errorAt(result, '/skills/1/name')?.message).toContain('Add "sourceName"');
  });
});

describe('sections this build keeps without using', () => {
  it.each([
    [{ features: { voice: false } }, '/features', 'features ('],
    [{ capabilityBundles: [] }, '/capabilityBundles', 'capabilityBundles ('],
    [{ cloudDesktop: { enabled: true } }, '/cloudDesktop', 'cloudDesktop ('],
    [{ gateway: { mode: 'self-host' } }, '/gateway', 'gateway ('],
    [{ telemetry: { adoption: { enabled: false } } }, '/telemetry/adoption', 'telemetry.adoption ('],
    [{ cloud: { role: 'worker', billing: { enabled: false } } }, '/cloud', 'cloud.role, cloud.billing have'],
  ])('%j loads, is kept, and is named once in a warning', (overlay, pointer, named) => {
    const { result, file } = loadOverlay(overlay);
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([expect.objectContaining({ code: 'CONFIG_SECTION_INERT', severity: 'warning', file, pointer, message: expect.stringContaining(named) })]);
    expect(result.issues[0]?.message).toContain('no effect here');
    const [section] = Object.keys(overlay);
    expect((result.config as unknown as Record<string, unknown>)[section!]).toMatchObject((overlay as Record<string, object>)[section!]!);
  });

  it('does not warn about cloud.publicBranding, which this build uses', () => {
    const { result } = loadOverlay({ cloud: { publicBranding: { shortName: 'Acme Cowork' } } });
    expect(result.issues).toEqual([]);
  });

  it('still checks their shape', () => {
    const { result } = loadOverlay({ gateway: { server: { port: 70000 } }, cloudDesktop: { cacheMode: 'always' } });
    expect(errorAt(result, '/gateway/server/port')?.message).toContain('≤ 65535');
    expect(errorAt(result, '/cloudDesktop/cacheMode')?.message).toContain('"full", "metadata-only", "disabled"');
  });
});

describe('one run lists every error', () => {
  it('reports an unknown key and the merged config\'s problems together', () => {
    const { result } = loadOverlay({
      brandng: { name: 'typo' },
      mcps: ['...', { name: 'wiki', url: 'https://wiki.acme.example/mcp' }],
      providers: { defaultProvider: 'ghost' },
    });
    expect(codes(result).sort()).toEqual(['CONFIG_DEFAULT_PROVIDER_UNAVAILABLE', 'CONFIG_MISSING_PROPERTY', 'CONFIG_UNKNOWN_PROPERTY']);
    expect(errorAt(result, '/mcps/1/type')).toMatchObject({ code: 'CONFIG_MISSING_PROPERTY' });
  });
});

describe('credentials filled from the user\'s settings', () => {
  it('keep a custom provider\'s {env:NAME} for a credential field as written, for the runtime to fill', () => {
    const { result } = loadOverlay(
      {
        allowedEnvPlaceholders: ['ACME_TOKEN', 'ACME_URL'],
        providers: {
          available: ['acme'],
          defaultProvider: 'acme',
          defaultModel: 'large',
          custom: {
            acme: {
              npm: '@ai-sdk/openai-compatible',
              name: 'Acme',
              options: { baseURL: '{env:ACME_URL}', apiKey: '{env:ACME_TOKEN}' },
              credentials: [{ key: 'token', label: 'Token', description: 'Your Acme token.', secret: true, env: 'ACME_TOKEN' }],
              models: { large: { name: 'Large' } },
            },
          },
        },
      },
      { ACME_TOKEN: 'from-the-shell', ACME_URL: 'https://llm.acme.example/v1' },
    );
    expect(result.issues).toEqual([]);
    expect(result.config?.providers.custom?.['acme']?.options).toEqual({ baseURL: 'https://llm.acme.example/v1', apiKey: '{env:ACME_TOKEN}' });
    expect(JSON.stringify(result.config)).not.toContain('from-the-shell');
  });
});
