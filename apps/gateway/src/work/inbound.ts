// An inbound job: one Telegram update the bot stored, worked like any job (claimed by lease,
// retried with backoff, in order per chat). A message is admitted (work/admission.ts) and becomes
// a prompt job in the same transaction that completes this one; a refused message keeps no text.
// A button press answers an approval (work/answer-approval.ts); the presser sees the outcome.
import { randomUUID } from 'node:crypto';
import { messageOf } from '../errors.js';
import { completeJob, type Job } from '../queue/jobs.js';
import { AuditType, recordAudit } from '../store/audit.js';
import type { Queryable } from '../store/db.js';
import { decodeCallback } from '../telegram/callback.js';
import { TELEGRAM_PROVIDER, type TelegramInbound } from '../telegram/ingress.js';
import { acceptPrompt, authorizeSender, type Sender } from './admission.js';
import { answerApproval, type AnswerOutcome } from './answer-approval.js';
import type { GatewayContext, JobLease } from './context.js';
import { LeaseLost } from './prompt.js';

async function complete(tx: Queryable, job: Job, lease: JobLease, result: Record<string, unknown>): Promise<void> {
  if (!(await completeJob(tx, job.id, lease.token, result))) throw new LeaseLost('The inbound job lost its lease.');
}

/** Nothing a refused or ignored sender wrote stays in the store. */
async function forgetText(tx: Queryable, job: Job): Promise<void> {
  await tx.query(`update gateway_jobs set payload = payload - 'text' where id = $1`, [job.id]);
}

async function runMessage(ctx: GatewayContext, job: Job, lease: JobLease, inbound: TelegramInbound): Promise<void> {
  const text = inbound.text ?? '';
  const sender: Sender = {
    provider: TELEGRAM_PROVIDER,
    workspaceId: '',
    userId: inbound.userId,
    chatId: inbound.chatId,
    threadId: inbound.threadId,
    messageId: inbound.messageId === null ? '' : String(inbound.messageId),
    displayName: inbound.userName,
    textLength: text.length,
  };
  const stored = await ctx.db.transaction(async (tx) => {
    if (text.trim() === '') {
      await recordAudit(tx, { type: AuditType.InboundIgnored, provider: TELEGRAM_PROVIDER, actor: inbound.userId, data: { reason: 'no_text', chatId: inbound.chatId, updateId: inbound.updateId } });
      await complete(tx, job, lease, { ignored: 'no_text' });
      return false;
    }
    const admission = await authorizeSender(tx, ctx, sender);
    if (!admission.allowed) {
      await forgetText(tx, job);
      await complete(tx, job, lease, { denied: admission.reason, pairing: admission.pairingCode !== undefined });
      return admission.pairingCode !== undefined;
    }
    const accepted = await acceptPrompt(tx, ctx, sender, admission.identity, text, randomUUID());
    await complete(tx, job, lease, { promptJobId: accepted.jobId, sessionId: accepted.sessionId });
    return true;
  });
  if (stored) ctx.onJobStored?.();
}

function toast(outcome: AnswerOutcome | undefined): string {
  switch (outcome?.status) {
    case 'answered':
      return 'Answer recorded.';
    case 'recorded':
      return `Recorded; ${outcome.remaining} more question${outcome.remaining === 1 ? '' : 's'} to answer.`;
    case 'refused':
      return 'You may not answer this request.';
    case 'closed':
      return `This request is already ${outcome.approvalStatus}.`;
    default:
      return 'This button no longer does anything.';
  }
}

async function runCallback(ctx: GatewayContext, job: Job, lease: JobLease, inbound: TelegramInbound): Promise<void> {
  const decoded = decodeCallback(inbound.callbackData ?? '');
  const outcome = await ctx.db.transaction(async (tx) => {
    const answered =
      decoded === undefined
        ? undefined
        : await answerApproval(tx, ctx, { approvalId: decoded.approvalId, provider: TELEGRAM_PROVIDER, workspaceId: '', userId: inbound.userId, displayName: inbound.userName ?? inbound.userId, actionId: decoded.actionId });
    await complete(tx, job, lease, { answer: answered?.status ?? 'unknown_button' });
    return answered;
  });
  if (outcome?.status === 'answered' || outcome?.status === 'recorded') {
    ctx.approvalSignals.notify(outcome.approval.id);
    ctx.onJobStored?.();
  }
  // The presser's feedback is a courtesy; the answer itself is already stored.
  const api = ctx.telegram?.bot.api;
  if (api === undefined || inbound.callbackId === undefined) return;
  await api.answerCallbackQuery(inbound.callbackId, { text: toast(outcome) }).catch((error: unknown) => ctx.log.log('info', 'telegram.callback.answer_failed', { error: messageOf(error).slice(0, 200) }));
  if (outcome?.status === 'answered' && inbound.messageId !== null) {
    await api.editMessageReplyMarkup(inbound.chatId, inbound.messageId, { reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
  }
}

export async function runInboundJob(ctx: GatewayContext, job: Job, lease: JobLease): Promise<void> {
  const inbound = job.payload as unknown as TelegramInbound;
  if (inbound.type === 'callback') await runCallback(ctx, job, lease, inbound);
  else await runMessage(ctx, job, lease, inbound);
  ctx.metrics.jobsFinished.inc({ kind: 'inbound', status: 'completed' });
}
