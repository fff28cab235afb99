// Telegram in webhook mode: the leader registers the webhook with the secret token and only the
// update types used; POST /telegram/webhook accepts an update only with the right secret header,
// answers 200 only once it is stored (503 otherwise, so Telegram sends it again), and a
// redelivered update is answered once. Embedded store, real runtime, fake Bot API.
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../src/daemon/gateway.js';
import { startFakeTelegram, type FakeTelegram } from './support/fake-telegram.js';
import { tempDir, token } from './support/harness.js';
import { recordingLogger, startTelegramGateway } from './support/telegram-gateway.js';
import { upsertIdentity } from '../src/store/identities.js';

const SECRET = token();
const USER = 901;

let model: ScriptedModel;
let fake: FakeTelegram;
let gateway: RunningGateway | undefined;
const dir = tempDir('gateway-telegram-webhook-');
let nextUpdate = 5000;

function update(text: string, updateId = nextUpdate++): { update_id: number; message: Record<string, unknown> } {
  return {
    update_id: updateId,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: USER, type: 'private', first_name: 'U' }, from: { id: USER, is_bot: false, first_name: 'U' }, text },
  };
}

const post = (body: unknown, secret?: string): Promise<Response> =>
  fetch(`${gateway!.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  model = await startScriptedModel({ rules: [{ name: 'echo', match: {}, reply: (c) => ({ text: `Webhook heard: ${c.lastUserText}` }) }] });
  fake = await startFakeTelegram();
  gateway = await startTelegramGateway({
    dataDir: `${dir.path}/data`,
    cwd: dir.path,
    modelUrl: model.url,
    apiRoot: fake.apiRoot(),
    log: recordingLogger(),
    variables: { STORE: 'memory', ADMIN_TOKEN: token(), TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_PUBLIC_URL: 'https://gateway.example.test/base' },
  });
  await upsertIdentity(gateway.ctx.db, { provider: 'telegram', providerWorkspaceId: '', externalUserId: String(USER) }, 'member');
});

afterAll(async () => {
  await gateway?.close();
  await fake?.close();
  await model?.close();
  dir.remove();
});

describe('Telegram in webhook mode', { timeout: 300_000 }, () => {
  it('the leader registers the webhook with the secret token and only the update types used; nobody polls', async () => {
    const webhook = await fake.waitFor('setWebhook', () => fake.webhook, 60_000);
    expect(webhook).toEqual({ url: 'https://gateway.example.test/base/telegram/webhook', secretToken: SECRET, allowedUpdates: ['message', 'callback_query'] });
    expect(fake.calls.some((c) => c.method === 'getUpdates')).toBe(false);
  });

  it('refuses a missing or wrong secret header; a stored update is answered once, even when Telegram sends it twice', async () => {
    const first = update('hello over the webhook');
    expect((await post(first)).status).toBe(401);
    const wrong = await post(first, `${SECRET.slice(0, -1)}x`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'GATEWAY_UNAUTHORIZED' } });
    expect((await post({ not: 'an update' }, SECRET)).status).toBe(400);
    expect((await post(first, SECRET)).status).toBe(200);
    expect((await post(first, SECRET)).status).toBe(200);
    const reply = await fake.waitFor('the reply', () => fake.sent.find((m) => m.replyTo === first.update_id), 240_000);
    expect(reply.text).toBe('Webhook heard: hello over the webhook');
    const later = update('second message');
    expect((await post(later, SECRET)).status).toBe(200);
    await fake.waitFor('the second reply', () => fake.sent.find((m) => m.replyTo === later.update_id), 240_000);
    expect(fake.sent.filter((m) => m.replyTo === first.update_id)).toHaveLength(1);
  });

  it('answers 503 while the update cannot be stored, so Telegram retries it; nothing is lost', async () => {
    await gateway!.ctx.db.exec(`
      create sequence test_webhook_store;
      create function test_webhook_store() returns trigger language plpgsql as $$
      begin
        if nextval('test_webhook_store') <= 1 then raise exception 'injected store failure'; end if;
        return new;
      end $$;
      create trigger test_webhook_store before insert on gateway_webhook_ledger for each row execute function test_webhook_store();`);
    const body = update('stored on the retry');
    expect((await post(body, SECRET)).status).toBe(503);
    expect((await post(body, SECRET)).status).toBe(200);
    const reply = await fake.waitFor('the reply', () => fake.sent.find((m) => m.replyTo === body.update_id), 240_000);
    expect(reply.text).toBe('Webhook heard: stored on the retry');
  });
});
