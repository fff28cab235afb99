import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { platformPackages, resolveOpencodeBinary, RuntimeErrorCode, sdkVersion } from '../src/index.js';

const root = path.resolve(import.meta.dirname, '../../..');

async function fakeModules(packages: Record<string, { version: string; binary?: boolean }>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'oc-bin-'));
  for (const [name, { version, binary = true }] of Object.entries(packages)) {
    await mkdir(path.join(dir, name, 'bin'), { recursive: true });
    await writeFile(path.join(dir, name, 'package.json'), JSON.stringify({ name, version }));
    if (binary) await writeFile(path.join(dir, name, 'bin', 'opencode'), '#!/bin/sh\n', { mode: 0o755 });
  }
  const resolvePackageJson = (specifier: string) => {
    const file = path.join(dir, specifier);
    return file;
  };
  return { dir, resolvePackageJson };
}

const exists = async (file: string) => readFile(file).then(() => true, () => false);

describe('the pinned runtime', () => {
  it('pins opencode-ai and @opencode-ai/sdk to one exact version, installed as pinned', async () => {
    const manifest = JSON.parse(await readFile(path.join(root, 'packages/runtime/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const runtime = manifest.dependencies['opencode-ai'];
    const sdk = manifest.dependencies['@opencode-ai/sdk'];
    expect(runtime).toMatch(/^\d+\.\d+\.\d+$/); // exact, no range
    expect(sdk).toBe(runtime);
    const lock = JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    expect(lock.packages['node_modules/opencode-ai']?.version).toBe(runtime);
    expect(lock.packages['node_modules/@opencode-ai/sdk']?.version).toBe(runtime);
    expect(sdkVersion()).toBe(runtime);
  });

  it('finds the installed platform binary at the SDK version', async () => {
    const binary = await resolveOpencodeBinary();
    expect(binary.version).toBe(sdkVersion());
    expect(await exists(binary.path)).toBe(true);
    expect(binary.source).toMatch(/^opencode-/);
  });
});

describe('resolveOpencodeBinary', () => {
  it('names platform packages, with the baseline build as the x64 fallback', () => {
    expect(platformPackages('linux', 'x64')).toEqual(['opencode-linux-x64', 'opencode-linux-x64-baseline']);
    expect(platformPackages('darwin', 'arm64')).toEqual(['opencode-darwin-arm64']);
    expect(platformPackages('win32', 'x64')[0]).toBe('opencode-windows-x64');
  });

  it('falls back to the baseline package when the main one is missing its binary', async () => {
    const { resolvePackageJson, dir } = await fakeModules({
      '@opencode-ai/sdk': { version: '1.2.3', binary: false },
      'opencode-linux-x64': { version: '1.2.3', binary: false },
      'opencode-linux-x64-baseline': { version: '1.2.3' },
    });
    const binary = await resolveOpencodeBinary({ env: {}, platform: 'linux', arch: 'x64', resolvePackageJson });
    expect(binary).toEqual({ path: path.join(dir, 'opencode-linux-x64-baseline/bin/opencode'), version: '1.2.3', source: 'opencode-linux-x64-baseline' });
  });

  it('says what it tried when no platform package is installed', async () => {
    const { resolvePackageJson } = await fakeModules({ '@opencode-ai/sdk': { version: '1.2.3', binary: false } });
    const missing = (specifier: string) => {
      if (specifier.startsWith('opencode-')) throw new Error('not found');
      return resolvePackageJson(specifier);
    };
    await expect(resolveOpencodeBinary({ env: {}, platform: 'darwin', arch: 'arm64', resolvePackageJson: missing })).rejects.toMatchObject({
      code: RuntimeErrorCode.BinaryMissing,
      message: expect.stringMatching(/not installed for darwin-arm64\. Tried: opencode-darwin-arm64 \(not installed\)\. Run "npm ci"/) as unknown,
    });
  });

  it('refuses a runtime whose version differs from the SDK', async () => {
    const { resolvePackageJson } = await fakeModules({
      '@opencode-ai/sdk': { version: '1.2.3', binary: false },
      'opencode-linux-arm64': { version: '1.2.4' },
    });
    await expect(resolveOpencodeBinary({ env: {}, platform: 'linux', arch: 'arm64', resolvePackageJson })).rejects.toMatchObject({
      code: RuntimeErrorCode.VersionMismatch,
      message: expect.stringMatching(/OpenCode 1\.2\.4 .* does not match @opencode-ai\/sdk 1\.2\.3/) as unknown,
      data: { actual: '1.2.4', expected: '1.2.3' },
    });
  });

  it('takes an override from OPEN_COWORK_OPENCODE_BIN after checking its version', async () => {
    const { resolvePackageJson, dir } = await fakeModules({ '@opencode-ai/sdk': { version: '1.2.3' } });
    const override = path.join(dir, '@opencode-ai/sdk/bin/opencode');
    const env = { OPEN_COWORK_OPENCODE_BIN: override };
    const ok = await resolveOpencodeBinary({ env, resolvePackageJson, probeVersion: () => Promise.resolve('1.2.3') });
    expect(ok).toEqual({ path: override, version: '1.2.3', source: 'OPEN_COWORK_OPENCODE_BIN' });
    await expect(resolveOpencodeBinary({ env, resolvePackageJson, probeVersion: () => Promise.resolve('9.9.9') })).rejects.toMatchObject({
      code: RuntimeErrorCode.VersionMismatch,
    });
    await expect(resolveOpencodeBinary({ env: { OPEN_COWORK_OPENCODE_BIN: '/nope/opencode' }, resolvePackageJson })).rejects.toThrow(
      /OPEN_COWORK_OPENCODE_BIN points at "\/nope\/opencode", which does not exist/,
    );
  });
});
