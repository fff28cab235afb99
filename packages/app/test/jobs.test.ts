import type { JobSession, JobStatus } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../src/state/store.js';
import { fakeHost } from './fakes.js';

const JOB = 'job-mabcdefg-0123456789ab';
const running: JobStatus = { jobId: JOB, sessionId: 'one', status: 'running', elapsedSeconds: 3, startedAt: 1_700_000_000_000, outputSize: 5, tailOutput: 'Hello', activityState: 'active' };
const session: JobSession = { sessionId: 'one', ageSeconds: 9, lastActivitySecondsAgo: 1, serverHealth: 'healthy', jobCount: 1, workspace: '/data/jobs/one/workspace' };

describe('jobs in the store', () => {
  it('loads jobs with their sessions, starts one and keeps a cancelled job\'s final status', async () => {
    const host = fakeHost({
      'jobs.list': () => ({ jobs: [running] }),
      'jobs.sessions': () => ({ sessions: [session] }),
      'jobs.start': () => ({ jobId: JOB, sessionId: 'one', status: 'running' as const }),
      'jobs.cancel': () => ({ ...running, status: 'cancelled' as const, exitReason: 'cancelled' as const, activityState: 'idle' as const }),
    });
    const store = createAppStore(host);
    const { actions } = store.getState();
    expect(store.getState().jobs).toEqual({ list: [], sessions: [], load: 'idle' });
    expect(await actions.startJob('Tidy the notes', 'one')).toBe(JOB);
    expect(store.getState().jobs).toEqual({ list: [running], sessions: [session], load: 'ready' });
    await actions.cancelJob(JOB);
    expect(store.getState().jobs.list).toEqual([expect.objectContaining({ jobId: JOB, status: 'cancelled', exitReason: 'cancelled' })]);
    expect(host.calls.find((c) => c.method === 'jobs.start')?.params).toEqual({ prompt: 'Tidy the notes', sessionId: 'one' });
  });

  it('marks a listed job ended when job.finished arrives, and ignores jobs it does not list', async () => {
    const store = createAppStore(fakeHost({ 'jobs.list': () => ({ jobs: [running] }), 'jobs.sessions': () => ({ sessions: [session] }) }));
    await store.getState().actions.loadJobs();
    store.getState().actions.ingest([
      { type: 'job.finished', payload: { id: `${JOB}:failed`, jobId: JOB, sessionId: 'one', state: 'failed', exitReason: 'idle-timeout', elapsedSeconds: 40, outputBytes: 5, error: 'No output for 30 s.' } },
      { type: 'job.finished', payload: { id: 'job-mabcdefg-ffffffffffff:completed', jobId: 'job-mabcdefg-ffffffffffff', sessionId: 'two', state: 'completed', elapsedSeconds: 1, outputBytes: 0 } },
    ]);
    expect(store.getState().jobs.list).toEqual([{ ...running, status: 'failed', exitReason: 'idle-timeout', elapsedSeconds: 40, activityState: 'idle', error: 'No output for 30 s.' }]);
  });

  it('refreshes only the jobs while polling, keeping the sessions the last full load read', async () => {
    let tail = 'Hello';
    const host = fakeHost({ 'jobs.list': () => ({ jobs: [{ ...running, tailOutput: tail }] }), 'jobs.sessions': () => ({ sessions: [session] }) });
    const store = createAppStore(host);
    await store.getState().actions.loadJobs();
    tail = 'Hello again';
    await store.getState().actions.refreshJobs();
    expect(store.getState().jobs).toEqual({ list: [{ ...running, tailOutput: 'Hello again' }], sessions: [session], load: 'ready' });
    expect(host.calls.map((c) => c.method).filter((m) => m.startsWith('jobs.'))).toEqual(['jobs.list', 'jobs.sessions', 'jobs.list']);
  });

  it('says when jobs cannot be loaded', async () => {
    const store = createAppStore(fakeHost({ 'jobs.list': () => Promise.reject(Object.assign(new Error('no jobs here'), { code: 'JOBS_UNAVAILABLE' })), 'jobs.sessions': () => ({ sessions: [] }) }));
    await expect(store.getState().actions.loadJobs()).rejects.toMatchObject({ code: 'JOBS_UNAVAILABLE' });
    expect(store.getState().jobs.load).toBe('error');
  });
});
