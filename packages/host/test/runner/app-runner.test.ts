// app.runner reads the record `open-cowork runner` keeps in the data dir, written here by the
// very function the runner uses: the gateway, the workspaces and since when, never a token,
// and "not running" for no record or a record whose process is gone (which is then removed).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostDispatcher, inProcess } from '../../src/dispatch/index.js';
import { registerRunner } from '../../src/runner/register.js';
import { removeRunnerRecord, writeRunnerRecord } from '../../src/runner/index.js';

let dataDir: string;
let dispatcher: HostDispatcher;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'oc-app-runner-'));
  // checkResults: every answer is also checked against the contract's RunnerInfo.
  dispatcher = new HostDispatcher({ checkResults: true });
  registerRunner(dispatcher, { dataDir });
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const ask = () => dispatcher.call('app.runner', {}, inProcess('test'));

describe('app.runner', () => {
  it('says no runner runs when the data dir has no record', async () => {
    expect(await ask()).toEqual({ running: false });
  });

  it('shows the gateway, the workspaces and since when, from the record the runner writes', async () => {
    const startedAt = Date.now() - 60_000;
    await writeRunnerRecord(dataDir, {
      pid: process.pid,
      gateway: 'https://gateway.example/team',
      workspaces: { repo: '/srv/repo', docs: '/srv/docs' },
      host: 'own',
      startedAt,
    });
    const file = path.join(dataDir, 'runner.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await ask()).toEqual({
      running: true,
      gateway: 'https://gateway.example/team',
      workspaces: [
        { label: 'repo', path: '/srv/repo' },
        { label: 'docs', path: '/srv/docs' },
      ],
      host: 'own',
      pid: process.pid,
      since: startedAt,
    });
    await removeRunnerRecord(dataDir);
    expect(await ask()).toEqual({ running: false });
  });

  it('never shows credentials a gateway or host URL carries', async () => {
    await writeRunnerRecord(dataDir, {
      pid: process.pid,
      gateway: 'https://runner:s3cret-pass@gateway.example:8443/api?token=ocgr.leaked#frag',
      workspaces: {},
      host: 'http://me:hostpass@127.0.0.1:4100/',
      startedAt: Date.now(),
    });
    const answer = await ask();
    expect(answer).toMatchObject({ running: true, gateway: 'https://gateway.example:8443/api', host: 'http://127.0.0.1:4100' });
    const text = JSON.stringify(answer);
    for (const secret of ['s3cret-pass', 'ocgr.leaked', 'hostpass', 'runner:']) expect(text).not.toContain(secret);
  });

  it('treats a record whose process is gone (or a reused pid) as no runner, and removes it', async () => {
    await writeRunnerRecord(dataDir, { pid: process.pid, gateway: 'https://gateway.example', workspaces: {}, host: 'own', startedAt: Date.now() });
    const file = path.join(dataDir, 'runner.json');
    const record = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...record, processStart: 'long ago' }));
    expect(await ask()).toEqual({ running: false });
    expect(existsSync(file)).toBe(false);
  });

  it('treats a damaged record as no runner', async () => {
    await writeFile(path.join(dataDir, 'runner.json'), '{"pid": "not a number"');
    expect(await ask()).toEqual({ running: false });
  });
});
