// start → status → paged output → completion and its notification, against the real OpenCode
// binary in bubblewrap with a scripted model; the same session's second job reuses the server;
// the provider key reaches the model from a read-only file and shows in no process's
// environment or command line.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLabelled } from '../../src/index.js';
import { startJobsHarness, until, type JobsHarness } from '../support/harness.js';

const FIRST = 'Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega — ünïcödé ✓ done.';
const SECOND = 'Second answer, from the same server.';

let h: JobsHarness;

beforeAll(async () => {
  h = await startJobsHarness({
    rules: [
      { name: 'first', match: { lastUser: 'write the first' }, reply: { text: FIRST, paceMs: 60 } },
      { name: 'second', match: { lastUser: 'write the second' }, reply: { text: SECOND } },
    ],
  });
});

afterAll(async () => {
  await h?.dispose();
});

describe('a job in an isolated session', () => {
  let sessionKey = '';
  let firstPid = 0;

  it('returns at once, reports status while it runs, pages its output and notifies once when done', async () => {
    const started = await h.manager.start({ prompt: 'Please write the first answer.', session_id: 'work-1', requester: 'host:test' });
    expect(started).toMatchObject({ sessionKey: 'work-1', status: 'running' });
    expect(started.jobId).toMatch(/^job-/);
    sessionKey = started.sessionKey;

    await until(async () => (await h.manager.status({ job_id: started.jobId })).outputSize > 0, 'the first output');
    const running = await h.manager.status({ job_id: started.jobId, session_id: 'work-1' });
    expect(['running', 'completed']).toContain(running.status);
    expect(running.tailOutput.length).toBeGreaterThan(0);
    expect(FIRST.startsWith(running.tailOutput) || running.status === 'completed' || FIRST.includes(running.tailOutput)).toBe(true);

    const done = await h.finished(started.jobId);
    expect(done).toMatchObject({ status: 'completed', exitReason: 'completed', activityState: 'idle' });
    expect(done.outputSize).toBe(Buffer.byteLength(FIRST));
    expect(done.tailOutput).toBe([...FIRST].slice(-500).join(''));

    // Pages of 17 bytes never split a character and add up to the whole answer.
    let offset = 0;
    let text = '';
    for (let pages = 0; pages < 100; pages += 1) {
      const page = await h.manager.output({ job_id: started.jobId, offset, limit: 17 });
      text += page.content;
      offset = page.nextOffset;
      if (!page.hasMore) break;
    }
    expect(text).toBe(FIRST);

    await until(() => h.notifications.length > 0, 'the notification');
    expect(h.notifications).toHaveLength(1);
    expect(h.notifications[0]).toMatchObject({ id: `${started.jobId}:completed`, jobId: started.jobId, state: 'completed', requester: 'host:test', sessionId: 'work-1' });

    const sessions = await h.manager.sessions();
    const session = sessions.find((entry) => entry.sessionId === 'work-1');
    expect(session).toMatchObject({ serverHealth: 'healthy', jobCount: 1 });
    expect(session?.activeJob).toBeUndefined();
    expect(session?.messageCount).toBeGreaterThanOrEqual(2);
  });

  it('reuses the session server for the next job and continues the conversation', async () => {
    const stateBefore = JSON.parse(readFileSync(`${h.manager.root}/state.json`, 'utf8')) as { sessions: Record<string, { server?: { pid: number } }> };
    firstPid = stateBefore.sessions[sessionKey]?.server?.pid ?? 0;
    expect(firstPid).toBeGreaterThan(1);
    const second = await h.manager.start({ prompt: 'Now write the second answer.', session_id: sessionKey });
    const done = await h.finished(second.jobId);
    expect(done.status).toBe('completed');
    expect((await h.manager.output({ job_id: second.jobId })).content).toBe(SECOND);
    const stateAfter = JSON.parse(readFileSync(`${h.manager.root}/state.json`, 'utf8')) as { sessions: Record<string, { server?: { pid: number } }> };
    expect(stateAfter.sessions[sessionKey]?.server?.pid).toBe(firstPid);
    expect(isLabelled(firstPid, `open-cowork.jobs:${h.manager.tag}:${sessionKey}`)).toBe(true);
    // The model saw the first exchange in the second request: the same OpenCode session.
    const request = h.model.requests.find((entry) => entry.rule === 'second');
    expect(JSON.stringify(request?.messages)).toContain('write the first');
  });

  it('gives the model the key from the credentials file, and no process shows it', async () => {
    const chat = h.model.requests.find((entry) => entry.rule === 'first');
    expect(chat?.headers['authorization']).toBe(`Bearer ${h.apiKey}`);
    const leaks: string[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      for (const file of ['environ', 'cmdline']) {
        try {
          if (readFileSync(`/proc/${entry}/${file}`).includes(h.apiKey)) leaks.push(`${entry}/${file}`);
        } catch {
          // gone, or not ours to read
        }
      }
    }
    expect(leaks).toEqual([]);
    const config = readFileSync(`${h.manager.root}/sessions/${sessionKey}/secrets/opencode.json`, 'utf8');
    expect(config).not.toContain(h.apiKey);
    expect(config).toContain('{file:');
  });
});
