// Permission requests answered from the chat — Telegram buttons and signed webhook actions —
// with the real runtime and the scripted model's bash tool call, and pairing of unknown senders.
// Who may answer, exactly-once answers, expiry, and nothing from an unpaired sender reaching
// OpenCode.
import { randomUUID } from 'node:crypto';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGatewayCli } from '../src/cli/main.js';
import { PREFIX } from '../src/config/variables.js';
import type { RunningGateway } from '../src/daemon/gateway.js';
import { listJobs } from '../src/queue/jobs.js';
import { listApprovals } from '../src/store/approvals.js';
import { AuditType, listAudit } from '../src/store/audit.js';
import type { Db } from '../src/store/db.js';
import { findIdentity, upsertIdentity } from '../src/store/identities.js';
import { PAIRING_ALPHABET } from '../src/store/pairings.js';
import { openPostgres } from '../src/store/postgres.js';
import { sendSignedMessage } from '../src/webhook/client.js';
import { startDeliveryPeer, type DeliveryPeer } from '../src/webhook/peer.js';
import { HEADER_SIGNATURE, HEADER_TIMESTAMP, signInbound } from '../src/webhook/signing.js';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from './support/fake-telegram.js';
import { tempDir, token, waitFor } from './support/harness.js';
import { newPostgresDatabase } from './support/stores.js';
import { recordingLogger, startTelegramGateway } from './support/telegram-gateway.js';

const ADMIN = token();
const SECRET = token();
const PROMPTER = 601;
const APPROVER = 602;
const OTHER_MEMBER = 603;
const VIEWER = 604;
const ADMIN_USER = 605;

let model: ScriptedModel;
let fake: FakeTelegram;
let peer: DeliveryPeer;
let gateway: RunningGateway | undefined;
let databaseUrl: string;
let db: Db;
const dir = tempDir('gateway-approvals-');

const inChat = (chatId: number): SentMessage[] => fake.sent.filter((m) => m.chatId === String(chatId));
const waitForSent = (what: string, chatId: number, predicate: (m: SentMessage) => boolean): Promise<SentMessage> =>
  fake.waitFor(what, () => inChat(chatId).find(predicate), 240_000);

async function press(userId: number, message: SentMessage, label: string): Promise<string> {
  const button = message.buttons.find((b) => b.text === label);
  if (button === undefined) throw new Error(`No button "${label}" on message ${message.messageId}.`);
  const before = fake.callbackAnswers.length;
  fake.pushCallback({ userId, username: `user${userId}`, message, data: button.callback_data });
  const answer = await fake.waitFor(`the answer to ${userId}'s press`, () => fake.callbackAnswers[before], 60_000);
  return answer.text;
}

async function postAction(body: Record<string, unknown>, secret = SECRET): Promise<{ status: number; body: { error?: { code: string }; status?: string } }> {
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${gateway!.url}/webhooks/webhook/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [HEADER_TIMESTAMP]: timestamp, [HEADER_SIGNATURE]: signInbound(secret, timestamp, text) },
    body: text,
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: string }; status?: string } };
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const env = { [PREFIX + 'DATABASE_URL']: databaseUrl, [PREFIX + 'DATA_DIR']: `${dir.path}/cli`, [PREFIX + 'TELEGRAM_BOT_TOKEN']: '123456789:AAFakeTokenForTestsOnly_abcdefghijklmnop', [PREFIX + 'TELEGRAM_API_ROOT']: fake.apiRoot() };
  const code = await runGatewayCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: dir.path });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  model = await startScriptedModel({
    rules: [
      { name: 'bash', match: { lastUser: /run the tool/, hasToolResults: false }, reply: { toolCalls: [{ name: 'bash', arguments: { command: 'echo tool-ran-ok', description: 'Print a word' } }] } },
      { name: 'after-bash', match: { lastUser: /run the tool/, hasToolResults: true }, reply: (c) => ({ text: `Tool result: ${c.toolResults.map((r) => r.content.trim()).join(' | ')}` }) },
      { name: 'echo', match: {}, reply: (c) => ({ text: `You said: ${c.lastUserText}` }) },
    ],
  });
  fake = await startFakeTelegram();
  peer = await startDeliveryPeer(SECRET);
  databaseUrl = await newPostgresDatabase();
  db = await openPostgres({ url: databaseUrl, tls: { enabled: false, rejectUnauthorized: true }, poolMax: 4 });
  gateway = await startTelegramGateway({
    dataDir: `${dir.path}/data`,
    cwd: dir.path,
    modelUrl: model.url,
    apiRoot: fake.apiRoot(),
    log: recordingLogger(),
    variables: {
      DATABASE_URL: databaseUrl,
      ADMIN_TOKEN: ADMIN,
      WEBHOOK_SHARED_SECRET: SECRET,
      WEBHOOK_DELIVERY_URL: peer.url,
      PAIRING: 'on',
      PROMPTER_CAN_APPROVE: 'true',
      APPROVAL_TIMEOUT_MS: '15000',
    },
  });
  for (const [user, role] of [[PROMPTER, 'member'], [APPROVER, 'approver'], [OTHER_MEMBER, 'member'], [VIEWER, 'viewer'], [ADMIN_USER, 'admin']] as const) {
    await upsertIdentity(db, { provider: 'telegram', providerWorkspaceId: '', externalUserId: String(user) }, role);
  }
  await upsertIdentity(db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'wuser' }, 'member');
  await upsertIdentity(db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'wapprover' }, 'approver');
});

afterAll(async () => {
  await gateway?.close();
  await db?.close();
  await peer?.close();
  await fake?.close();
  await model?.close();
  dir.remove();
});

describe('approvals from Telegram buttons (real runtime, scripted bash tool call)', { timeout: 300_000 }, () => {
  it('only an approver-capable identity may answer; the first answer is applied once, later presses are refused', async () => {
    const { messageId } = fake.pushMessage({ chatId: PROMPTER, userId: PROMPTER, text: 'run the tool please' });
    const ask = await waitForSent('the approval request', PROMPTER, (m) => m.buttons.length > 0 && m.replyTo === messageId);
    expect(ask.text).toContain('OpenCode asks for permission: bash');
    expect(ask.text).toContain('echo tool-ran-ok');
    expect(ask.buttons.map((b) => b.text)).toEqual(['Allow once', 'Always for this session', 'Deny']);
    expect(ask.buttons.every((b) => Buffer.byteLength(b.callback_data) <= 64)).toBe(true);

    expect(await press(OTHER_MEMBER, ask, 'Allow once')).toBe('You may not answer this request.');
    expect(await press(VIEWER, ask, 'Allow once')).toBe('You may not answer this request.');
    expect(await press(9999, ask, 'Allow once')).toBe('You may not answer this request.');
    expect(await press(APPROVER, ask, 'Allow once')).toBe('Answer recorded.');
    // A double press and a second person: the first answer stands.
    expect(await press(APPROVER, ask, 'Allow once')).toBe('This request is already answered.');
    expect(await press(ADMIN_USER, ask, 'Deny')).toBe('This request is already answered.');

    const reply = await waitForSent('the answer', PROMPTER, (m) => m.text.startsWith('Tool result'));
    expect(reply.text).toContain('tool-ran-ok');
    await waitForSent('the outcome notice', PROMPTER, (m) => m.text === `Allowed once by @user${APPROVER}.`);
    const [approval] = await listApprovals(db, { limit: 1 });
    expect(approval).toMatchObject({ status: 'answered', answeredBy: String(APPROVER), answer: { reply: 'once' } });
    expect(approval!.appliedAt).not.toBeNull();
    const audits = (await listAudit(db, { limit: 200 })).filter((a) => a.subject === approval!.id);
    expect(audits.filter((a) => a.type === AuditType.ApprovalAnswered)).toHaveLength(1);
    expect(audits.filter((a) => a.type === AuditType.ApprovalRefused).map((a) => a.data['reason']).sort()).toEqual(['role_member', 'role_viewer', 'unknown_identity']);
    expect(audits.filter((a) => a.type === AuditType.ApprovalIgnored)).toHaveLength(2);
  });

  it('the prompting member may answer when PROMPTER_CAN_APPROVE is on; Deny keeps the tool from running', async () => {
    const before = inChat(PROMPTER).length;
    fake.pushMessage({ chatId: PROMPTER, userId: PROMPTER, text: 'run the tool again' });
    const ask = await waitForSent('the approval request', PROMPTER, (m) => m.buttons.length > 0 && inChat(PROMPTER).indexOf(m) >= before);
    expect(await press(PROMPTER, ask, 'Deny')).toBe('Answer recorded.');
    const reply = await waitForSent('the answer', PROMPTER, (m) => m.text.startsWith('Tool result') && m.messageId > ask.messageId);
    expect(reply.text).not.toContain('tool-ran-ok');
    const [approval] = await listApprovals(db, { limit: 1 });
    expect(approval).toMatchObject({ status: 'answered', answer: { reply: 'reject' } });
    const answered = (await listAudit(db, { type: AuditType.ApprovalAnswered })).find((a) => a.subject === approval!.id);
    expect(answered?.data).toMatchObject({ asPrompter: true, role: 'member' });
  });

  it('a request nobody answers expires after APPROVAL_TIMEOUT_MS and is denied', async () => {
    fake.pushMessage({ chatId: ADMIN_USER, userId: ADMIN_USER, text: 'run the tool, nobody will answer' });
    const ask = await waitForSent('the approval request', ADMIN_USER, (m) => m.buttons.length > 0);
    await waitForSent('the expiry notice', ADMIN_USER, (m) => m.text === 'No answer in time: denied.');
    const reply = await waitForSent('the answer', ADMIN_USER, (m) => m.text.startsWith('Tool result'));
    expect(reply.text).not.toContain('tool-ran-ok');
    expect(await press(APPROVER, ask, 'Allow once')).toBe('This request is already expired.');
    const [approval] = await listApprovals(db, { limit: 1 });
    expect(approval?.status).toBe('expired');
    expect((await listAudit(db, { type: AuditType.ApprovalExpired })).some((a) => a.subject === approval!.id)).toBe(true);
  });
});

describe('approvals over the signed webhook', { timeout: 300_000 }, () => {
  it('a delivery carries the actions; a signed callback answers once; other users, replays and bad signatures are refused', async () => {
    const sent = await sendSignedMessage(gateway!.url, 'webhook', SECRET, { id: 'wmsg-1', userId: 'wuser', chatId: 'wchat', text: 'run the tool via webhook' });
    expect(sent.status).toBe(202);
    const ask = await waitFor('the approval delivery', () => peer.deliveries.find((d) => d.kind === 'approval'), 240_000);
    const approvalId = ask.approvalId!;
    expect(ask.actions?.map((a) => a.id)).toEqual(['once', 'always', 'reject']);
    expect(ask.inReplyTo).toBe('wmsg-1');

    const stranger = await postAction({ id: randomUUID(), approvalId, action: 'once', userId: 'mallory' });
    expect(stranger).toMatchObject({ status: 403, body: { error: { code: 'GATEWAY_FORBIDDEN' } } });
    const forged = await postAction({ id: randomUUID(), approvalId, action: 'once', userId: 'wapprover' }, token());
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'GATEWAY_SIGNATURE_INVALID' } } });
    const otherWorkspace = await postAction({ id: randomUUID(), approvalId, action: 'once', userId: 'wapprover', workspaceId: 'elsewhere' });
    expect(otherWorkspace.status).toBe(403);

    const id = randomUUID();
    const answer = await postAction({ id, approvalId, action: 'once', userId: 'wuser' });
    expect(answer).toMatchObject({ status: 200, body: { status: 'answered' } });
    const replay = await postAction({ id, approvalId, action: 'once', userId: 'wuser' });
    expect(replay).toMatchObject({ status: 409, body: { error: { code: 'GATEWAY_REPLAYED' } } });
    const late = await postAction({ id: randomUUID(), approvalId, action: 'reject', userId: 'wapprover' });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'GATEWAY_APPROVAL_CLOSED' } } });

    const reply = await peer.waitForReply('wmsg-1', 240_000);
    expect(reply.map((d) => d.text).join('')).toContain('tool-ran-ok');
    const approval = (await listApprovals(db, { limit: 10 })).find((a) => a.id === approvalId);
    expect(approval).toMatchObject({ status: 'answered', answeredBy: 'wuser' });
  });
});

describe('pairing (PAIRING=on)', { timeout: 300_000 }, () => {
  it('an unknown sender gets one code; nothing reaches OpenCode until the operator approves it', async () => {
    const first = fake.pushMessage({ chatId: 700, userId: 700, username: 'newcomer', text: 'secret question from a stranger' });
    const codeMessage = await waitForSent('the pairing code', 700, () => true);
    const code = /pairing code is ([A-Z0-9]{8})/.exec(codeMessage.text)?.[1];
    expect(code).toBeDefined();
    expect([...code!].every((char) => PAIRING_ALPHABET.includes(char))).toBe(true);
    expect(codeMessage.replyTo).toBe(first.messageId);

    // A second message within the hour gets no second answer.
    const second = fake.pushMessage({ chatId: 700, userId: 700, text: 'hello? anyone?' });
    await waitFor('the second inbound job', async () => ((await listJobs(db, { kind: 'inbound', limit: 200 })).find((j) => j.payload['updateId'] === second.updateId && j.status === 'completed') ? true : undefined), 60_000);
    expect(inChat(700)).toHaveLength(1);
    expect(model.requests.some((r) => r.lastUserText.includes('stranger') || r.lastUserText.includes('anyone'))).toBe(false);
    const stored = JSON.stringify(await db.query(`select payload, result from gateway_jobs where kind = 'inbound'`));
    expect(stored).not.toContain('secret question from a stranger');

    const listed = await cli(['pairing', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { pairings: { code: string; externalUserId: string; displayName: string }[] }).pairings).toEqual([expect.objectContaining({ code, externalUserId: '700', displayName: '@newcomer' })]);
    const wrong = await cli(['pairing', 'approve', 'ZZZZZZZZ']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('GATEWAY_PAIRING_NOT_FOUND');
    const approved = await cli(['pairing', 'approve', code!.toLowerCase(), '--role', 'member', '--notify', '--json']);
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ pairing: { status: 'approved', role: 'member' }, identity: { externalUserId: '700', role: 'member' }, notified: true });
    gateway!.workers.notify();
    await waitForSent('the paired notice', 700, (m) => m.text.startsWith('You are paired'));
    expect((await cli(['pairing', 'approve', code!])).code).toBe(1);

    const third = fake.pushMessage({ chatId: 700, userId: 700, text: 'now I may ask' });
    const answer = await waitForSent('the answer', 700, (m) => m.replyTo === third.messageId);
    expect(answer.text).toBe('You said: now I may ask');
    expect(await findIdentity(db, { provider: 'telegram', providerWorkspaceId: '', externalUserId: '700' })).toMatchObject({ role: 'member' });
    const types = (await listAudit(db, { limit: 500 })).map((a) => a.type);
    expect(types).toEqual(expect.arrayContaining([AuditType.PairingRequested, AuditType.PairingSuppressed, AuditType.PairingApproved]));
  });

  it('a channel has at most 3 pending codes', async () => {
    const users = [701, 702, 703, 704];
    for (const user of users) fake.pushMessage({ chatId: user, userId: user, text: 'let me in' });
    // Inbound jobs of different chats run in any order: whichever three come first get the codes.
    const coded = (): number[] => users.filter((user) => inChat(user).some((m) => /pairing code is [A-Z0-9]{8}/.test(m.text)));
    const done = async (): Promise<number[] | undefined> => {
      const jobs = await listJobs(db, { kind: 'inbound', status: 'completed', limit: 500 });
      const handled = users.every((user) => jobs.some((j) => j.payload['userId'] === String(user)));
      return handled && coded().length >= 3 ? coded() : undefined;
    };
    const codes = await waitFor('three codes and the four inbound jobs done', done, 240_000);
    expect(codes).toHaveLength(3);
    const left = users.find((user) => !codes.includes(user))!;
    expect(inChat(left)).toHaveLength(0);
    const suppressed = (await listAudit(db, { type: AuditType.PairingSuppressed, limit: 50 })).find((a) => a.actor === String(left));
    expect(suppressed?.data).toMatchObject({ reason: 'too_many_pending' });
  });
});
