// The Task API on both store engines, called over HTTP as submitters, runners and attackers
// would: a task's whole life (submit, claim, progress, result, read, acknowledge), the long
// poll, results that survive being read, credentials that never stand in for each other, bad
// input named precisely, and retention that never touches live tasks.
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import type { TaskStats, TaskView } from '@open-cowork/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditType, listAudit } from '../src/store/audit.js';
import { pruneTasks } from '../src/store/retention.js';
import { revokeCredential } from '../src/tasks/credentials.js';
import { tempDir } from './support/harness.js';
import { ENGINES } from './support/stores.js';
import { call, poll, report, startTaskGateway, type TaskGateway } from './support/task-gateway.js';

let model: ScriptedModel;
beforeAll(async () => {
  model = await startScriptedModel({ rules: [{ name: 'echo', match: {}, reply: { text: 'unused' } }] });
});
afterAll(async () => {
  await model?.close();
});

describe.each(ENGINES)('the Task API on %s', (engine) => {
  const dir = tempDir(`gateway-tasks-${engine}-`);
  let gw: TaskGateway;
  let alice: string; // submitter
  let bob: string; // another submitter
  let scoped: string; // a submitter limited to workspace "docs"
  let runner: string; // serves "repo" and "docs"
  let other: string; // a runner of workspace "laptop" only

  beforeAll(async () => {
    gw = await startTaskGateway(engine, `${dir.path}/data`, model.url, { TASK_LEASE_SECONDS: '30' });
    alice = await gw.issue('submitter', 'alice', []);
    bob = await gw.issue('submitter', 'bob', []);
    scoped = await gw.issue('submitter', 'scoped', ['docs']);
    runner = await gw.issue('runner', 'mac', ['repo', 'docs']);
    other = await gw.issue('runner', 'laptop', ['laptop']);
  });
  afterAll(async () => {
    await gw?.close();
    dir.remove();
  });

  const submit = (bearer: string, body: Record<string, unknown>) => call<{ taskId?: string; error?: { code: string; message: string } }>(gw.url, 'POST', '/tasks', bearer, body);
  const read = (bearer: string, id: string, query = '') => call<TaskView & { error?: { code: string } }>(gw.url, 'GET', `/tasks/${id}${query}`, bearer);

  it('a task goes from submission to an acknowledged result; reading it never removes it', async () => {
    const created = await submit(alice, { kind: 'prompt', workspace: 'repo', prompt: 'Summarise README.md', timeoutMs: 60_000 });
    expect(created.status).toBe(201);
    const taskId = created.body.taskId!;
    expect((await read(alice, taskId)).body).toMatchObject({ status: 'pending', attempts: 0, result: null, acknowledged: false });

    const claimed = await poll(gw.url, runner);
    expect(claimed.status).toBe(200);
    expect(claimed.body.task).toMatchObject({ id: taskId, kind: 'prompt', workspace: 'repo', prompt: 'Summarise README.md', session: null, timeoutMs: 60_000 });
    expect(claimed.body.lease.attempt).toBe(1);
    const claimToken = claimed.body.lease.claimToken;
    // The expiry comes from the database clock, 30 s ahead.
    const [clock] = await gw.gateway.ctx.db.query<{ now: Date }>('select now() as now');
    const ahead = new Date(claimed.body.lease.expiresAt).getTime() - new Date(clock!.now).getTime();
    expect(ahead).toBeGreaterThan(25_000);
    expect(ahead).toBeLessThanOrEqual(30_000);

    expect((await report(gw.url, runner, taskId, 'heartbeat', { claimToken })).status).toBe(200);
    expect((await report(gw.url, runner, taskId, 'events', { claimToken, events: [{ kind: 'started' }, { kind: 'text', data: { text: 'It is ' } }, { kind: 'tool', data: { tool: 'read', status: 'completed' } }] })).status).toBe(200);
    const result = await report(gw.url, runner, taskId, 'result', { claimToken, status: 'completed', result: { text: 'It is a README.' } });
    expect(result.body).toMatchObject({ accepted: true, status: 'completed' });

    for (let i = 0; i < 3; i += 1) {
      const view = await read(alice, taskId);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ status: 'completed', attempts: 1, runner: 'mac', result: { text: 'It is a README.' }, acknowledged: false });
    }
    const types = (await read(alice, taskId)).body.events.map((event) => event.type);
    expect(types).toEqual(['task.created', 'task.claimed', 'task.started', 'task.progress', 'task.progress', 'task.completed']);

    const ack = await call(gw.url, 'POST', `/tasks/${taskId}/ack`, alice);
    expect(ack.body).toMatchObject({ acknowledged: true, first: true });
    expect((await call(gw.url, 'POST', `/tasks/${taskId}/ack`, alice)).body).toMatchObject({ acknowledged: true, first: false });
    const after = await read(alice, taskId);
    expect(after.body).toMatchObject({ acknowledged: true, result: { text: 'It is a README.' } });
    expect(after.body.events.filter((event) => event.type === 'task.reconciled')).toHaveLength(1);
  });

  it('GET ?wait= returns as soon as the result is in, and a pending task cannot be acknowledged', async () => {
    const taskId = (await submit(alice, { kind: 'prompt', workspace: 'repo', prompt: 'wait for me' })).body.taskId!;
    expect((await call(gw.url, 'POST', `/tasks/${taskId}/ack`, alice)).status).toBe(409);
    expect((await read(alice, taskId, '?wait=61')).status).toBe(400);
    const claimed = await poll(gw.url, runner);
    const waiting = read(alice, taskId, '?wait=50');
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    await report(gw.url, runner, taskId, 'result', { claimToken: claimed.body.lease.claimToken, status: 'failed', error: 'The model is unavailable.' });
    const view = await waiting;
    expect(view.body).toMatchObject({ status: 'failed', error: 'The model is unavailable.' });
    // A wait on a task that does not finish returns its current state when the wait is over.
    const idle = (await submit(alice, { kind: 'prompt', workspace: 'docs', prompt: 'nobody polls docs now' })).body.taskId!;
    expect((await read(alice, idle, '?wait=1')).body.status).toBe('pending');
    expect((await call(gw.url, 'POST', `/tasks/${idle}/cancel`, alice)).body).toMatchObject({ status: 'cancelled' });
    expect((await call(gw.url, 'POST', `/tasks/${idle}/cancel`, alice)).status).toBe(409);
  });

  it('three kinds of credential, never interchangeable; another submitter\'s task does not exist for you', async () => {
    const taskId = (await submit(alice, { kind: 'prompt', workspace: 'repo', prompt: 'private to alice' })).body.taskId!;
    // No token, a wrong token, a runner's token shape with a forged secret.
    expect((await call(gw.url, 'GET', `/tasks/${taskId}`, undefined)).status).toBe(401);
    expect((await call(gw.url, 'GET', `/tasks/${taskId}`, 'not-a-token')).status).toBe(401);
    const forged = `${runner.slice(0, runner.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    expect((await poll(gw.url, forged)).status).toBe(401);
    // A submitter cannot poll or report; a runner cannot submit, read or see events.
    expect((await poll(gw.url, alice)).status).toBe(403);
    expect((await report(gw.url, alice, taskId, 'result', { claimToken: 'x'.repeat(43), status: 'completed' })).status).toBe(403);
    expect((await submit(runner, { kind: 'prompt', workspace: 'repo', prompt: 'x' })).status).toBe(403);
    expect((await read(runner, taskId)).status).toBe(403);
    expect((await call(gw.url, 'GET', `/events?taskId=${taskId}`, runner)).status).toBe(403);
    // Bob sees nothing of Alice's: not the task, not its events, not her counts.
    expect((await read(bob, taskId)).status).toBe(404);
    expect((await call(gw.url, 'POST', `/tasks/${taskId}/cancel`, bob)).status).toBe(404);
    expect((await call<{ events: unknown[] }>(gw.url, 'GET', `/events?taskId=${taskId}`, bob)).body.events).toEqual([]);
    expect((await call<TaskStats>(gw.url, 'GET', '/tasks/stats', bob)).body.byStatus).toEqual({});
    // The admin sees it; a scoped submitter may submit only to its workspace.
    expect((await read(gw.admin, taskId)).body.id).toBe(taskId);
    expect((await submit(scoped, { kind: 'prompt', workspace: 'repo', prompt: 'x' })).status).toBe(403);
    expect((await submit(scoped, { kind: 'prompt', workspace: 'docs', prompt: 'x' })).status).toBe(201);
    // A runner polls only its own workspaces, and cannot touch a task another runner claimed.
    expect((await poll(gw.url, other, 'wait=0&workspace=repo')).status).toBe(403);
    const claimed = await poll(gw.url, runner, 'wait=0&workspace=repo');
    expect(claimed.body.task.id).toBe(taskId);
    const stolen = await report(gw.url, other, taskId, 'result', { claimToken: claimed.body.lease.claimToken, status: 'completed', result: { text: 'forged' } });
    expect(stolen.status).toBe(409);
    expect(stolen.body.error).toMatchObject({ code: 'GATEWAY_RESULT_REFUSED', reason: 'not_your_task' });
    expect((await report(gw.url, other, taskId, 'heartbeat', { claimToken: claimed.body.lease.claimToken })).body.error).toMatchObject({ reason: 'not_your_task' });
    // The real runner with a made-up claim token is refused too.
    const guessed = await report(gw.url, runner, taskId, 'result', { claimToken: 'B'.repeat(43), status: 'completed', result: { text: 'guessed' } });
    expect(guessed.body.error).toMatchObject({ code: 'GATEWAY_RESULT_REFUSED', reason: 'wrong_token' });
    expect((await report(gw.url, runner, taskId, 'result', { claimToken: claimed.body.lease.claimToken, status: 'completed', result: { text: 'real' } })).body.accepted).toBe(true);
    expect((await read(alice, taskId)).body.result).toEqual({ text: 'real' });
    const refused = await listAudit(gw.gateway.ctx.db, { type: AuditType.TaskResultRefused });
    expect(refused.filter((row) => row.subject === taskId).map((row) => [row.actor, row.data['reason']])).toEqual(expect.arrayContaining([['runner:laptop', 'not_your_task'], ['runner:mac', 'wrong_token']]));
    expect(JSON.stringify(refused)).not.toContain(claimed.body.lease.claimToken);
    const rejected = await listAudit(gw.gateway.ctx.db, { type: AuditType.CredentialRejected });
    expect(rejected.map((row) => row.actor)).toEqual(expect.arrayContaining(['submitter:alice', 'runner:mac', 'runner:laptop']));
    // A revoked runner's token stops working at once.
    await revokeCredential(gw.gateway.ctx.db, 'runner', 'laptop');
    expect((await poll(gw.url, other)).status).toBe(401);
  });

  it('bad input is refused with the field named; an unserved workspace is refused before it waits forever', async () => {
    const bad = async (body: unknown, fragment: string, status = 400) => {
      const answer = await call<{ error: { code: string; message: string } }>(gw.url, 'POST', '/tasks', alice, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error.message).toContain(fragment);
    };
    await bad({ kind: 'shell', workspace: 'repo' }, '/kind must be one of prompt, command');
    await bad({ kind: 'prompt', workspace: '../etc', prompt: 'x' }, '/workspace must be a workspace label');
    await bad({ kind: 'prompt', workspace: 'repo' }, '/prompt must be a non-empty string');
    await bad({ kind: 'prompt', workspace: 'repo', prompt: 'x', command: 'ls' }, '/command is for command tasks');
    await bad({ kind: 'prompt', workspace: 'repo', prompt: 'x', timeoutMs: 5 }, '/timeoutMs must be a whole number');
    await bad({ kind: 'prompt', workspace: 'repo', prompt: 'x', extra: 1 }, '/extra is not a known field');
    await bad({ kind: 'prompt', workspace: 'repo', prompt: 'x', callback: { url: 'http://169.254.169.254/latest' } }, '/callback/url');
    await bad({ kind: 'prompt', workspace: 'repo', prompt: 'x', callback: { url: 'https://example.org/hook' } }, 'TASK_CALLBACK_SECRET');
    await bad({ kind: 'prompt', workspace: 'nobody', prompt: 'x' }, 'No runner is registered for workspace "nobody"', 422);
    await bad([1, 2], 'the body must be a JSON object');
    const notJson = await fetch(`${gw.url}/tasks`, { method: 'POST', headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' }, body: '{"kind":' });
    expect(notJson.status).toBe(400);
    expect((await call(gw.url, 'GET', '/events?type=task.nope', alice)).status).toBe(400);
    expect((await poll(gw.url, runner, 'wait=abc')).status).toBe(400);
  });

  it('stats and the event log; retention removes finished tasks after their window and never a live one', async () => {
    const db = gw.gateway.ctx.db;
    const live = (await submit(bob, { kind: 'prompt', workspace: 'docs', prompt: 'stay pending' })).body.taskId!;
    const stats = await call<TaskStats>(gw.url, 'GET', '/tasks/stats', bob);
    expect(stats.body.byStatus['pending']).toBe(1);
    expect(stats.body.oldestPendingSeconds).toBeGreaterThanOrEqual(0);
    expect((await call<TaskStats>(gw.url, 'GET', '/tasks/stats', alice)).body.unacknowledged).toBeGreaterThanOrEqual(1);
    const events = await call<{ events: { type: string; taskId: string }[] }>(gw.url, 'GET', '/events?type=task.completed&limit=5', gw.admin);
    expect(events.body.events.length).toBeGreaterThanOrEqual(1);
    expect(events.body.events.every((event) => event.type === 'task.completed')).toBe(true);
    expect((await call(gw.url, 'GET', '/events/stats', alice)).status).toBe(403);
    const eventStats = await call<{ total: number; byType: Record<string, number> }>(gw.url, 'GET', '/events/stats', gw.admin);
    expect(eventStats.body.byType['task.created']).toBeGreaterThanOrEqual(5);

    // Maintenance with the configured window (a week) deletes nothing yet.
    const maintenance = await call<{ deleted: { tasks: number } }>(gw.url, 'POST', '/events/maintenance', gw.admin);
    expect(maintenance.body.deleted.tasks).toBe(0);
    // A cutoff in the future: every finished task goes, the pending one stays.
    const counts = await db.transaction((tx) => pruneTasks(tx, new Date(Date.now() + 3_600_000)));
    expect(counts.tasks).toBeGreaterThanOrEqual(3);
    const [left] = await db.query(`select count(*)::int as n from gateway_tasks t join gateway_jobs j on j.id = t.id where j.status not in ('pending', 'running')`);
    expect(Number(left!['n'])).toBe(0);
    expect((await read(bob, live)).body.status).toBe('pending');
    const [orphans] = await db.query('select count(*)::int as n from gateway_task_events e where not exists (select 1 from gateway_tasks t where t.id = e.task_id)');
    expect(Number(orphans!['n'])).toBe(0);
    await call(gw.url, 'POST', `/tasks/${live}/cancel`, bob);
  });

  it('the dashboard lists tasks, runners and submitters and shows a task\'s log — escaped, and never a token', async () => {
    const taskId = (await submit(alice, { kind: 'prompt', workspace: 'repo', prompt: 'show me on the dashboard' })).body.taskId!;
    const claimed = await poll(gw.url, runner, 'wait=0&workspace=repo');
    expect(claimed.body.task.id).toBe(taskId);
    await report(gw.url, runner, taskId, 'result', { claimToken: claimed.body.lease.claimToken, status: 'completed', result: { text: '<script>alert(1)</script>' } });
    const get = async (path: string): Promise<string> => {
      const response = await fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${gw.admin}` } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      return response.text();
    };
    const list = await get('/dashboard/tasks?status=completed');
    expect(list).toContain(`/dashboard/tasks/${taskId}`);
    expect(list).toContain('submitter:alice');
    expect(list).toMatch(/<td class="mono">laptop<\/td><td><span class="status status-revoked">revoked<\/span>/);
    for (const secret of [alice, bob, runner, other].map((t) => t.split('.')[2]!)) expect(list).not.toContain(secret);
    const detail = await get(`/dashboard/tasks/${taskId}`);
    expect(detail).toContain('data-event="task.completed"');
    expect(detail).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(detail).not.toContain('<script>');
    expect(detail).not.toContain(claimed.body.lease.claimToken);
    expect((await fetch(`${gw.url}/dashboard/tasks`, { headers: { authorization: `Bearer ${alice}` } })).status).toBe(401);
  });
});
