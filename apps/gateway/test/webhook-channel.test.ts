// The signed webhook channel end to end: the real runtime, the scripted model, PostgreSQL, a
// local peer that verifies signed deliveries — and the attacks the channel must refuse.
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../src/config/load.js';
import { startGateway, type RunningGateway } from '../src/daemon/gateway.js';
import { silentLogger } from '../src/log.js';
import { enqueueJob, getJob } from '../src/queue/jobs.js';
import { listAudit, AuditType } from '../src/store/audit.js';
import { upsertIdentity } from '../src/store/identities.js';
import { listEvents } from '../src/store/sessions.js';
import { sendSignedMessage } from '../src/webhook/client.js';
import { startDeliveryPeer, type DeliveryPeer } from '../src/webhook/peer.js';
import { HEADER_SIGNATURE, HEADER_TIMESTAMP, signInbound } from '../src/webhook/signing.js';
import { gatewayEnv, tempDir, token, waitFor, writeRuntimeConfig } from './support/harness.js';
import { newPostgresDatabase } from './support/stores.js';

const SECRET = token();
const ADMIN = token();
const LONG_ANSWER = Array.from({ length: 12 }, (_, i) => `Paragraph ${i}: ${'lorem ipsum '.repeat(8).trim()}.`).join('\n\n');

let model: ScriptedModel;
let peer: DeliveryPeer;
let gateway: RunningGateway | undefined;
let databaseUrl: string;
const dir = tempDir('gateway-webhook-');

async function start(overrides: Record<string, string> = {}): Promise<RunningGateway> {
  const env = gatewayEnv({
    DATABASE_URL: databaseUrl,
    DATA_DIR: `${dir.path}/data`,
    PORT: '0',
    ADMIN_TOKEN: ADMIN,
    WEBHOOK_SHARED_SECRET: SECRET,
    WEBHOOK_DELIVERY_URL: peer.url,
    WEBHOOK_MESSAGE_LIMIT: '300',
    JOB_BACKOFF_BASE_MS: '100',
    JOB_BACKOFF_MAX_MS: '500',
    OPENCODE_EXECUTION_TIMEOUT_MS: '300000',
    RATE_LIMIT_FAILURES: '5',
    ...overrides,
  });
  const config = loadGatewayConfig({ env, cwd: dir.path });
  return startGateway({ config, env, log: silentLogger, cwd: dir.path });
}

beforeAll(async () => {
  model = await startScriptedModel({
    rules: [
      { name: 'long', match: { lastUser: 'long answer' }, reply: { text: LONG_ANSWER } },
      { name: 'stall', match: { lastUser: 'never finish' }, reply: { fault: { type: 'stall', afterChunks: 1, text: 'Thinking' } } },
      { name: 'echo', match: {}, reply: (c) => ({ text: `You said: ${c.lastUserText}` }) },
    ],
  });
  peer = await startDeliveryPeer(SECRET);
  writeRuntimeConfig(`${dir.path}/data`, model.url);
  databaseUrl = await newPostgresDatabase();
  gateway = await start();
  const db = gateway.ctx.db;
  await upsertIdentity(db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'alice' }, 'member');
  await upsertIdentity(db, { provider: 'webhook', providerWorkspaceId: 'acme', externalUserId: 'alice' }, 'owner');
  await upsertIdentity(db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'victor' }, 'viewer');
  await upsertIdentity(db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'april' }, 'approver');
  await upsertIdentity(db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'dan' }, 'disabled');
});

afterAll(async () => {
  await gateway?.close();
  await peer?.close();
  await model?.close();
  dir.remove();
});

const send = (message: Parameters<typeof sendSignedMessage>[3], options?: Parameters<typeof sendSignedMessage>[4]) => sendSignedMessage(gateway!.url, 'webhook', SECRET, message, options);

describe('the signed webhook channel (real runtime, scripted model, PostgreSQL)', { timeout: 300_000 }, () => {
  it('stores the message as a job and answers 202 at once; the reply reaches the peer signed, and the run is stored as ordered events', async () => {
    const answer = await send({ id: 'msg-1', userId: 'alice', chatId: 'chat-1', text: 'hello gateway' });
    expect(answer.status).toBe(202);
    const { jobId, sessionId } = answer.body as { jobId: string; sessionId: string };
    expect(await getJob(gateway!.ctx.db, jobId)).toMatchObject({ kind: 'prompt' });
    const reply = await peer.waitForReply('msg-1', 240_000);
    expect(reply.map((d) => d.text).join('')).toBe('You said: hello gateway');
    expect(reply[0]).toMatchObject({ chatId: 'chat-1', threadId: null, chunk: 1, chunks: 1 });
    await waitFor('the delivery job', async () => ((await getJob(gateway!.ctx.db, reply[0]!.deliveryId))?.status === 'completed' ? true : undefined), 10_000);
    const events = await listEvents(gateway!.ctx.db, sessionId, { jobId });
    expect(events.map((e) => e.type)).toEqual(['message.received', 'prompt.started', 'assistant.text', 'prompt.completed', 'delivery.sent']);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    const audits = await listAudit(gateway!.ctx.db, { limit: 500 });
    expect(audits.map((a) => a.type)).toEqual(expect.arrayContaining([AuditType.PromptAccepted, AuditType.PromptCompleted, AuditType.ReplyDelivered]));
    expect(JSON.stringify(audits)).not.toContain('hello gateway');
  });

  it('a long reply is split on paragraph boundaries into chunks with deterministic delivery ids, in order', async () => {
    const answer = await send({ id: 'msg-long', userId: 'alice', chatId: 'chat-long', threadId: 'th-1', text: 'long answer please' });
    expect(answer.status).toBe(202);
    const reply = await peer.waitForReply('msg-long', 240_000);
    expect(reply.length).toBeGreaterThan(1);
    expect(reply.every((d) => d.text.length <= 300 && d.threadId === 'th-1')).toBe(true);
    expect(reply.map((d) => d.text).join('\n\n')).toBe(LONG_ANSWER);
    expect(new Set(reply.map((d) => d.deliveryId)).size).toBe(reply.length);
  });

  it('refuses a wrong signature, a stale timestamp, an unknown sender, a viewer, an approver and a disabled identity — and audits each without the text', async () => {
    const wrong = await send({ id: 'bad-1', userId: 'alice', chatId: 'c', text: 'secret words one' }, { secret: token() });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: 'GATEWAY_SIGNATURE_INVALID' } });
    const stale = await send({ id: 'bad-2', userId: 'alice', chatId: 'c', text: 'secret words two' }, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.body).toMatchObject({ error: { code: 'GATEWAY_TIMESTAMP_SKEW' } });
    for (const [userId, reason] of [['mallory', 'unknown_identity'], ['victor', 'role_viewer'], ['april', 'role_approver'], ['dan', 'role_disabled']] as const) {
      const denied = await send({ id: `deny-${userId}`, userId, chatId: 'c', text: `secret words of ${userId}` });
      expect(denied.status, userId).toBe(403);
      expect(denied.body).toMatchObject({ error: { code: 'GATEWAY_FORBIDDEN' } });
      const audit = (await listAudit(gateway!.ctx.db, { type: AuditType.PromptDenied, limit: 50 })).find((a) => a.actor === userId);
      expect(audit?.data).toMatchObject({ reason });
    }
    // A workspace-scoped identity does not authorize the same user in another workspace.
    const otherWorkspace = await send({ id: 'deny-ws', userId: 'alice', workspaceId: 'globex', chatId: 'c', text: 'secret words ws' });
    expect(otherWorkspace.status).toBe(403);
    const rejected = await listAudit(gateway!.ctx.db, { type: AuditType.WebhookRejected, limit: 50 });
    expect(rejected.map((a) => a.data['reason'])).toEqual(expect.arrayContaining(['mismatch', 'skew']));
    expect(JSON.stringify(await listAudit(gateway!.ctx.db, { limit: 1000 }))).not.toMatch(/secret words/);
    const [jobs] = await gateway!.ctx.db.query(`select count(*)::int as n from gateway_jobs where payload->>'messageId' like 'deny-%' or payload->>'messageId' like 'bad-%'`);
    expect(Number(jobs?.['n'])).toBe(0);
  });

  it('refuses a replayed (timestamp, signature) and a replayed message id, also after a restart', async () => {
    const body = JSON.stringify({ id: 'msg-replay', userId: 'alice', chatId: 'chat-r', text: 'once only' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const post = (url: string) =>
      fetch(`${url}/webhooks/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', [HEADER_TIMESTAMP]: timestamp, [HEADER_SIGNATURE]: signInbound(SECRET, timestamp, body) }, body });
    expect((await post(gateway!.url)).status).toBe(202);
    const replay = await post(gateway!.url);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ error: { code: 'GATEWAY_REPLAYED' } });
    // The same message id with a fresh, valid signature is a replay too.
    const resent = await send({ id: 'msg-replay', userId: 'alice', chatId: 'chat-r', text: 'once only' }, { timestamp: Number(timestamp) + 1 });
    expect(resent.status).toBe(409);
    await peer.waitForReply('msg-replay', 240_000);

    await gateway!.close();
    gateway = await start();
    expect((await post(gateway.url)).status).toBe(409);
    const afterRestart = await send({ id: 'msg-replay', userId: 'alice', chatId: 'chat-r', text: 'once only' }, { timestamp: Number(timestamp) + 2 });
    expect(afterRestart.status).toBe(409);
    expect(peer.deliveries.filter((d) => d.inReplyTo === 'msg-replay')).toHaveLength(1);
  });

  it('a delivery answered 503 is retried with backoff, audited without text, and arrives once; the prompt stays completed', async () => {
    peer.failNext(2, 503);
    const answer = await send({ id: 'msg-retry', userId: 'alice', chatId: 'chat-retry', text: 'deliver despite errors' });
    const { jobId } = answer.body as { jobId: string };
    const reply = await peer.waitForReply('msg-retry', 240_000);
    expect(reply).toHaveLength(1);
    expect((await getJob(gateway!.ctx.db, jobId))?.status).toBe('completed');
    const failures = (await listAudit(gateway!.ctx.db, { type: AuditType.ReplyFailed, limit: 50 })).filter((a) => a.subject === reply[0]!.deliveryId);
    expect(failures.map((a) => [a.data['httpStatus'], a.data['willRetry']])).toEqual([
      [503, true],
      [503, true],
    ]);
    expect(JSON.stringify(failures)).not.toContain('deliver despite errors');
    expect(peer.duplicates).toBe(0);
    expect(peer.rejected).toBe(0);
  });

  it('workflow, watch and team_task jobs are claimed and failed with a descriptive lastError and an unsupported audit', async () => {
    const ids: string[] = [];
    for (const kind of ['workflow', 'watch', 'team_task'] as const) ids.push((await enqueueJob(gateway!.ctx.db, { kind, payload: {}, maxAttempts: 3 })).id);
    gateway!.workers.notify();
    for (const [index, id] of ids.entries()) {
      const job = await waitFor(`job ${id}`, async () => {
        const current = await getJob(gateway!.ctx.db, id);
        return current?.status === 'failed' ? current : undefined;
      }, 30_000);
      expect(job.lastError).toContain(`Jobs of kind "${['workflow', 'watch', 'team_task'][index]}" have no execution engine`);
      expect(job.attempts).toBe(1);
    }
    const audits = await listAudit(gateway!.ctx.db, { type: AuditType.JobUnsupported });
    expect(ids.every((id) => audits.some((a) => a.subject === id))).toBe(true);
  });
});

describe('the execution timeout (a gateway of its own with OPENCODE_EXECUTION_TIMEOUT_MS=8000, memory store)', { timeout: 300_000 }, () => {
  let timed: RunningGateway | undefined;
  beforeAll(async () => {
    const env = gatewayEnv({ STORE: 'memory', DATA_DIR: `${dir.path}/timed`, PORT: '0', ADMIN_TOKEN: ADMIN, WEBHOOK_SHARED_SECRET: SECRET, OPENCODE_EXECUTION_TIMEOUT_MS: '8000' });
    writeRuntimeConfig(`${dir.path}/timed`, model.url);
    timed = await startGateway({ config: loadGatewayConfig({ env, cwd: dir.path }), env, log: silentLogger, cwd: dir.path });
    await upsertIdentity(timed.ctx.db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'alice' }, 'member');
  });
  afterAll(async () => {
    await timed?.close();
  });

  it('a prompt that outlives the execution timeout is aborted, recorded and not retried', async () => {
    const answer = await sendSignedMessage(timed!.url, 'webhook', SECRET, { id: 'msg-stall', userId: 'alice', chatId: 'chat-stall', text: 'never finish' });
    expect(answer.status).toBe(202);
    const { jobId, sessionId } = answer.body as { jobId: string; sessionId: string };
    const job = await waitFor('the timed-out job', async () => {
      const current = await getJob(timed!.ctx.db, jobId);
      return current?.status === 'failed' ? current : undefined;
    }, 90_000);
    expect(job.lastError).toBe('The prompt ran longer than 8000 ms and was aborted.');
    expect(job.attempts).toBe(1);
    expect((await listEvents(timed!.ctx.db, sessionId, { jobId })).map((e) => e.type)).toContain('prompt.timeout');
    expect((await listAudit(timed!.ctx.db, { type: AuditType.PromptTimedOut })).some((a) => a.subject === jobId)).toBe(true);
  });

});

describe('the HTTP surface', () => {
  it('/health is anonymous and says nothing more; /ready gives details only to the admin', async () => {
    const health = await fetch(`${gateway!.url}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const anonymous = (await (await fetch(`${gateway!.url}/ready`)).json()) as Record<string, unknown>;
    expect(Object.keys(anonymous)).toEqual(['ready']);
    const admin = (await (await fetch(`${gateway!.url}/ready`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { checks: { code: string; evidence: Record<string, unknown> }[] };
    expect(admin.checks.map((c) => c.code)).toContain('GATEWAY_STORE_READY');
    for (const check of admin.checks) for (const value of Object.values(check.evidence)) expect(typeof value).toBe('boolean');
  });

  it('/metrics needs the admin token — from loopback too — and serves Prometheus text', async () => {
    const none = await fetch(`${gateway!.url}/metrics`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'GATEWAY_UNAUTHORIZED' } });
    const ok = await fetch(`${gateway!.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).toMatch(/^open_cowork_gateway_jobs\{status="completed"\} \d+/m);
    expect(text).toMatch(/open_cowork_gateway_webhook_requests_total\{outcome="accepted"\} \d+/);
    expect(text).toContain('open_cowork_gateway_leader 1');
  });

  it('a source that keeps failing gets 429, yet the valid admin token from it still works', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await fetch(`${gateway!.url}/metrics`, { headers: { authorization: `Bearer ${token()}` } })).status);
    expect(statuses).toContain(429);
    expect((await fetch(`${gateway!.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
  });

  it('refuses bodies over 1 MiB with 413, and answers unknown routes with JSON errors', async () => {
    const big = JSON.stringify({ id: 'big', userId: 'alice', chatId: 'c', text: 'x'.repeat(1024 * 1024) });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(`${gateway!.url}/webhooks/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', [HEADER_TIMESTAMP]: timestamp, [HEADER_SIGNATURE]: signInbound(SECRET, timestamp, big) }, body: big });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'GATEWAY_PAYLOAD_TOO_LARGE' } });
    const missing = await fetch(`${gateway!.url}/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'GATEWAY_NOT_FOUND' } });
    const unknownProvider = await send({ id: 'x', userId: 'alice', chatId: 'c', text: 'x' }).then(() => fetch(`${gateway!.url}/webhooks/slack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    expect(unknownProvider.status).toBe(404);
  });
});
