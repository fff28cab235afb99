// `open-cowork jobs …` with the built CLI (a process of its own) against a real detached host:
// a job runs in an isolated OpenCode server in bubblewrap (scripted model), and start, status,
// output, cancel, sessions and cleanup answer with --json and as text; usage mistakes exit 2.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { dataDirTag, stopOwnSandboxes } from '@open-cowork/jobs';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, REPO_ROOT, scriptedUserConfig, type RunResult, type Sandbox } from './helpers.js';

const BIN = path.join(REPO_ROOT, 'apps/cli/bin/open-cowork.js');
const SELF = [process.execPath, BIN];
const ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', OPEN_COWORK_NPM_REGISTRY: 'http://127.0.0.1:9/' };
const ANSWER = 'Job done from the sandbox: 7 files checked ✓';

let model: ScriptedModel;
let sandbox: Sandbox;

/** The built CLI as a child process, in the sandbox's data dir. */
async function cli(argv: readonly string[]): Promise<RunResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...argv], {
      cwd: sandbox.root,
      env: { ...ENV, HOME: sandbox.home, OPEN_COWORK_USER_DATA_DIR: sandbox.userDataDir },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const json = <T>(result: RunResult): T => {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
};

beforeAll(async () => {
  model = await startScriptedModel({ rules: [{ name: 'job', match: { lastUser: 'check the files' }, reply: { text: ANSWER, paceMs: 20 } }] });
  sandbox = createSandbox('open-cowork-jobs-cli-');
  sandbox.write('user-data/config.json', scriptedUserConfig(model.url));
  const started = await sandbox.runAsync(['start', '--detach', '--port', '0'], ENV, { self: SELF });
  expect(started.code, started.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await sandbox?.runAsync(['stop'], ENV);
  // Session servers outlive their host by design; this suite's own must not outlive it.
  if (sandbox) await stopOwnSandboxes(dataDirTag(sandbox.userDataDir));
  await model?.close();
  sandbox?.cleanup();
}, 60_000);

describe('open-cowork jobs', { timeout: 240_000 }, () => {
  it('answers --help for every command, and refuses usage mistakes with exit 2', async () => {
    for (const sub of ['start', 'status', 'output', 'cancel', 'cleanup', 'list', 'sessions']) {
      const help = await cli(['jobs', sub, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`open-cowork jobs ${sub}`);
    }
    expect((await cli(['jobs'])).code).toBe(2);
    const missing = await cli(['jobs', 'status']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing the job id.');
    const badOffset = await cli(['jobs', 'output', 'job-abcdefgh-0123456789ab', '--offset', 'ten']);
    expect(badOffset.code).toBe(2);
    expect(badOffset.stderr).toContain('--offset: a whole number');
    expect((await cli(['jobs', 'launch'])).code).toBe(2);
    expect((await cli(['jobs', 'sessions', 'extra'])).code).toBe(2);
    expect((await cli(['jobs', 'list', '--limit', '0'])).code).toBe(2);
  });

  it('starts a job, follows it to its end, pages its output, lists and cleans up its session', async () => {
    const started = json<{ jobId: string; sessionId: string; status: string }>(await cli(['jobs', 'start', 'Please check the files.', '--session', 'cli-1', '--json']));
    expect(started).toMatchObject({ sessionId: 'cli-1', status: 'running' });

    let status: { status: string; exitReason?: string; outputSize: number } = { status: 'pending', outputSize: 0 };
    for (let i = 0; i < 600 && !['completed', 'failed', 'cancelled'].includes(status.status); i++) {
      status = json(await cli(['jobs', 'status', started.jobId, '--json']));
      if (status.status === 'pending' || status.status === 'running') await new Promise((r) => setTimeout(r, 300));
    }
    expect(status).toMatchObject({ status: 'completed', exitReason: 'completed', outputSize: Buffer.byteLength(ANSWER) });

    const text = await cli(['jobs', 'status', started.jobId]);
    expect(text.stdout).toContain(`${started.jobId}  completed (completed)`);
    expect(text.stdout).toContain(ANSWER);

    const first = json<{ content: string; nextOffset: number; hasMore: boolean }>(await cli(['jobs', 'output', started.jobId, '--limit', '12', '--json']));
    expect(first).toMatchObject({ content: ANSWER.slice(0, 12), nextOffset: 12, hasMore: true });
    const rest = await cli(['jobs', 'output', started.jobId, '--offset', '12']);
    expect(rest.stdout).toBe(ANSWER.slice(12));

    const cancelled = json<{ status: string }>(await cli(['jobs', 'cancel', started.jobId, '--json']));
    expect(cancelled.status).toBe('completed');

    const { jobs } = json<{ jobs: Array<{ jobId: string; status: string; startedAt: number }> }>(await cli(['jobs', 'list', '--session', 'cli-1', '--json']));
    expect(jobs).toEqual([expect.objectContaining({ jobId: started.jobId, status: 'completed' })]);
    expect(jobs[0]!.startedAt).toBeGreaterThan(0);
    expect((await cli(['jobs', 'list'])).stdout).toMatch(new RegExp(`^${started.jobId} {2}completed {2}session cli-1 `));
    expect((await cli(['jobs', 'list', '--session', 'other-session'])).stdout).toBe('No jobs.\n');

    const { sessions } = json<{ sessions: Array<{ sessionId: string; jobCount: number }> }>(await cli(['jobs', 'sessions', '--json']));
    expect(sessions).toEqual([expect.objectContaining({ sessionId: 'cli-1', jobCount: 1 })]);
    expect((await cli(['jobs', 'sessions'])).stdout).toMatch(/^cli-1 {2}healthy {2}1 job /);

    const unknown = await cli(['jobs', 'status', 'job-abcdefgh-0123456789ab']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^Error: /);

    const cleaned = json<{ removedSessions: string[]; deletedWorkspaces: string[] }>(await cli(['jobs', 'cleanup', '--idle-seconds', '0', '--delete-workspaces', '--json']));
    expect(cleaned).toMatchObject({ removedSessions: ['cli-1'], deletedWorkspaces: ['cli-1'] });
    expect((await cli(['jobs', 'sessions'])).stdout).toBe('No sessions.\n');
    expect((await cli(['jobs', 'list'])).stdout).toBe('No jobs.\n');
  });
});
