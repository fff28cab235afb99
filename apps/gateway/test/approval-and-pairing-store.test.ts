// Approvals and pairing codes in the store, on PostgreSQL and the embedded store: one answer
// per request whatever races it, who may answer, question answers, pairing limits and expiry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../src/config/load.js';
import { GatewayMetrics } from '../src/http/metrics.js';
import { createApproval, expireApproval, getApproval, markApplied, newApprovalId, recordAnswer, type QuestionAsk } from '../src/store/approvals.js';
import { toNumber, type Db } from '../src/store/db.js';
import { upsertIdentity } from '../src/store/identities.js';
import { expirePairings, MAX_PENDING_PER_CHANNEL, newPairingCode, offerPairing, PAIRING_ALPHABET, PAIRING_CODE_LENGTH } from '../src/store/pairings.js';
import { answerApproval, type AnswerInput } from '../src/work/answer-approval.js';
import type { GatewayContext } from '../src/work/context.js';
import { ENGINES, openTestStore, type EngineName, type TestStore } from './support/stores.js';

const P = 'OPEN_COWORK_STANDALONE_GATEWAY_';

function contextWith(prompterCanApprove: boolean): GatewayContext {
  const config = loadGatewayConfig({ env: { [P + 'PROMPTER_CAN_APPROVE']: String(prompterCanApprove) }, cwd: '/', homeDir: '/home/nobody' });
  return { config, metrics: new GatewayMetrics() } as unknown as GatewayContext;
}

const QUESTION: QuestionAsk = {
  questions: [
    { question: 'Which colour?', header: 'Colour', options: [{ label: 'Red', description: '' }, { label: 'Blue', description: '' }] },
    { question: 'Which size?', header: 'Size', options: [{ label: 'S', description: '' }, { label: 'L', description: '' }] },
  ],
};

async function approval(db: Db, kind: 'permission' | 'question', timeoutMs = 60_000): Promise<string> {
  const id = newApprovalId();
  await createApproval(db, {
    id,
    kind,
    jobId: 'job-1',
    sessionId: 'session-1',
    provider: 'telegram',
    workspaceId: '',
    chatId: '42',
    threadId: '',
    prompterUserId: 'prompter',
    requestId: `req-${id}`,
    request: kind === 'permission' ? { permission: 'bash', patterns: ['echo hi'] } : QUESTION,
    timeoutMs,
  });
  return id;
}

describe.each(ENGINES)('approvals and pairing codes on %s', (engine: EngineName) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine);
    for (const [user, role] of [['prompter', 'member'], ['approver', 'approver'], ['other', 'member'], ['owner', 'owner']] as const) {
      await upsertIdentity(store.db, { provider: 'telegram', providerWorkspaceId: '', externalUserId: user }, role);
    }
  });
  afterAll(async () => {
    await store?.close();
  });

  const answer = (ctx: GatewayContext, input: Omit<AnswerInput, 'provider' | 'workspaceId' | 'displayName'>) =>
    store.db.transaction((tx) => answerApproval(tx, ctx, { provider: 'telegram', workspaceId: '', displayName: input.userId, ...input }));

  it('one answer wins; a later answer, an expiry and a second apply change nothing', async () => {
    const db = store.db;
    const id = await approval(db, 'permission');
    expect(await recordAnswer(db, id, { reply: 'once' }, 'approver')).toMatchObject({ status: 'answered' });
    expect(await recordAnswer(db, id, { reply: 'reject' }, 'owner')).toBeUndefined();
    expect(await expireApproval(db, id)).toBe(false);
    expect(await markApplied(db, id)).toBe(true);
    expect(await markApplied(db, id)).toBe(false);
    expect(await getApproval(db, id)).toMatchObject({ answer: { reply: 'once' }, answeredBy: 'approver' });
  });

  it('concurrent answers from two people: exactly one is recorded', async () => {
    const id = await approval(store.db, 'permission');
    const ctx = contextWith(false);
    const outcomes = await Promise.all([answer(ctx, { approvalId: id, userId: 'approver', actionId: 'once' }), answer(ctx, { approvalId: id, userId: 'owner', actionId: 'reject' })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['answered', 'closed']);
  });

  it('a request past its time cannot be answered, only expired', async () => {
    const db = store.db;
    const id = await approval(db, 'permission', 1);
    await db.query(`update gateway_approvals set expires_at = now() - interval '1 second' where id = $1`, [id]);
    expect((await getApproval(db, id))?.due).toBe(true);
    expect(await answer(contextWith(false), { approvalId: id, userId: 'approver', actionId: 'once' })).toEqual({ status: 'closed', approvalStatus: 'expired' });
    expect(await expireApproval(db, id)).toBe(true);
    expect(await expireApproval(db, id)).toBe(false);
  });

  it('the prompter may answer only with PROMPTER_CAN_APPROVE; other members never; approvers always', async () => {
    const id = await approval(store.db, 'permission');
    expect(await answer(contextWith(false), { approvalId: id, userId: 'prompter', actionId: 'once' })).toEqual({ status: 'refused', reason: 'role_member' });
    expect(await answer(contextWith(true), { approvalId: id, userId: 'other', actionId: 'once' })).toEqual({ status: 'refused', reason: 'role_member' });
    expect(await answer(contextWith(true), { approvalId: id, userId: 'nobody', actionId: 'once' })).toEqual({ status: 'refused', reason: 'unknown_identity' });
    const other = await approval(store.db, 'permission');
    expect(await store.db.transaction((tx) => answerApproval(tx, contextWith(true), { approvalId: other, provider: 'telegram', workspaceId: 'W1', userId: 'approver', displayName: 'a', actionId: 'once' }))).toEqual({ status: 'refused', reason: 'other_workspace' });
    expect((await answer(contextWith(true), { approvalId: id, userId: 'prompter', actionId: 'always' })).status).toBe('answered');
    expect((await answer(contextWith(false), { approvalId: other, userId: 'approver', actionId: 'nonsense' })).status).toBe('invalid');
  });

  it('a question is answered option by option; each question once', async () => {
    const id = await approval(store.db, 'question');
    const ctx = contextWith(false);
    expect(await answer(ctx, { approvalId: id, userId: 'approver', actionId: 'q0.1' })).toMatchObject({ status: 'recorded', remaining: 1 });
    expect(await answer(ctx, { approvalId: id, userId: 'owner', actionId: 'q0.0' })).toMatchObject({ status: 'closed' });
    expect(await answer(ctx, { approvalId: id, userId: 'owner', actionId: 'q1.1' })).toMatchObject({ status: 'answered', answer: { answers: [['Blue'], ['L']] } });
    const dismissed = await approval(store.db, 'question');
    expect(await answer(ctx, { approvalId: dismissed, userId: 'approver', actionId: 'dismiss' })).toMatchObject({ status: 'answered', answer: { dismissed: true } });
  });

  it('pairing codes: 8 unambiguous characters, one answer per sender per hour, at most 3 pending per channel, expiry after the hour', async () => {
    const db = store.db;
    for (let i = 0; i < 200; i += 1) {
      const code = newPairingCode();
      expect(code).toHaveLength(PAIRING_CODE_LENGTH);
      expect([...code].every((c) => PAIRING_ALPHABET.includes(c))).toBe(true);
    }
    expect(PAIRING_ALPHABET).not.toMatch(/[01OIL]/);
    const sender = (user: string) => ({ provider: 'pairtest', workspaceId: '', userId: user, chatId: user, threadId: '', displayName: null });
    const offers = [];
    for (const user of ['u1', 'u1', 'u2', 'u3', 'u4']) offers.push(await db.transaction((tx) => offerPairing(tx, sender(user))));
    expect(offers.map((o) => (o.issued ? 'issued' : o.reason))).toEqual(['issued', 'recently_answered', 'issued', 'issued', 'too_many_pending']);
    expect(MAX_PENDING_PER_CHANNEL).toBe(3);
    // An hour later: the codes expire, and their senders may be answered again.
    await db.query(`update gateway_pairings set expires_at = now() - interval '1 second', created_at = now() - interval '61 minutes' where provider = 'pairtest'`);
    expect((await expirePairings(db)).map((p) => p.externalUserId).sort()).toEqual(['u1', 'u2', 'u3']);
    const again = await db.transaction((tx) => offerPairing(tx, sender('u1')));
    expect(again.issued).toBe(true);
    const [row] = await db.query(`select count(*) as n from gateway_pairings where provider = 'pairtest' and status = 'pending'`);
    expect(toNumber(row?.['n'])).toBe(1);
  });
});
