// The Telegram channel end to end: the real runtime, the scripted model, PostgreSQL and a fake
// Bot API on loopback. Updates are stored before they are confirmed, failures never lose one,
// Bot API errors are waited out, replies arrive once per chunk, and polling follows the lease.
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../src/daemon/gateway.js';
import { listJobs } from '../src/queue/jobs.js';
import { openPostgres } from '../src/store/postgres.js';
import type { Db } from '../src/store/db.js';
import { upsertIdentity } from '../src/store/identities.js';
import { DAEMON_LEASE, readLease } from '../src/store/leases.js';
import { listEvents } from '../src/store/sessions.js';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from './support/fake-telegram.js';
import { tempDir, token, waitFor } from './support/harness.js';
import { newPostgresDatabase } from './support/stores.js';
import { recordingLogger, startTelegramGateway, type RecordingLogger } from './support/telegram-gateway.js';

const ADMIN = token();
const ALICE = 501;
const BOB = 502;
const HUGE = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: ${'word '.repeat(60).trim()}.`).join('\n\n');
const MARKDOWN = 'Here is **bold** and `inline code`, see [the docs](https://example.com/docs).\n\n```sh\necho hi\n```';

let model: ScriptedModel;
let fake: FakeTelegram;
let gateway: RunningGateway | undefined;
let standby: RunningGateway | undefined;
let databaseUrl: string;
let db: Db;
let log: RecordingLogger;
let releaseSlow: () => void = () => undefined;
const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
const dir = tempDir('gateway-telegram-');

const repliesTo = (chatId: number, messageId: number): SentMessage[] => fake.sent.filter((m) => m.chatId === String(chatId) && m.replyTo === messageId);
const messagesIn = (chatId: number): SentMessage[] => fake.sent.filter((m) => m.chatId === String(chatId));

/** Arms a PostgreSQL trigger that makes the next `times` matching inserts fail, like a store outage. */
async function failInserts(name: string, table: string, condition: string, times: number): Promise<void> {
  await db.exec(`
    create sequence if not exists test_${name};
    create or replace function test_${name}() returns trigger language plpgsql as $$
    begin
      if nextval('test_${name}') <= ${times} then raise exception 'injected failure (${name})'; end if;
      return new;
    end $$;
    drop trigger if exists test_${name} on ${table};
    create trigger test_${name} before insert on ${table} for each row when (${condition}) execute function test_${name}();`);
}

beforeAll(async () => {
  model = await startScriptedModel({
    rules: [
      { name: 'markdown', match: { lastUser: 'format please' }, reply: { text: MARKDOWN } },
      { name: 'huge', match: { lastUser: 'a huge answer' }, reply: { text: HUGE } },
      { name: 'slow', match: { lastUser: 'take your time' }, reply: async () => (await slow, { text: 'Finally done.' }) },
      { name: 'echo', match: {}, reply: (c) => ({ text: `You said: ${c.lastUserText}` }) },
    ],
  });
  fake = await startFakeTelegram();
  databaseUrl = await newPostgresDatabase();
  db = await openPostgres({ url: databaseUrl, tls: { enabled: false, rejectUnauthorized: true }, poolMax: 4 });
  log = recordingLogger();
  gateway = await startTelegramGateway({
    dataDir: `${dir.path}/a`,
    cwd: dir.path,
    modelUrl: model.url,
    apiRoot: fake.apiRoot('r1'),
    log,
    variables: { DATABASE_URL: databaseUrl, ADMIN_TOKEN: ADMIN, LEADER_LEASE_SECONDS: '3', WORKER_CONCURRENCY: '4' },
  });
  await upsertIdentity(db, { provider: 'telegram', providerWorkspaceId: '', externalUserId: String(ALICE) }, 'member');
  await upsertIdentity(db, { provider: 'telegram', providerWorkspaceId: '', externalUserId: String(BOB) }, 'member');
});

afterAll(async () => {
  releaseSlow();
  await standby?.close();
  await gateway?.close();
  await db?.close();
  await fake?.close();
  await model?.close();
  dir.remove();
});

describe('Telegram in polling mode (real runtime, scripted model, PostgreSQL, fake Bot API)', { timeout: 300_000 }, () => {
  it('answers a message in the same chat, as a reply, with Markdown as entities, showing "typing…" meanwhile; the update is confirmed only once stored', async () => {
    const { updateId, messageId } = fake.pushMessage({ chatId: ALICE, userId: ALICE, text: 'format please' });
    const [reply] = await fake.waitFor('the reply', () => (repliesTo(ALICE, messageId).length > 0 ? repliesTo(ALICE, messageId) : undefined), 240_000);
    expect(reply!.text).toBe('Here is bold and inline code, see the docs.\n\necho hi');
    expect(reply!.entities).toEqual([
      { type: 'bold', offset: 8, length: 4 },
      { type: 'code', offset: 17, length: 11 },
      { type: 'text_link', url: 'https://example.com/docs', offset: 34, length: 8 },
      { type: 'pre', language: 'sh', offset: 45, length: 7 },
    ]);
    expect(fake.chatActions).toContainEqual({ chatId: String(ALICE), action: 'typing' });
    // Only what the gateway uses is asked for.
    const polls = fake.calls.filter((c) => c.method === 'getUpdates' && c.outcome === 'ok');
    expect(polls.every((c) => JSON.stringify(c.params['allowed_updates']) === '["message","callback_query"]')).toBe(true);
    // The next poll carries an offset past the stored update (the confirmation).
    await fake.waitFor('the confirming offset', () => (polls.length > 0 && fake.calls.some((c) => c.method === 'getUpdates' && (c.params['offset'] as number) > updateId) ? true : undefined), 30_000);
    const [inbound] = (await listJobs(db, { kind: 'inbound', limit: 10 })).filter((j) => j.payload['updateId'] === updateId);
    expect(inbound?.status).toBe('completed');
    const sessionId = (inbound!.result as { sessionId: string }).sessionId;
    const events = await waitFor('the delivery event', async () => {
      const types = (await listEvents(db, sessionId)).map((e) => e.type);
      return types.includes('delivery.sent') ? types : undefined;
    }, 30_000);
    expect(events).toEqual(['message.received', 'prompt.started', 'assistant.text', 'prompt.completed', 'delivery.sent']);
  });

  it('splits a long answer at 4,096 characters on paragraph boundaries, in order, in the same forum topic', async () => {
    const { messageId } = fake.pushMessage({ chatId: -1001, chatType: 'supergroup', threadId: 77, userId: BOB, text: 'a huge answer' });
    const parts = await fake.waitFor('every chunk', () => {
      const all = messagesIn(-1001);
      return all.length > 0 && all.map((m) => m.text).join('\n\n') === HUGE ? all : undefined;
    }, 240_000);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((m) => m.text.length <= 4096 && m.threadId === 77)).toBe(true);
    expect(parts[0]!.replyTo).toBe(messageId);
    expect(parts.every((m) => /^Paragraph \d+:/.test(m.text) && m.text.endsWith('.'))).toBe(true);
  });

  it('an update that cannot be stored is not confirmed: it is fetched again and answered once', async () => {
    await failInserts('ledger', 'gateway_webhook_ledger', "new.provider = 'telegram'", 2);
    const { updateId, messageId } = fake.pushMessage({ chatId: ALICE, userId: ALICE, text: 'stored on the third try' });
    await fake.waitFor('the reply', () => (repliesTo(ALICE, messageId).length > 0 ? true : undefined), 240_000);
    expect(repliesTo(ALICE, messageId).map((m) => m.text)).toEqual(['You said: stored on the third try']);
    expect(log.find('telegram.update.store_failed').filter((l) => l['updateId'] === updateId)).toHaveLength(2);
    const deliveredTimes = fake.calls.filter((c) => c.method === 'getUpdates' && c.outcome === 'ok' && (c.params['offset'] === undefined || (c.params['offset'] as number) <= updateId)).length;
    expect(deliveredTimes).toBeGreaterThanOrEqual(3);
    await db.exec('drop trigger test_ledger on gateway_webhook_ledger');
  });

  it('an inbound job that fails is retried from the queue, and the message is answered once', async () => {
    await failInserts('prompt', 'gateway_jobs', "new.kind = 'prompt'", 1);
    const { updateId, messageId } = fake.pushMessage({ chatId: ALICE, userId: ALICE, text: 'the job failed once' });
    await fake.waitFor('the reply', () => (repliesTo(ALICE, messageId).length > 0 ? true : undefined), 240_000);
    const [inbound] = (await listJobs(db, { kind: 'inbound', limit: 50 })).filter((j) => j.payload['updateId'] === updateId);
    expect(inbound).toMatchObject({ status: 'completed', attempts: 2 });
    expect(repliesTo(ALICE, messageId).map((m) => m.text)).toEqual(['You said: the job failed once']);
    await db.exec('drop trigger test_prompt on gateway_jobs');
  });

  it('waits out 429 (retry_after), 5xx and network loss on getUpdates with backoff, and loses no update', async () => {
    const before = log.find('telegram.poll.backoff').length;
    fake.fail('getUpdates', 1, { status: 429, retryAfter: 2 });
    fake.fail('getUpdates', 2, { status: 502 });
    fake.fail('getUpdates', 2, 'drop');
    await fake.waitFor('the faults to play out', () => (fake.calls.filter((c) => c.method === 'getUpdates' && c.outcome === 'dropped').length === 2 ? true : undefined), 120_000);
    const { messageId } = fake.pushMessage({ chatId: BOB, userId: BOB, text: 'after the storm' });
    await fake.waitFor('the reply', () => (repliesTo(BOB, messageId).length > 0 ? true : undefined), 240_000);
    const backoffs = log.find('telegram.poll.backoff').slice(before);
    expect(backoffs.map((l) => l['status'])).toEqual([429, 502, 502, null, null]);
    // 429: at least Telegram's retry_after; 5xx and network loss: doubling.
    expect(backoffs[0]).toMatchObject({ retryAfterMs: 2000 });
    expect(backoffs[0]!['delayMs'] as number).toBeGreaterThanOrEqual(2000);
    for (let i = 2; i < backoffs.length; i += 1) expect(backoffs[i]!['delayMs']).toBe(2 * (backoffs[i - 1]!['delayMs'] as number));
    const calls = fake.calls.filter((c) => c.method === 'getUpdates');
    const limited = calls.findIndex((c) => c.status === 429);
    expect(calls[limited + 1]!.at - calls[limited]!.at).toBeGreaterThanOrEqual(1990);
    expect(repliesTo(BOB, messageId)).toHaveLength(1);
  });

  it('a send refused with 429 or 502 mid-reply resumes after the last acknowledged chunk: no chunk twice', async () => {
    // The first chunk goes through; the second is refused with 429 (retry_after 1 s), then 502.
    fake.fail('sendMessage', 1, { status: 429, retryAfter: 1 }, { skip: 1 });
    fake.fail('sendMessage', 1, { status: 502 });
    const { messageId } = fake.pushMessage({ chatId: -1002, userId: ALICE, text: 'a huge answer' });
    const parts = await fake.waitFor('every chunk', () => {
      const all = messagesIn(-1002);
      return all.length > 0 && all.map((m) => m.text).join('\n\n') === HUGE ? all : undefined;
    }, 240_000);
    expect(parts[0]!.replyTo).toBe(messageId);
    expect(new Set(parts.map((m) => m.text)).size).toBe(parts.length);
    const delivery = (await listJobs(db, { kind: 'delivery', limit: 20 })).find((j) => j.payload['chatId'] === '-1002');
    await waitFor('the delivery job', async () => ((await listJobs(db, { kind: 'delivery', status: 'completed', limit: 20 })).some((j) => j.id === delivery!.id) ? true : undefined), 30_000);
    const failed = await db.query(`select data from gateway_audit where type = 'standalone.reply.failed' and subject = $1 order by seq`, [delivery!.payload['deliveryId']]);
    expect(failed.map((row) => [(row['data'] as Record<string, unknown>)['httpStatus'], (row['data'] as Record<string, unknown>)['chunk']])).toEqual([
      [429, 2],
      [502, 2],
    ]);
    expect((failed[0]!['data'] as Record<string, unknown>)['retryInMs']).toBeGreaterThanOrEqual(1000);
    const acks = await db.query('select chunk from gateway_delivery_acks where job_id = $1 order by chunk', [delivery!.id]);
    expect(acks.map((row) => Number(row['chunk']))).toEqual(parts.map((_, i) => i + 1));
  });

  it('one slow answer never blocks other chats', async () => {
    const stuck = fake.pushMessage({ chatId: 9001, userId: ALICE, text: 'take your time' });
    await model.waitForRequest((r) => r.lastUserText.includes('take your time'), 120_000);
    const quick = fake.pushMessage({ chatId: 9002, userId: BOB, text: 'quick one' });
    await fake.waitFor('the quick reply', () => (repliesTo(9002, quick.messageId).length > 0 ? true : undefined), 240_000);
    expect(repliesTo(9001, stuck.messageId)).toHaveLength(0);
    releaseSlow();
    await fake.waitFor('the slow reply', () => (repliesTo(9001, stuck.messageId).length > 0 ? true : undefined), 240_000);
    expect(repliesTo(9001, stuck.messageId).map((m) => m.text)).toEqual(['Finally done.']);
  });
});

describe('lease loss (two replicas on one PostgreSQL)', { timeout: 300_000 }, () => {
  it('polling stops in the replica that lost the lease and starts in the one that took it', async () => {
    standby = await startTelegramGateway({
      dataDir: `${dir.path}/b`,
      cwd: dir.path,
      modelUrl: model.url,
      apiRoot: fake.apiRoot('r2'),
      log: recordingLogger(),
      variables: { DATABASE_URL: databaseUrl, ADMIN_TOKEN: ADMIN, LEADER_LEASE_SECONDS: '3' },
    });
    expect(gateway!.telegramState.polling).toBe(true);
    expect(standby.telegramState.polling).toBe(false);
    // The leader's renewals stop reaching the store in time: its lease runs out and the standby takes it.
    await db.query(`update gateway_leases set owner = $1, expires_at = now() + interval '30 seconds' where name = $2`, [standby.owner, DAEMON_LEASE]);
    await waitFor('polling to move', () => (!gateway!.telegramState.polling && standby!.telegramState.polling ? true : undefined), 60_000, 100);
    expect((await readLease(db, DAEMON_LEASE))?.owner).toBe(standby.owner);
    const stoppedAt = Date.now();
    const { messageId } = fake.pushMessage({ chatId: ALICE, userId: ALICE, text: 'who polls now' });
    await fake.waitFor('the reply', () => (repliesTo(ALICE, messageId).length > 0 ? true : undefined), 240_000);
    expect(repliesTo(ALICE, messageId)).toHaveLength(1);
    const afterwards = fake.calls.filter((c) => c.method === 'getUpdates' && c.at > stoppedAt);
    expect(afterwards.length).toBeGreaterThan(0);
    expect(afterwards.every((c) => c.replica === 'r2')).toBe(true);
  });
});
