// The real headless host (`open-cowork start --detach`, a process of its own) killed with
// SIGKILL while a job runs in its bubblewrap session: a new host on the same data dir recovers
// the job, follows it to its end exactly once, and the operator's webhook receives exactly one
// notification for it, with the deterministic id `<job id>:completed`. Whatever happens, every
// process the test started (both hosts, the orphaned runtime, the session sandbox) is stopped.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import path from 'node:path';
import { dataDirTag, findOwnSandboxes, stopOwnSandboxes } from '@open-cowork/jobs';
import { PidLedger } from '@open-cowork/runtime';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, parseJson, REPO_ROOT, scriptedUserConfig, type Sandbox } from './helpers.js';

const BIN = path.join(REPO_ROOT, 'apps/cli/bin/open-cowork.js');
const SELF = [process.execPath, BIN];
const SECRET = 'kill-nine-webhook-secret-0123456789';
/** Long enough (about 18 s of streaming) that the job is still running when the host dies. */
const ANSWER = Array.from({ length: 120 }, (_, i) => `piece${i}`).join(' ');

let model: ScriptedModel;
let sandbox: Sandbox;
let receiver: Server | undefined;
let env: Record<string, string> = {};
const hostPids: number[] = [];
const hooks: { headers: IncomingHttpHeaders; body: string }[] = [];

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 180_000): Promise<T> {
  const since = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - since > timeoutMs) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function cli<T>(argv: readonly string[]): Promise<T> {
  const result = await sandbox.runAsync([...argv, '--json'], env);
  expect(result.code, result.stderr).toBe(0);
  return parseJson<T>(result);
}

/**
 * Starts a detached host on the sandbox's data dir and returns its pid. After a SIGKILL the dead
 * host's data dir lock is only taken over once it went stale (10 s without a refresh): until
 * then a start is refused as HOST_DATA_DIR_LOCKED, and tried again.
 */
async function startHost(): Promise<number> {
  const started = await until(async () => {
    const result = await sandbox.runAsync(['start', '--detach', '--port', '0'], env, { self: SELF });
    return result.code !== 0 && result.stderr.includes('Another Open Cowork host is using') ? undefined : result;
  }, 'the data dir lock to go stale', 60_000);
  expect(started.code, started.stderr).toBe(0);
  const { pid } = await cli<{ pid: number }>(['status']);
  hostPids.push(pid);
  return pid;
}

beforeAll(async () => {
  model = await startScriptedModel({ rules: [{ name: 'slow', match: { lastUser: 'long report' }, reply: { text: ANSWER, paceMs: 150 } }] });
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      hooks.push({ headers: request.headers, body });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  sandbox = createSandbox('open-cowork-jobs-kill-');
  env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    OPEN_COWORK_NPM_REGISTRY: 'http://127.0.0.1:9/',
    OPEN_COWORK_JOBS_WEBHOOK_URL: `http://127.0.0.1:${port}/jobs`,
    OPEN_COWORK_JOBS_WEBHOOK_SECRET: SECRET,
  };
  sandbox.write('user-data/config.json', scriptedUserConfig(model.url));
}, 60_000);

afterAll(async () => {
  if (sandbox) {
    await sandbox.runAsync(['stop'], env).catch(() => undefined);
    for (const pid of hostPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    // The killed host's runtime is an orphan the next host sweeps; if that host never started, sweep it here.
    await new PidLedger(path.join(sandbox.userDataDir, 'runtime', 'pids.json')).sweep().catch(() => undefined);
    await stopOwnSandboxes(dataDirTag(sandbox.userDataDir));
  }
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  await model?.close();
  sandbox?.cleanup();
}, 120_000);

describe('a host killed with SIGKILL mid-job', { timeout: 420_000 }, () => {
  it('is recovered by the next host: the job ends once and the webhook hears of it once', async () => {
    const first = await startHost();
    const started = await cli<{ jobId: string; sessionId: string }>(['jobs', 'start', 'Write the long report.', '--session', 'killed-host']);
    // Mid-job: some output arrived, not all of it.
    const midway = await until(async () => {
      const status = await cli<{ status: string; outputSize: number }>(['jobs', 'status', started.jobId]);
      expect(['pending', 'running']).toContain(status.status);
      return status.outputSize > 0 ? status : undefined;
    }, 'the first output of the job');
    expect(midway.outputSize).toBeLessThan(Buffer.byteLength(ANSWER));
    const [serverPid] = findOwnSandboxes(dataDirTag(sandbox.userDataDir)).get('killed-host') ?? [];
    expect(serverPid).toBeGreaterThan(1);

    process.kill(first, 'SIGKILL');
    await until(() => (alive(first) ? undefined : true), 'the killed host to be gone', 30_000);
    expect(hooks).toEqual([]);

    const second = await startHost();
    expect(second).not.toBe(first);
    const done = await until(async () => {
      const status = await cli<{ status: string; exitReason?: string; outputSize: number }>(['jobs', 'status', started.jobId]);
      return status.status === 'running' || status.status === 'pending' ? undefined : status;
    }, 'the recovered job to end');
    expect(done).toMatchObject({ status: 'completed', exitReason: 'completed', outputSize: Buffer.byteLength(ANSWER) });
    const output = await cli<{ content: string; hasMore: boolean }>(['jobs', 'output', started.jobId, '--limit', '1048576']);
    expect(output).toMatchObject({ content: ANSWER, hasMore: false });
    // The same session server carried on: recovery reconnected rather than starting another.
    expect(findOwnSandboxes(dataDirTag(sandbox.userDataDir)).get('killed-host')).toEqual([serverPid]);

    await until(() => (hooks.length > 0 ? true : undefined), 'the webhook notification', 60_000);
    // Delivered and nothing left to send: the outbox's one entry is marked delivered, so no second post can follow.
    const outbox = await until(() => {
      const state = JSON.parse(readFileSync(path.join(sandbox.userDataDir, 'jobs', 'state.json'), 'utf8')) as { outbox: Record<string, { deliveredAt?: number }> };
      return Object.values(state.outbox).every((entry) => entry.deliveredAt !== undefined) ? state.outbox : undefined;
    }, 'the outbox to record the delivery', 30_000);
    expect(Object.keys(outbox)).toEqual([`${started.jobId}:completed`]);
    expect(hooks.map((hook) => hook.headers['x-open-cowork-notification-id'])).toEqual([`${started.jobId}:completed`]);
    expect(JSON.parse(hooks[0]!.body)).toMatchObject({ id: `${started.jobId}:completed`, jobId: started.jobId, sessionId: 'killed-host', state: 'completed', exitReason: 'completed' });
    const { jobs } = await cli<{ jobs: { jobId: string; status: string }[] }>(['jobs', 'list']);
    expect(jobs).toEqual([expect.objectContaining({ jobId: started.jobId, status: 'completed' })]);

    // The killed host's runtime was swept by the second host; only the second host's own runs.
    const stopped = await sandbox.runAsync(['stop'], env);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(alive(second)).toBe(false);
    expect(await new PidLedger(path.join(sandbox.userDataDir, 'runtime', 'pids.json')).entries()).toEqual([]);
  });
});
