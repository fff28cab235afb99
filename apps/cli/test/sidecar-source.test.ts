// `start --check` with the runtime binary from the sidecar cache: the host's runtime runs the
// downloaded copy after its hash check; a tampered download stops the start with the reason.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { resolveOpencodeBinary, sdkVersion } from '@open-cowork/runtime';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, scriptedUserConfig, type Sandbox } from './helpers.js';

const ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', OPEN_COWORK_NPM_REGISTRY: 'http://127.0.0.1:9/' };
const key = `${process.platform}-${process.arch}`;
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

let model: ScriptedModel;
let sandbox: Sandbox;
let server: Server;
let baseUrl: string;
let body: Buffer;
let listed: string;

beforeAll(async () => {
  model = await startScriptedModel({ rules: [{ name: 'hi', match: { lastUser: 'say hi' }, reply: { text: 'Hi.' } }] });
  sandbox = createSandbox('open-cowork-sidecar-');
  sandbox.write('user-data/config.json', scriptedUserConfig(model.url));
  sandbox.write('project/README.md', '# project\n');
  body = readFileSync((await resolveOpencodeBinary()).path);
  listed = sha256(body);
  // Plain http is accepted only from loopback; the hash check is what makes the file trusted.
  server = createServer((req, res) => {
    if (req.url === '/open-cowork-sidecars.json') {
      res.end(JSON.stringify({ opencode: { version: sdkVersion(), platforms: { [key]: { file: 'opencode', sha256: listed } } } }));
      return;
    }
    res.end(req.url === '/opencode' ? body : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await model?.close();
  sandbox?.cleanup();
});

describe('open-cowork start --opencode-source downloaded', { timeout: 180_000 }, () => {
  it('runs the host on the verified download, and refuses a tampered one naming the reason', async () => {
    const cache = path.join(sandbox.root, 'cache');
    const args = ['start', '--check', '--port', '0', '--workspace', 'project', '--opencode-source', 'downloaded', '--sidecar-base-url', baseUrl, '--sidecar-dir', cache];
    const good = await sandbox.runAsync(args, ENV);
    expect(good.stderr).not.toContain('refused');
    expect(good.code).toBe(0);
    const cached = path.join(cache, 'opencode', sdkVersion(), key, 'opencode');
    expect(sha256(readFileSync(cached))).toBe(listed);

    // The manifest now lists another hash: the cached copy no longer matches and is deleted, and so is the fresh download.
    listed = sha256('another build');
    const bad = await sandbox.runAsync(args, ENV);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/was refused and deleted: its SHA-256 is [0-9a-f]{64}, the manifest says/);
    expect(existsSync(cached)).toBe(false);
    const third = await sandbox.runAsync(args, ENV);
    expect(third.code).toBe(1);
    expect(third.stderr).toContain('downloaded from');
    expect(readdirSync(path.dirname(cached))).toEqual([]);
  });

  it('flags: a remote plain-http base URL and an unknown source are usage errors; --help lists every flag', async () => {
    const http = await sandbox.runAsync(['start', '--check', '--sidecar-base-url', 'http://example.com/'], ENV);
    expect(http.code).toBe(2);
    expect(http.stderr).toContain('sidecars are fetched over https');
    const source = await sandbox.runAsync(['serve', '--opencode-source', 'cloud'], ENV);
    expect(source.code).toBe(2);
    expect(source.stderr).toContain('--opencode-source (or OPEN_COWORK_OPENCODE_SOURCE) must be one of auto, bundled, downloaded, external');
    const help = await sandbox.runAsync(['start', '--help'], ENV);
    for (const flag of ['--opencode-source', '--opencode-bin', '--sidecar-dir', '--sidecar-base-url', '--sidecar-manifest']) expect(help.stdout).toContain(flag);
  });
});
