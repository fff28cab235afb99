// `open-cowork runner` before it runs anything: usage mistakes named with exit 2, a token the
// gateway refuses and workspace labels it does not know stopping it with exit 1 before any host
// starts, and `status` naming the gateway a runner of the data dir serves. (Runners that run
// tasks are tested against a real gateway in apps/gateway/test/runner.test.ts.)
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRunnerRecord, writeRunnerRecord } from '@open-cowork/host';
import { createSandbox, type Sandbox } from './helpers.js';

const RUNNER_TOKEN = `ocgr.0123456789abcdef.${'k'.repeat(43)}`;

let sandbox: Sandbox;
let gateway: Server;
let gatewayUrl: string;
const seen: { path: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  sandbox = createSandbox('open-cowork-runner-');
  sandbox.write('repo/README.md', '# repo\n');
  sandbox.write('token', `${RUNNER_TOKEN}\n`);
  sandbox.write('wrong-token', 'ocgr.0123456789abcdef.wrong\n');
  // A gateway that knows one runner token, registered for "repo" only.
  gateway = createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    const ok = req.headers.authorization === `Bearer ${RUNNER_TOKEN}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { runner: 'mac', workspaces: ['repo'], leaseSeconds: 30 } : { error: { code: 'GATEWAY_UNAUTHORIZED', message: 'The token is not valid (unknown, revoked or malformed).' } }));
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => gateway.close(resolve));
  sandbox.cleanup();
});

describe('open-cowork runner', () => {
  it('answers --help', () => {
    const result = sandbox.run(['runner', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: open-cowork runner --gateway URL');
    expect(result.stdout).toContain('open-cowork-gateway runner add NAME --workspace LABEL');
  });

  it('names each usage mistake and exits 2', () => {
    const base = ['runner', '--gateway', 'http://127.0.0.1:9', '--token-file', 'token'];
    for (const [argv, message] of [
      [['runner', '--token-file', 'token', '--workspace', 'repo'], '--gateway URL is required (or OPEN_COWORK_GATEWAY_URL).'],
      [['runner', '--gateway', 'ftp://x', '--token-file', 'token', '--workspace', 'repo'], '--gateway must be an http(s) URL'],
      [['runner', '--gateway', 'http://127.0.0.1:9', '--workspace', 'repo'], 'A runner token is required: --token-file FILE, --token TOKEN or OPEN_COWORK_RUNNER_TOKEN.'],
      [[...base, '--token', 'x', '--workspace', 'repo'], 'Give --token-file or --token, not both.'],
      [['runner', '--gateway', 'http://127.0.0.1:9', '--token-file', 'missing', '--workspace', 'repo'], '--token-file missing cannot be read (ENOENT).'],
      [base, 'Give at least one --workspace [LABEL=]DIR.'],
      [[...base, '--workspace', 'bad label=repo'], '"bad label" is not a workspace label'],
      [[...base, '--workspace', 'nowhere'], 'is not a folder.'],
      [[...base, '--workspace', 'a=repo', '--workspace', 'a=repo'], 'the label "a" is given twice.'],
      [[...base, '--workspace', 'repo', '--concurrency', '0'], '--concurrency must be a whole number from 1 to 32'],
      [[...base, '--workspace', 'repo', '--approve', 'maybe'], '--approve must be host, allow or deny; got "maybe".'],
    ] as const) {
      const result = sandbox.run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('Run "open-cowork runner --help" for usage.');
    }
  });

  it('stops with exit 1, before starting a host, when the gateway refuses the token', async () => {
    const result = await sandbox.runAsync(['runner', '--gateway', gatewayUrl, '--token-file', 'wrong-token', '--workspace', 'repo']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the gateway at ${gatewayUrl} refused this runner token (The token is not valid (unknown, revoked or malformed).)`);
    expect(result.stderr).not.toContain('host');
    expect(seen.at(-1)).toEqual({ path: '/runner/whoami', authorization: 'Bearer ocgr.0123456789abcdef.wrong' });
  });

  it('stops with exit 1 when the gateway does not know a workspace label, naming it; the token also comes from the environment', async () => {
    const result = await sandbox.runAsync(['runner', '--gateway', gatewayUrl, '--workspace', 'repo', '--workspace', `docs=${sandbox.root}`], { OPEN_COWORK_RUNNER_TOKEN: RUNNER_TOKEN });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('runner "mac" is not registered for workspace "docs" (registered: repo)');
  });

  it('status shows which gateway the data dir\'s runner serves', async () => {
    await writeRunnerRecord(sandbox.userDataDir, { pid: process.pid, gateway: 'https://gateway.example', workspaces: { repo: `${sandbox.root}/repo` }, host: 'own', startedAt: Date.now() });
    try {
      const text = await sandbox.runAsync(['status']);
      expect(text.stdout).toContain(`Runner    serving https://gateway.example for repo=${sandbox.root}/repo (pid ${process.pid})`);
      const json = await sandbox.runAsync(['status', '--json']);
      expect(JSON.parse(json.stdout)).toMatchObject({ running: false, runner: { pid: process.pid, gateway: 'https://gateway.example', workspaces: { repo: `${sandbox.root}/repo` }, host: 'own' } });
    } finally {
      await removeRunnerRecord(sandbox.userDataDir);
    }
    // A record whose process is gone is not shown (and is removed).
    await writeRunnerRecord(sandbox.userDataDir, { pid: process.pid, gateway: 'https://gateway.example', workspaces: {}, host: 'own', startedAt: Date.now() });
    const recordFile = `${sandbox.userDataDir}/runner.json`;
    writeFileSync(recordFile, JSON.stringify({ ...JSON.parse(readFileSync(recordFile, 'utf8')), processStart: 'long ago' }));
    const stale = await sandbox.runAsync(['status', '--json']);
    expect(JSON.parse(stale.stdout).runner).toBeUndefined();
  });
});
