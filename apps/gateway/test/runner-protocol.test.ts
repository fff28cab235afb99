// The runner protocol's guarantees on both store engines, driven over HTTP: a lease that
// expires puts the task back with its attempt counted and the old holder's late report is
// refused (and audited); a result is taken once; one session key's tasks run one at a time and
// in order, on the runner whose host holds the session; cancelling stops the runner at its next heartbeat; a callback endpoint that fails
// twice then answers receives the result once, signed, with one delivery id.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import type { TaskView } from '@open-cowork/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditType, listAudit } from '../src/store/audit.js';
import { callbackDeliveryId } from '../src/tasks/callbacks.js';
import { startDeliveryPeer, type DeliveryPeer } from '../src/webhook/peer.js';
import { HEADER_DELIVERY_ID, HEADER_DELIVERY_SIGNATURE, HEADER_DELIVERY_TIMESTAMP, signDelivery } from '../src/webhook/signing.js';
import { tempDir, token, waitFor } from './support/harness.js';
import { ENGINES } from './support/stores.js';
import { call, poll, report, startTaskGateway, type TaskGateway } from './support/task-gateway.js';

const CALLBACK_SECRET = token();
const WEBHOOK_SECRET = token();

interface Received {
  readonly deliveryId: string;
  readonly signatureValid: boolean;
  readonly body: Record<string, unknown>;
  readonly answered: number;
}

/** A callback endpoint that answers 503 (Retry-After: 1) to the first `failures` requests, then 200. */
async function flakyEndpoint(failures: number): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers[HEADER_DELIVERY_TIMESTAMP] ?? '');
      const answered = received.length < failures ? 503 : 200;
      received.push({ deliveryId: String(req.headers[HEADER_DELIVERY_ID] ?? ''), signatureValid: req.headers[HEADER_DELIVERY_SIGNATURE] === signDelivery(CALLBACK_SECRET, timestamp, text), body: JSON.parse(text) as Record<string, unknown>, answered });
      res.writeHead(answered, answered === 503 ? { 'retry-after': '1' } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let model: ScriptedModel;
beforeAll(async () => {
  model = await startScriptedModel({ rules: [{ name: 'echo', match: {}, reply: { text: 'unused' } }] });
});
afterAll(async () => {
  await model?.close();
});

describe.each(ENGINES)('the runner protocol on %s', (engine) => {
  const dir = tempDir(`gateway-runner-protocol-${engine}-`);
  let gw: TaskGateway;
  let peer: DeliveryPeer;
  let submitter: string;
  let first: string;
  let second: string;

  beforeAll(async () => {
    peer = await startDeliveryPeer(WEBHOOK_SECRET);
    gw = await startTaskGateway(engine, `${dir.path}/data`, model.url, {
      TASK_LEASE_SECONDS: '2',
      JOB_LEASE_SECONDS: '2',
      TASK_MAX_ATTEMPTS: '2',
      TASK_CALLBACK_SECRET: CALLBACK_SECRET,
      WEBHOOK_SHARED_SECRET: WEBHOOK_SECRET,
      WEBHOOK_DELIVERY_URL: peer.url,
    });
    submitter = await gw.issue('submitter', 'ci', []);
    first = await gw.issue('runner', 'first', ['repo']);
    second = await gw.issue('runner', 'second', ['repo']);
  });
  afterAll(async () => {
    await gw?.close();
    await peer?.close();
    dir.remove();
  });

  const submit = async (body: Record<string, unknown>): Promise<string> => {
    const answer = await call<{ taskId: string }>(gw.url, 'POST', '/tasks', submitter, { kind: 'prompt', workspace: 'repo', ...body });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.taskId;
  };
  const view = async (id: string): Promise<TaskView> => (await call<TaskView>(gw.url, 'GET', `/tasks/${id}`, submitter)).body;

  it('an expired lease requeues the task with its attempt counted; the first runner is told to stop and its late result is refused', async () => {
    const id = await submit({ prompt: 'long job' });
    const lost = await poll(gw.url, first);
    expect(lost.body.lease.attempt).toBe(1);
    // The first runner goes silent; nobody else can take the task while its lease holds.
    expect((await poll(gw.url, second)).status).toBe(204);
    const retaken = await poll(gw.url, second, 'wait=30');
    expect(retaken.status).toBe(200);
    expect(retaken.body.task.id).toBe(id);
    expect(retaken.body.lease.attempt).toBe(2);
    const heartbeat = await report(gw.url, first, id, 'heartbeat', { claimToken: lost.body.lease.claimToken });
    expect(heartbeat.status).toBe(409);
    expect(heartbeat.body.error).toMatchObject({ code: 'GATEWAY_LEASE_LOST', reason: 'requeued' });
    const late = await report(gw.url, first, id, 'result', { claimToken: lost.body.lease.claimToken, status: 'completed', result: { text: 'late answer' } });
    expect(late.body.error).toMatchObject({ code: 'GATEWAY_RESULT_REFUSED', reason: 'requeued' });
    expect((await report(gw.url, second, id, 'result', { claimToken: retaken.body.lease.claimToken, status: 'completed', result: { text: 'fresh answer' } })).body.accepted).toBe(true);
    // The same runner posting again (its first answer lost on the way back) learns its result is in.
    const again = await report(gw.url, second, id, 'result', { claimToken: retaken.body.lease.claimToken, status: 'completed', result: { text: 'fresh answer' } });
    expect(again.body.error).toMatchObject({ code: 'GATEWAY_RESULT_REFUSED', reason: 'already_reported' });
    const task = await view(id);
    expect(task).toMatchObject({ status: 'completed', attempts: 2, runner: 'second', result: { text: 'fresh answer' } });
    expect(task.events.map((event) => event.type)).toEqual(['task.created', 'task.claimed', 'task.requeued', 'task.claimed', 'task.result_refused', 'task.completed', 'task.result_refused']);
    const audits = (await listAudit(gw.gateway.ctx.db, { type: AuditType.TaskResultRefused })).filter((row) => row.subject === id);
    expect(audits.map((row) => [row.actor, row.data['reason']])).toEqual([['runner:second', 'already_reported'], ['runner:first', 'requeued']]);
  });

  it('a task whose leases expire more often than its attempts allow fails for good', async () => {
    const id = await submit({ prompt: 'nobody finishes this' });
    expect((await poll(gw.url, first)).body.lease.attempt).toBe(1);
    expect((await poll(gw.url, first, 'wait=30')).body.lease.attempt).toBe(2);
    const task = await waitFor('the task to be dead', async () => {
      const current = await view(id);
      return current.status === 'dead' ? current : undefined;
    }, 30_000);
    expect(task.error).toMatch(/lease expired during attempt 2/);
    expect(task.events.map((event) => event.type).slice(-1)).toEqual(['task.failed']);
  });

  it('tasks of one session key run one at a time, in order, on the runner that holds the session; other keys are not held up', async () => {
    const a1 = await submit({ prompt: 'a1', sessionKey: 'chat-a' });
    const a2 = await submit({ prompt: 'a2', sessionKey: 'chat-a' });
    const b1 = await submit({ prompt: 'b1', sessionKey: 'chat-b' });
    const one = await poll(gw.url, first);
    const two = await poll(gw.url, second);
    expect([one.body.task.id, two.body.task.id]).toEqual([a1, b1]);
    expect(one.body.task.session).toMatch(/^[0-9a-f]{32}$/);
    expect(one.body.task.session).not.toBe(two.body.task.session);
    expect((await poll(gw.url, second)).status).toBe(204); // a2 waits for a1
    await report(gw.url, first, a1, 'result', { claimToken: one.body.lease.claimToken, status: 'completed', result: { text: 'a1 done' } });
    // The session lives on the first runner's host: while it is connected, a2 waits for it.
    expect((await poll(gw.url, second)).status).toBe(204);
    const next = await poll(gw.url, first);
    expect(next.body.task.id).toBe(a2);
    expect(next.body.task.session).toBe(one.body.task.session);
    await report(gw.url, first, a2, 'result', { claimToken: next.body.lease.claimToken, status: 'completed' });
    await report(gw.url, second, b1, 'result', { claimToken: two.body.lease.claimToken, status: 'completed' });
    // The same key from another submitter is another session.
    const other = await gw.issue('submitter', 'other', []);
    const foreign = (await call<{ taskId: string }>(gw.url, 'POST', '/tasks', other, { kind: 'prompt', workspace: 'repo', prompt: 'x', sessionKey: 'chat-a' })).body.taskId;
    const claimed = await poll(gw.url, first);
    expect(claimed.body.task.id).toBe(foreign);
    expect(claimed.body.task.session).not.toBe(one.body.task.session);
    await report(gw.url, first, foreign, 'result', { claimToken: claimed.body.lease.claimToken, status: 'completed' });
  });

  it('a cancelled task tells its runner to stop; a released one goes straight back to the queue', async () => {
    const id = await submit({ prompt: 'cancel me' });
    const claimed = await poll(gw.url, first);
    await call(gw.url, 'POST', `/tasks/${id}/cancel`, submitter);
    expect((await report(gw.url, first, id, 'heartbeat', { claimToken: claimed.body.lease.claimToken })).body.error).toMatchObject({ reason: 'cancelled' });
    expect((await report(gw.url, first, id, 'events', { claimToken: claimed.body.lease.claimToken, events: [{ kind: 'text', data: { text: 'x' } }] })).status).toBe(409);

    const released = await submit({ prompt: 'release me' });
    const held = await poll(gw.url, first);
    expect((await report(gw.url, first, released, 'release', { claimToken: held.body.lease.claimToken, reason: 'shutting down' })).body).toMatchObject({ released: true, status: 'pending' });
    const again = await poll(gw.url, second);
    expect(again.body.task.id).toBe(released);
    expect(again.body.lease.attempt).toBe(2);
    await report(gw.url, second, released, 'result', { claimToken: again.body.lease.claimToken, status: 'completed' });
  });

  it('a callback endpoint that fails twice, then answers, gets the result once, signed, under one delivery id', async () => {
    const endpoint = await flakyEndpoint(2);
    try {
      const id = await submit({ prompt: 'call me back', callback: { url: endpoint.url } });
      const claimed = await poll(gw.url, first);
      await report(gw.url, first, id, 'result', { claimToken: claimed.body.lease.claimToken, status: 'completed', result: { text: 'the answer' } });
      const task = await waitFor('the callback to be sent', async () => {
        const current = await view(id);
        return current.events.some((event) => event.type === 'callback.sent') ? current : undefined;
      }, 60_000);
      expect(endpoint.received.map((r) => r.answered)).toEqual([503, 503, 200]);
      expect(new Set(endpoint.received.map((r) => r.deliveryId))).toEqual(new Set([callbackDeliveryId(id)]));
      expect(endpoint.received.every((r) => r.signatureValid)).toBe(true);
      expect(endpoint.received[2]!.body).toMatchObject({ taskId: id, status: 'completed', result: { text: 'the answer' }, deliveryId: callbackDeliveryId(id) });
      const callbackEvents = task.events.filter((event) => event.type.startsWith('callback.'));
      expect(callbackEvents.map((event) => event.type)).toEqual(['callback.dispatched', 'callback.failed', 'callback.failed', 'callback.sent']);
      // The endpoint asked for a second; the retry waited at least that long.
      expect(callbackEvents[1]!.data).toMatchObject({ willRetry: true, httpStatus: 503, retryAfterMs: 1000 });
      expect(Number(callbackEvents[1]!.data['retryInMs'])).toBeGreaterThanOrEqual(1000);
      // Nothing more arrives later.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(endpoint.received).toHaveLength(3);
    } finally {
      await endpoint.close();
    }
  });

  it('a chat callback writes the answer, or the failure, into that chat of a channel', async () => {
    const answered = await submit({ prompt: 'tell the chat', callback: { chat: { provider: 'webhook', chatId: 'C42', threadId: 'T1' } } });
    const one = await poll(gw.url, first);
    await report(gw.url, first, answered, 'result', { claimToken: one.body.lease.claimToken, status: 'completed', result: { text: 'Here is **the** answer.' } });
    const delivered = await waitFor('the answer in the chat', () => peer.deliveries.find((d) => d.chatId === 'C42'), 60_000);
    expect(delivered).toMatchObject({ threadId: 'T1', text: 'Here is **the** answer.', kind: 'notice' });
    const failing = await submit({ prompt: 'fail in the chat', callback: { chat: { provider: 'webhook', chatId: 'C43' } } });
    const two = await poll(gw.url, first);
    await report(gw.url, first, failing, 'result', { claimToken: two.body.lease.claimToken, status: 'failed', error: 'The workspace is gone.' });
    const told = await waitFor('the failure in the chat', () => peer.deliveries.find((d) => d.chatId === 'C43'), 60_000);
    expect(told.text).toBe(`Task ${failing} failed: The workspace is gone.`);
    const events = (await view(answered)).events.filter((e) => e.type.startsWith('callback.'));
    expect(events.map((e) => [e.type, e.data['target']])).toEqual([['callback.dispatched', 'chat'], ['callback.sent', 'chat']]);
    // A chat of a provider the gateway cannot write to is refused at submission.
    const refused = await call<{ error: { message: string } }>(gw.url, 'POST', '/tasks', submitter, { kind: 'prompt', workspace: 'repo', prompt: 'x', callback: { chat: { provider: 'slack', chatId: 'C1' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('/callback/chat/provider');
  });
});
