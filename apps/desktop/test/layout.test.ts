import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@open-cowork/config';
import { desktopLayout, hostEnvironment } from '../src/layout.js';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('desktopLayout', () => {
  it('in development: the repository (config, renderer dist, built preload)', () => {
    const moduleDir = path.join(REPO_ROOT, 'apps', 'desktop', 'dist');
    const layout = desktopLayout({ isPackaged: false, moduleDir, resourcesPath: '/nowhere' });
    expect(layout).toEqual({
      defaultConfig: path.join(REPO_ROOT, 'open-cowork.config.json'),
      appRoot: REPO_ROOT.replace(/\/$/, ''),
      rendererDir: path.join(REPO_ROOT, 'packages', 'app', 'dist'),
      preload: path.join(moduleDir, 'preload.cjs'),
    });
  });

  it('packaged: Resources/ beside app.asar, and a shipped downstream overlay', () => {
    const resources = mkdtempSync(path.join(tmpdir(), 'oc-resources-'));
    const moduleDir = path.join(resources, 'app.asar', 'apps', 'desktop', 'dist');
    expect(desktopLayout({ isPackaged: true, moduleDir, resourcesPath: resources })).toEqual({
      defaultConfig: path.join(resources, 'open-cowork.config.json'),
      appRoot: resources,
      rendererDir: path.join(resources, 'app.asar', 'packages', 'app', 'dist'),
      preload: path.join(moduleDir, 'preload.cjs'),
    });
    // The config loader, given the packaged default, takes the shipped overlay whatever the environment says.
    copyFileSync(path.join(REPO_ROOT, 'open-cowork.config.json'), path.join(resources, 'open-cowork.config.json'));
    mkdirSync(path.join(resources, 'downstream'));
    writeFileSync(path.join(resources, 'downstream', 'open-cowork.config.json'), '{ "branding": { "name": "Shipped Cowork" } }');
    const layout = desktopLayout({ isPackaged: true, moduleDir, resourcesPath: resources });
    const load = loadConfig({ defaultConfigPath: layout.defaultConfig, env: { OPEN_COWORK_DOWNSTREAM_ROOT: '/elsewhere' }, userDataDir: resources, managedConfigPaths: [] });
    expect(load.layers.find((layer) => layer.kind === 'downstream')).toMatchObject({ file: path.join(resources, 'downstream', 'open-cowork.config.json'), status: 'applied' });
    expect(load.config?.branding.name).toBe('Shipped Cowork');
  });
});

describe('hostEnvironment', () => {
  it('points the runtime at the OpenCode binary unpacked from the archive', () => {
    const resources = mkdtempSync(path.join(tmpdir(), 'oc-resources-'));
    const bin = path.join(resources, 'app.asar.unpacked', 'node_modules', 'opencode-darwin-arm64', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'opencode'), '#!/bin/sh\n');
    chmodSync(path.join(bin, 'opencode'), 0o755);
    const input = { isPackaged: true, moduleDir: resources, resourcesPath: resources, platform: 'darwin' as const, arch: 'arm64' };
    expect(hostEnvironment({ HOME: '/h' }, input)).toEqual({ HOME: '/h', OPEN_COWORK_OPENCODE_BIN: path.join(bin, 'opencode') });
    // An explicit override wins; development builds resolve the package as the CLI does.
    expect(hostEnvironment({ OPEN_COWORK_OPENCODE_BIN: '/custom/opencode' }, input)).toEqual({ OPEN_COWORK_OPENCODE_BIN: '/custom/opencode' });
    expect(hostEnvironment({ HOME: '/h' }, { ...input, isPackaged: false })).toEqual({ HOME: '/h' });
    expect(hostEnvironment({ HOME: '/h' }, { ...input, arch: 'x64' })).toEqual({ HOME: '/h' });
  });
});
