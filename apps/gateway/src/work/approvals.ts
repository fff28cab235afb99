// Permission requests and questions of a running prompt, answered from the chat. For each one the
// prompt job stores an approval row and its chat message (buttons or webhook actions) in one
// transaction, marks the session blocked, and waits: for an answer (woken at once in this
// process, otherwise seen by polling the store), for its expiry by the database clock (then it is
// denied), or for the prompt to end. The answer is applied to OpenCode once (markApplied).
import type { PermissionRequest, QuestionRequest, RuntimeSessions } from '@open-cowork/runtime';
import { canDeliver, enqueueOutbound, type ChatTarget } from '../channels/outbound.js';
import { messageOf } from '../errors.js';
import type { Job } from '../queue/jobs.js';
import {
  cancelPendingApprovals,
  createApproval,
  expireApproval,
  getApproval,
  markApplied,
  newApprovalId,
  type ApprovalAnswer,
  type ApprovalKind,
  type PermissionAsk,
  type QuestionAsk,
} from '../store/approvals.js';
import { AuditType, recordAudit } from '../store/audit.js';
import { setSessionStatus } from '../store/sessions.js';
import { approvalActions, approvalText, outcomeText } from './approval-messages.js';
import type { GatewayContext } from './context.js';
import type { PromptPayload } from './prompt-payload.js';

/** How often a waiting prompt looks at the store for an answer recorded by another replica. */
const POLL_MS = 500;

export interface ChannelApprovalsOptions {
  readonly ctx: GatewayContext;
  readonly job: Job;
  readonly payload: PromptPayload;
  readonly sessionId: string;
  readonly runtime: RuntimeSessions;
  readonly directory: string;
  /** Appends an ordered session event. */
  readonly event: (type: string, data: Record<string, unknown>) => void;
  /** The job's lease: lost means stop waiting. */
  readonly signal: AbortSignal;
}

export class ChannelApprovals {
  readonly #options: ChannelApprovalsOptions;
  readonly #done = new AbortController();
  readonly #tasks = new Set<Promise<void>>();
  readonly #target: ChatTarget;

  constructor(options: ChannelApprovalsOptions) {
    this.#options = options;
    const { payload, sessionId } = options;
    this.#target = { provider: payload.provider, workspaceId: payload.workspaceId, chatId: payload.chatId, threadId: payload.threadId, inReplyTo: payload.messageId, sessionId };
  }

  permission(request: PermissionRequest): void {
    this.#track(this.#handle('permission', request.id, { permission: request.permission, patterns: [...request.patterns] }));
  }

  question(request: QuestionRequest): void {
    const questions = request.questions.map((q) => ({ question: q.question, header: q.header, options: q.options.map((o) => ({ label: o.label, description: o.description })) }));
    this.#track(this.#handle('question', request.id, { questions }));
  }

  /** The prompt ended: requests still open are cancelled and their waits end. */
  async close(): Promise<void> {
    this.#done.abort();
    await Promise.all([...this.#tasks]);
    await cancelPendingApprovals(this.#options.ctx.db, this.#options.job.id).catch(() => undefined);
  }

  #track(task: Promise<void>): void {
    const tracked = task.catch((error: unknown) => this.#options.ctx.log.log('warn', 'approval.failed', { jobId: this.#options.job.id, error: messageOf(error) }));
    this.#tasks.add(tracked);
    void tracked.finally(() => this.#tasks.delete(tracked));
  }

  async #apply(kind: ApprovalKind, requestId: string, answer: ApprovalAnswer | 'expired'): Promise<void> {
    const { runtime, directory } = this.#options;
    if (kind === 'permission') {
      const reply = answer === 'expired' || !('reply' in answer) ? 'reject' : answer.reply;
      await runtime.replyPermission({ directory, requestId, reply, ...(reply === 'reject' ? { message: answer === 'expired' ? 'Nobody answered in time.' : 'Denied from the chat.' } : {}) });
    } else if (answer !== 'expired' && 'answers' in answer) {
      await runtime.replyQuestion({ directory, requestId, answers: answer.answers });
    } else {
      await runtime.rejectQuestion({ directory, requestId });
    }
  }

  async #handle(kind: ApprovalKind, requestId: string, request: PermissionAsk | QuestionAsk): Promise<void> {
    const { ctx, job, payload, sessionId, event } = this.#options;
    if (!canDeliver(ctx, payload.provider)) {
      // Nobody can be asked: refuse at once so the run goes on.
      event(`${kind}.refused`, { requestId, reason: 'no_delivery_channel' });
      await this.#apply(kind, requestId, 'expired');
      return;
    }
    const id = newApprovalId();
    const timeoutMs = ctx.config.approvals.timeoutMs;
    await ctx.db.transaction(async (tx) => {
      await createApproval(tx, { id, kind, jobId: job.id, sessionId, provider: payload.provider, workspaceId: payload.workspaceId, chatId: payload.chatId, threadId: payload.threadId, prompterUserId: payload.userId, requestId, request, timeoutMs });
      await enqueueOutbound(tx, ctx, this.#target, { kind: 'approval', text: approvalText(kind, request, timeoutMs), approvalId: id, actions: approvalActions(kind, request) }, `approval:${id}`, job.id);
      await setSessionStatus(tx, sessionId, 'blocked');
      await recordAudit(tx, { type: AuditType.ApprovalRequested, provider: payload.provider, actor: payload.userId, subject: id, data: { kind, jobId: job.id, ...(kind === 'permission' ? { permission: (request as PermissionAsk).permission } : { questions: (request as QuestionAsk).questions.length }) } });
    });
    ctx.onJobStored?.();
    event('approval.requested', { approvalId: id, kind, requestId });
    const stop = AbortSignal.any([this.#done.signal, this.#options.signal]);
    while (!stop.aborted) {
      await ctx.approvalSignals.wait(id, POLL_MS, stop);
      const approval = await getApproval(ctx.db, id);
      if (approval === undefined || approval.status === 'cancelled') return;
      if (approval.status === 'answered' && approval.answer !== null) {
        if (!(await markApplied(ctx.db, id))) return;
        await this.#apply(kind, requestId, approval.answer);
        await setSessionStatus(ctx.db, sessionId, 'running');
        event('approval.applied', { approvalId: id, outcome: outcomeText(approval.answer), by: approval.answeredBy });
        return;
      }
      if (approval.due && (await this.#expire(id))) {
        ctx.onJobStored?.();
        await this.#apply(kind, requestId, 'expired');
        await setSessionStatus(ctx.db, sessionId, 'running');
        event('approval.expired', { approvalId: id, timeoutMs });
        return;
      }
    }
  }

  /** Expires the request (if nobody answered meanwhile) and says so in the chat. */
  async #expire(id: string): Promise<boolean> {
    const { ctx, job, payload } = this.#options;
    return ctx.db.transaction(async (tx) => {
      if (!(await expireApproval(tx, id))) return false;
      await markApplied(tx, id);
      await recordAudit(tx, { type: AuditType.ApprovalExpired, provider: payload.provider, subject: id, data: { jobId: job.id, timeoutMs: ctx.config.approvals.timeoutMs } });
      await enqueueOutbound(tx, ctx, this.#target, { kind: 'notice', text: outcomeText('expired') }, `approval-expired:${id}`, job.id);
      ctx.metrics.approvals.inc({ outcome: 'expired' });
      return true;
    });
  }
}
