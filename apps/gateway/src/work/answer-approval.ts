// Someone pressed a button (Telegram) or posted an action (signed webhook). Who may answer: an
// owner, admin or approver identity of the request's provider workspace, and — when
// PROMPTER_CAN_APPROVE is on — the member whose prompt asked. Everyone else is refused and
// audited. The answer is recorded with a conditional update under a row lock, so of two presses
// only the first counts; the prompt job that waits on the request applies it to OpenCode. The
// chat is told who answered what.
import { AuditType, recordAudit } from '../store/audit.js';
import type { Queryable } from '../store/db.js';
import { getApproval, recordAnswer, recordPartial, type Approval, type ApprovalAnswer, type ApprovalStatus, type QuestionAsk } from '../store/approvals.js';
import { findIdentity, PROMPT_ROLES, type Role } from '../store/identities.js';
import { enqueueOutbound } from '../channels/outbound.js';
import { outcomeText, resolveAction } from './approval-messages.js';
import type { GatewayContext } from './context.js';

const APPROVER_ROLES: ReadonlySet<Role> = new Set<Role>(['owner', 'admin', 'approver']);

export interface AnswerInput {
  readonly approvalId: string;
  readonly provider: string;
  /** The provider workspace the answer comes from ('' when the channel has none). */
  readonly workspaceId: string;
  readonly userId: string;
  /** How the chat should name who answered. */
  readonly displayName: string;
  readonly actionId: string;
}

export type AnswerOutcome =
  | { readonly status: 'answered'; readonly approval: Approval; readonly answer: ApprovalAnswer }
  | { readonly status: 'recorded'; readonly approval: Approval; readonly remaining: number }
  | { readonly status: 'refused'; readonly reason: string }
  | { readonly status: 'closed'; readonly approvalStatus: ApprovalStatus | 'expired' }
  | { readonly status: 'not_found' }
  | { readonly status: 'invalid'; readonly message: string };

export async function answerApproval(tx: Queryable, ctx: GatewayContext, input: AnswerInput): Promise<AnswerOutcome> {
  const approval = await getApproval(tx, input.approvalId, { lock: true });
  const audit = { provider: input.provider, actor: input.userId, subject: input.approvalId };
  if (approval === undefined || approval.provider !== input.provider) return { status: 'not_found' };
  const refuse = async (reason: string): Promise<AnswerOutcome> => {
    await recordAudit(tx, { type: AuditType.ApprovalRefused, ...audit, data: { reason, action: input.actionId, workspaceId: input.workspaceId } });
    return { status: 'refused', reason };
  };
  if (input.workspaceId !== approval.workspaceId) return refuse('other_workspace');
  const identity = await findIdentity(tx, { provider: input.provider, providerWorkspaceId: approval.workspaceId, externalUserId: input.userId });
  const prompter = ctx.config.approvals.prompterCanApprove && input.userId === approval.prompterUserId && identity !== undefined && PROMPT_ROLES.has(identity.role);
  if (identity === undefined) return refuse('unknown_identity');
  if (!APPROVER_ROLES.has(identity.role) && !prompter) return refuse(`role_${identity.role}`);

  if (approval.status !== 'pending' || approval.due) {
    const approvalStatus = approval.status === 'pending' ? 'expired' : approval.status;
    await recordAudit(tx, { type: AuditType.ApprovalIgnored, ...audit, data: { reason: `already_${approvalStatus}`, action: input.actionId } });
    return { status: 'closed', approvalStatus };
  }
  const resolved = resolveAction(approval, input.actionId);
  if (resolved.type === 'invalid') return { status: 'invalid', message: resolved.message };

  let answer: ApprovalAnswer;
  if (resolved.type === 'partial') {
    const key = String(resolved.question);
    if (approval.partial[key] !== undefined) {
      await recordAudit(tx, { type: AuditType.ApprovalIgnored, ...audit, data: { reason: 'question_already_answered', action: input.actionId } });
      return { status: 'closed', approvalStatus: 'answered' };
    }
    const partial = { ...approval.partial, [key]: [resolved.label] };
    const questions = (approval.request as QuestionAsk).questions;
    const remaining = questions.filter((_, index) => partial[String(index)] === undefined).length;
    if (remaining > 0) {
      await recordPartial(tx, approval.id, partial);
      await recordAudit(tx, { type: AuditType.ApprovalAnswered, ...audit, data: { action: input.actionId, role: identity.role, remaining } });
      return { status: 'recorded', approval, remaining };
    }
    answer = { answers: questions.map((_, index) => partial[String(index)]!) };
  } else {
    answer = resolved.answer;
  }
  const saved = await recordAnswer(tx, approval.id, answer, input.userId);
  if (saved === undefined) return { status: 'closed', approvalStatus: 'expired' };
  await recordAudit(tx, { type: AuditType.ApprovalAnswered, ...audit, data: { action: input.actionId, role: identity.role, asPrompter: prompter && !APPROVER_ROLES.has(identity.role), kind: approval.kind } });
  const target = { provider: approval.provider, workspaceId: approval.workspaceId, chatId: approval.chatId, threadId: approval.threadId, inReplyTo: '', sessionId: approval.sessionId };
  await enqueueOutbound(tx, ctx, target, { kind: 'notice', text: outcomeText(answer, input.displayName) }, `approval-answered:${approval.id}`, approval.jobId);
  ctx.metrics.approvals.inc({ outcome: 'answered' });
  return { status: 'answered', approval: saved, answer };
}
