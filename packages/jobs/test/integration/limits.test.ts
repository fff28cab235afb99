// What stops a job: cancel (abort through OpenCode, then the sandbox stops), the output cap,
// the idle timeout and the server-ready timeout — each enforced on the real runtime.
import { existsSync } from 'node:fs';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOwnSandboxes, isLabelled } from '../../src/index.js';
import { startJobsHarness, until, type JobsHarness } from '../support/harness.js';

const LONG = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');

let model: ScriptedModel;
const harnesses: JobsHarness[] = [];

beforeAll(async () => {
  model = await startScriptedModel({
    rules: [
      { name: 'slow', match: { lastUser: 'slowly' }, reply: { text: LONG, paceMs: 150 } },
      { name: 'long', match: { lastUser: 'at length' }, reply: { text: LONG, paceMs: 5 } },
      { name: 'stall', match: { lastUser: 'then stall' }, reply: { fault: { type: 'stall', afterChunks: 1, text: 'first words and then nothing' } } },
    ],
  });
});

afterAll(async () => {
  for (const h of harnesses) await h.dispose();
  await model?.close();
});

async function harness(limits: Parameters<typeof startJobsHarness>[0] extends infer T ? T extends { limits?: infer L } ? L : never : never): Promise<JobsHarness> {
  const h = await startJobsHarness({ model, limits });
  harnesses.push(h);
  return h;
}

describe('stopping a job', () => {
  it('cancel aborts the answer through OpenCode and then stops the session sandbox', async () => {
    const h = await harness({});
    const { jobId, sessionKey } = await h.manager.start({ prompt: 'answer slowly', session_id: 'cancel-me' });
    await until(async () => (await h.manager.status({ job_id: jobId })).outputSize > 0, 'output before cancelling');
    const pid = (await h.manager.sessions()).find((s) => s.sessionId === sessionKey) && findOwnSandboxes(h.manager.tag).get(sessionKey)?.[0];
    expect(pid).toBeGreaterThan(1);
    const status = await h.manager.cancel({ job_id: jobId, session_id: sessionKey });
    expect(status).toMatchObject({ status: 'cancelled', exitReason: 'cancelled' });
    expect(status.outputSize).toBeLessThan(Buffer.byteLength(LONG));
    expect(isLabelled(pid!, `open-cowork.jobs:${h.manager.tag}:${sessionKey}`)).toBe(false);
    expect((await h.manager.sessions()).find((s) => s.sessionId === sessionKey)?.serverHealth).toBe('stopped');
    await until(() => h.notifications.length === 1, 'the cancel notification');
    expect(h.notifications[0]?.id).toBe(`${jobId}:cancelled`);
    // A later job in the session starts a fresh server and works.
    const again = await h.manager.start({ prompt: 'answer at length', session_id: sessionKey });
    const after = await h.finished(again.jobId);
    expect(after, JSON.stringify(after)).toMatchObject({ status: 'completed' });
  });

  it('stops the answer at the output cap', async () => {
    const h = await harness({ maxOutputBytes: 100 });
    const { jobId } = await h.manager.start({ prompt: 'answer at length' });
    const done = await h.finished(jobId);
    expect(done).toMatchObject({ status: 'failed', exitReason: 'output-limit' });
    expect(done.outputSize).toBeLessThanOrEqual(100);
    expect(done.outputSize).toBeGreaterThan(0);
    const page = await h.manager.output({ job_id: jobId });
    expect(Buffer.byteLength(page.content)).toBe(done.outputSize);
    expect(LONG.startsWith(page.content)).toBe(true);
  });

  it('fails a job that produces nothing and uses no CPU for the idle timeout', async () => {
    const h = await harness({ idleTimeoutMs: 3000 });
    const { jobId } = await h.manager.start({ prompt: 'say a little then stall' });
    const done = await h.finished(jobId);
    expect(done).toMatchObject({ status: 'failed', exitReason: 'idle-timeout' });
    expect(done.error).toContain('No output');
    // Idle counts from the prompt, not the server's start: the first words came before it ended.
    expect(done.outputSize).toBeGreaterThan(0);
  });

  it('fails the job when the server is not ready within the server-ready timeout, leaving no sandbox', async () => {
    const h = await harness({ serverReadyTimeoutMs: 1 });
    const { jobId, sessionKey } = await h.manager.start({ prompt: 'anything' });
    const done = await h.finished(jobId);
    expect(done).toMatchObject({ status: 'failed', exitReason: 'server-start-failed' });
    expect(done.error).toContain('server-ready timeout');
    expect(findOwnSandboxes(h.manager.tag).get(sessionKey)).toBeUndefined();
  });
});

describe('identifiers from clients', () => {
  it('refuses session ids that would name a path outside the jobs folder, and creates nothing', async () => {
    const h = await harness({});
    for (const bad of ['../..', '../../etc', '/etc', '/tmp/x', 'a/b', '..', '.', 'UPPER', '', ' x', 'x'.repeat(65), 'a\0b']) {
      await expect(h.manager.start({ prompt: 'hi', session_id: bad })).rejects.toMatchObject({ code: 'JOBS_BAD_ID' });
    }
    await expect(h.manager.start({ prompt: 'hi', session_id: 42 })).rejects.toMatchObject({ code: 'JOBS_BAD_ID' });
    for (const bad of ['../../state', '/etc/passwd', 'job-../x', 'job-abc']) {
      await expect(h.manager.status({ job_id: bad })).rejects.toMatchObject({ code: 'JOBS_BAD_ID' });
      await expect(h.manager.output({ job_id: bad })).rejects.toMatchObject({ code: 'JOBS_BAD_ID' });
      await expect(h.manager.cancel({ job_id: bad })).rejects.toMatchObject({ code: 'JOBS_BAD_ID' });
    }
    expect(existsSync(`${h.dataDir}/etc`)).toBe(false);
    expect(existsSync(`${h.manager.root}/workspaces`)).toBe(false);
    await expect(h.manager.start({ prompt: '   ' })).rejects.toMatchObject({ code: 'JOBS_BAD_INPUT' });
    await expect(h.manager.cleanup({ delete_workspaces: 'yes' })).rejects.toMatchObject({ code: 'JOBS_BAD_INPUT' });
  });
});
