import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, tempDir, writeFile } from './helpers.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>';

/** A downstream root with the given logoAsset value and files. */
function downstreamWith(logoAsset: string, files: Record<string, string> = {}) {
  const root = tempDir('oc-downstream-');
  for (const [path, content] of Object.entries(files)) writeFile(join(root, path), content);
  const file = writeFile(join(root, 'open-cowork.config.json'), {
    branding: { sidebar: { top: { variant: 'logo-text', logoAsset } } },
  });
  return { root, file, result: load({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: root } }) };
}

describe('branding.sidebar.top.logoAsset', () => {
  it('resolves an image inside the branding/ folder beside the config file', () => {
    const { root, result } = downstreamWith('branding/acme-logo.svg', { 'branding/acme-logo.svg': SVG });
    expect(result.issues).toEqual([]);
    expect(result.assets.sidebarLogo).toBe(join(root, 'branding', 'acme-logo.svg'));
    expect(result.config?.branding.sidebar?.top?.logoAsset).toBe('branding/acme-logo.svg');
  });

  it.each([
    ['an absolute path', '/etc/passwd.png', 'is an absolute path'],
    ['traversal', 'branding/../../secret.png', 'climbs out of its folder with ".."'],
    ['a remote URL', 'https://cdn.acme.example/logo.svg', 'is a URL'],
    ['a data: URL', 'data:image/svg+xml;base64,PHN2Zz4=', 'is a URL'],
    ['a file that is not in branding/ (it is looked for there)', 'assets/logo.svg', 'does not exist'],
    ['a non-image extension', 'branding/logo.html', 'is not an image'],
    ['a missing file', 'branding/missing.svg', 'does not exist'],
  ])('refuses %s', (_, value, message) => {
    const { file, result } = downstreamWith(value, { 'branding/logo.html': '<b>', 'assets/logo.svg': SVG });
    const issue = result.issues.find((candidate) => candidate.pointer === '/branding/sidebar/top/logoAsset');
    expect(issue).toMatchObject({ severity: 'error', file });
    expect(issue?.code).toMatch(/^CONFIG_ASSET_(INVALID|NOT_FOUND)$/);
    expect(issue?.message).toContain(message);
    expect(issue?.message).toContain('Use a relative path such as "branding/logo.svg" (or "logo.svg")');
    // The layer is skipped, so the upstream sidebar stays.
    expect(result.layers.find((layer) => layer.kind === 'downstream')?.status).toBe('rejected');
    expect(result.config?.branding.sidebar?.top?.variant).toBe('icon-text');
    expect(result.assets.sidebarLogo).toBeUndefined();
  });

  it('refuses a symlink in branding/ that leads outside it', () => {
    const outside = writeFile(join(tempDir(), 'private.svg'), SVG);
    const root = tempDir('oc-downstream-');
    mkdirSync(join(root, 'branding'));
    symlinkSync(outside, join(root, 'branding', 'logo.svg'));
    writeFile(join(root, 'open-cowork.config.json'), { branding: { sidebar: { top: { variant: 'logo', logoAsset: 'branding/logo.svg' } } } });
    const result = load({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: root } });
    expect(result.issues[0]?.message).toContain('outside the branding/ folder');
  });

  it('resolves relative to the layer that set it', () => {
    const downstream = downstreamWith('branding/acme-logo.svg', { 'branding/acme-logo.svg': SVG });
    const userDir = tempDir('oc-user-');
    writeFile(join(userDir, 'branding', 'mine.png'), 'png');
    writeFile(join(userDir, 'config.json'), { branding: { sidebar: { top: { logoAsset: 'branding/mine.png' } } } });
    const result = load({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: downstream.root }, userDataDir: userDir });
    expect(result.issues).toEqual([]);
    expect(result.assets.sidebarLogo).toBe(join(userDir, 'branding', 'mine.png'));
  });

  it('accepts the path without the "branding/" prefix, as upstream does', () => {
    const { root, result } = downstreamWith('acme-logo.svg', { 'branding/acme-logo.svg': SVG });
    expect(result.issues).toEqual([]);
    expect(result.assets.sidebarLogo).toBe(join(root, 'branding', 'acme-logo.svg'));
  });
});

describe('branding.appIcon', () => {
  it('resolves like the logo and is handed to the app', () => {
    const root = tempDir('oc-downstream-');
    writeFile(join(root, 'branding', 'icons', 'app.png'), 'png');
    writeFile(join(root, 'config.json'), { branding: { appIcon: 'icons/app.png' } });
    const result = load({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: root } });
    expect(result.issues).toEqual([]);
    expect(result.assets.appIcon).toBe(join(root, 'branding', 'icons', 'app.png'));
  });

  it('refuses one that leaves the branding folder', () => {
    const root = tempDir('oc-downstream-');
    writeFile(join(root, 'config.json'), { branding: { appIcon: '../icon.png' } });
    const result = load({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: root } });
    expect(result.issues[0]).toMatchObject({ code: 'CONFIG_ASSET_INVALID', pointer: '/branding/appIcon', message: expect.stringContaining('appIcon "../icon.png" climbs out') });
  });
});
