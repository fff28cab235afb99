// The owner of a jobs root killed with SIGKILL mid-job: the next owner reconnects to the
// session server that outlived it, follows the job to its end and notifies once; with the
// server gone too, the job is finalized as lost, once. Another data dir's sandboxes are
// never touched by recovery.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataDirTag, findOwnSandboxes, isLabelled, JobsManager, sandboxLabel } from '../../src/index.js';
import { DEAD_REGISTRY, startJobsHarness, stopAllSandboxes, until, type JobsHarness } from '../support/harness.js';

const ANSWER = Array.from({ length: 60 }, (_, i) => `part${i}`).join(' ');
const OWNER = path.join(import.meta.dirname, '../support/owner.ts');

let model: ScriptedModel;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  model = await startScriptedModel({ rules: [{ name: 'slow', match: { lastUser: 'slowly' }, reply: { text: ANSWER, paceMs: 150 } }] });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

afterAll(async () => {
  await model?.close();
});

async function killedOwner(dataDir: string): Promise<{ jobId: string; sessionKey: string; serverPid: number }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--conditions', 'source', OWNER, dataDir, model.url, 'sk-owner-key'], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(async () => void child.kill('SIGKILL'));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the owner did not report its job in time')), 180_000);
    createInterface({ input: child.stdout! }).once('line', (text) => {
      clearTimeout(timer);
      resolve(text);
    });
    child.once('exit', (code) => reject(new Error(`the owner exited (${code}) before reporting`)));
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  return JSON.parse(line) as { jobId: string; sessionKey: string; serverPid: number };
}

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'oc-jobs-rec-'));
  cleanups.push(async () => {
    await stopAllSandboxes(dataDirTag(dir));
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  });
  return dir;
}

describe('recovery after the owner was killed', () => {
  it('reconnects to the live server, finishes the job and notifies once', async () => {
    const dir = await dataDir();
    const owned = await killedOwner(dir);
    expect(isLabelled(owned.serverPid, sandboxLabel(dataDirTag(dir), owned.sessionKey))).toBe(true);

    const h: JobsHarness = await startJobsHarness({ model, dataDir: dir });
    cleanups.push(() => h.dispose());
    const done = await h.finished(owned.jobId);
    expect(done).toMatchObject({ status: 'completed', exitReason: 'completed', outputSize: Buffer.byteLength(ANSWER) });
    expect((await h.manager.output({ job_id: owned.jobId })).content).toBe(ANSWER);
    // The same server, not a new one.
    expect(findOwnSandboxes(h.manager.tag).get(owned.sessionKey)).toEqual([owned.serverPid]);
    await until(() => h.notifications.length > 0, 'the notification');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(h.notifications.map((n) => n.id)).toEqual([`${owned.jobId}:completed`]);

    // Reopened once more: nothing is finalized or notified again.
    await h.manager.close();
    h.notifications.length = 0;
    h.manager = await JobsManager.open(h.options());
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(h.notifications).toEqual([]);
    expect((await h.manager.status({ job_id: owned.jobId })).status).toBe('completed');
  });

  it('finalizes a job whose server died with it exactly once, and still notifies', async () => {
    const dir = await dataDir();
    const owned = await killedOwner(dir);
    const tag = dataDirTag(dir);
    await stopAllSandboxes(tag);
    expect(findOwnSandboxes(tag).size).toBe(0);

    const h = await startJobsHarness({ model, dataDir: dir });
    cleanups.push(() => h.dispose());
    const done = await h.finished(owned.jobId);
    expect(done).toMatchObject({ status: 'failed', exitReason: 'server-lost' });
    await until(() => h.notifications.length > 0, 'the notification');
    await h.manager.close();
    h.manager = await JobsManager.open(h.options());
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(h.notifications.map((n) => n.id)).toEqual([`${owned.jobId}:failed`]);
  });

  it("leaves another data dir's session sandboxes alone", async () => {
    const other = await startJobsHarness({ model });
    cleanups.push(() => other.dispose());
    const { jobId, sessionKey } = await other.manager.start({ prompt: 'answer slowly', session_id: 'neighbour' });
    await until(async () => (await other.manager.status({ job_id: jobId })).outputSize > 0, "the other data dir's output");
    const [otherPid] = findOwnSandboxes(other.manager.tag).get(sessionKey) ?? [];
    expect(otherPid).toBeGreaterThan(1);

    // A killed owner of this data dir left a server and a job; recovery here stops and finalizes only its own.
    const dir = await dataDir();
    const owned = await killedOwner(dir);
    await stopAllSandboxes(dataDirTag(dir));
    const mine = await JobsManager.open({ dataDir: dir, sandbox: 'bwrap', npmRegistry: DEAD_REGISTRY, sessionConfig: () => ({ config: {} }) });
    cleanups.push(() => mine.close({ stopServers: true }));
    await mine.settled(owned.jobId);
    expect((await mine.status({ job_id: owned.jobId })).status).toBe('failed');
    expect(isLabelled(otherPid!, sandboxLabel(other.manager.tag, sessionKey))).toBe(true);
    expect((await other.finished(jobId)).status).toBe('completed');
  });
});
