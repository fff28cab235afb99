// Isolated session jobs through the host's HTTP API: jobs.start hands a prompt to a real OpenCode
// server in bubblewrap (the host's own provider, a scripted model), jobs.status/output follow it,
// and its end arrives once as a job.finished event on the host's event stream. Bad ids are
// refused as BAD_REQUEST before they name a file.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { stopOwnSandboxes } from '@open-cowork/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS_WEBHOOK_HEADERS } from '../../src/jobs/webhook.js';
import type { SseFrame } from '../transport/helpers.js';
import { call, eventProblems, ok, recordEvents, startTestHost, until, type EventRecording, type TestHost } from './support.js';

const ANSWER = 'The isolated session answered: forty-two ✓';

let t: TestHost;
let events: EventRecording | undefined;
let tag = '';
const frames: SseFrame[] = [];
const WEBHOOK_SECRET = 'jobs-webhook-secret-for-this-test';
/** The operator's webhook: it fails the first notification (503), so the outbox must retry it. */
const hooks: { headers: IncomingHttpHeaders; body: string; status: number }[] = [];
let receiver: Server | undefined;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const status = hooks.length === 0 ? 503 : 204;
      hooks.push({ headers: request.headers, body, status });
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/jobs`;
  t = await startTestHost({
    rules: [{ name: 'job', match: { lastUser: 'isolated task' }, reply: { text: ANSWER, paceMs: 30 } }],
    host: {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', OPEN_COWORK_JOBS_WEBHOOK_URL: hookUrl, OPEN_COWORK_JOBS_WEBHOOK_SECRET: WEBHOOK_SECRET, OPEN_COWORK_JOBS_WEBHOOK_ALLOW_PRIVATE_NETWORK: '1' },
      jobs: { sandbox: 'bwrap', limits: { checkIntervalMs: 200 }, notifyBackoff: { initialDelayMs: 50, maxDelayMs: 500 } },
    },
  });
  tag = (await t.host.jobs.manager()).tag;
  events = await recordEvents(t.server, frames);
}, 120_000);

afterAll(async () => {
  events?.close();
  await t?.dispose();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  // The host leaves session servers running for the next host; this suite's own must not outlive it.
  if (tag !== '') await stopOwnSandboxes(tag);
});

const finished = () => frames.filter((frame) => frame.event === 'job.finished');

describe('jobs.* over the host API', () => {
  it('runs a job in its own sandbox, pages its output and sends job.finished once', async () => {
    const started = await ok(t.server, 'jobs.start', { prompt: 'Do the isolated task.', sessionId: 'host-job-1', requester: 'chat:abc' });
    expect(started).toMatchObject({ sessionId: 'host-job-1', status: 'running' });

    await until(() => finished().length > 0, 'job.finished', 180_000);
    const [frame] = finished();
    expect(eventProblems('job.finished', frame!.data.payload)).toBeUndefined();
    expect(frame!.data.payload).toMatchObject({
      id: `${started.jobId}:completed`,
      jobId: started.jobId,
      sessionId: 'host-job-1',
      state: 'completed',
      exitReason: 'completed',
      requester: 'chat:abc',
      outputBytes: Buffer.byteLength(ANSWER),
    });

    const status = await ok(t.server, 'jobs.status', { jobId: started.jobId, sessionId: 'host-job-1' });
    expect(status).toMatchObject({ status: 'completed', exitReason: 'completed', outputSize: Buffer.byteLength(ANSWER), tailOutput: ANSWER });

    let offset = 0;
    let text = '';
    for (let pages = 0; pages < 50; pages += 1) {
      const page = await ok(t.server, 'jobs.output', { jobId: started.jobId, offset, limit: 10 });
      text += page.content;
      offset = page.nextOffset;
      if (!page.hasMore) break;
    }
    expect(text).toBe(ANSWER);

    const { jobs } = await ok(t.server, 'jobs.list', {});
    expect(jobs).toEqual([expect.objectContaining({ jobId: started.jobId, sessionId: 'host-job-1', status: 'completed', tailOutput: ANSWER })]);
    expect((await ok(t.server, 'jobs.list', { sessionId: 'someone-else' })).jobs).toEqual([]);

    const { sessions } = await ok(t.server, 'jobs.sessions', {});
    expect(sessions).toEqual([expect.objectContaining({ sessionId: 'host-job-1', jobCount: 1, serverHealth: 'healthy', messageCount: 2 })]);
    expect(sessions[0]!.activeJob).toBeUndefined();

    // The webhook got it too, signed, after one retry of its 503; the event was still sent once.
    await until(() => hooks.length >= 2, 'the retried webhook notification', 60_000);
    expect(hooks.map((h) => [h.status, h.headers[JOBS_WEBHOOK_HEADERS.id]])).toEqual([
      [503, `${started.jobId}:completed`],
      [204, `${started.jobId}:completed`],
    ]);
    const hook = hooks[1]!;
    expect(JSON.parse(hook.body)).toEqual(frame!.data.payload);
    const timestamp = String(hook.headers[JOBS_WEBHOOK_HEADERS.timestamp]);
    expect(hook.headers[JOBS_WEBHOOK_HEADERS.signature]).toBe(`sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${hook.body}`).digest('hex')}`);
    expect(JSON.stringify(t.logs)).not.toContain(WEBHOOK_SECRET);

    // Cancelling an ended job changes nothing, and no second event follows.
    expect(await ok(t.server, 'jobs.cancel', { jobId: started.jobId })).toMatchObject({ status: 'completed' });
    expect(finished()).toHaveLength(1);
    expect(t.serverErrors).toEqual([]);
  }, 240_000);

  it('refuses ids that are not ids, and unknown jobs, with the host\'s codes', async () => {
    const traversal = await call(t.server, 'jobs.start', { prompt: 'x', sessionId: '../../etc' });
    expect(traversal.status).toBe(400);
    expect(traversal.error?.code).toBe('BAD_REQUEST');
    const badJob = await call(t.server, 'jobs.status', { jobId: '/etc/passwd' });
    expect(badJob.status).toBe(400);
    const unknown = await call(t.server, 'jobs.output', { jobId: 'job-abcdefgh-0123456789ab' });
    expect(unknown.status).toBe(404);
    expect(unknown.error).toMatchObject({ code: 'NOT_FOUND', data: { jobsCode: 'JOBS_NOT_FOUND' } });
    const mismatched = await call(t.server, 'jobs.status', { jobId: 'job-abcdefgh-0123456789ab', sessionId: 'UPPER' });
    expect(mismatched.status).toBe(400);
  });

  it('cleans up idle sessions: stops the server, keeps the workspace unless asked', async () => {
    const report = await ok(t.server, 'jobs.cleanup', { idleSeconds: 0 });
    expect(report).toEqual({ removedSessions: ['host-job-1'], deletedWorkspaces: [], stoppedServers: ['host-job-1'] });
    expect((await ok(t.server, 'jobs.sessions', {})).sessions).toEqual([]);
  });
});
