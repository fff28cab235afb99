// Permission requests and questions a running prompt sent to its chat. A row has one answer at
// most: every change is a conditional update from `pending`, so two presses (or two people, or a
// press racing the timeout) cannot both win. Expiry is decided by the database clock.
import { randomBytes } from 'node:crypto';
import { toIso, toJson, type Queryable } from './db.js';

export type ApprovalKind = 'permission' | 'question';
export type ApprovalStatus = 'pending' | 'answered' | 'expired' | 'cancelled';

export interface PermissionAsk {
  readonly permission: string;
  readonly patterns: readonly string[];
}

export interface QuestionAsk {
  readonly questions: readonly { readonly question: string; readonly header: string; readonly options: readonly { readonly label: string; readonly description: string }[] }[];
}

export type ApprovalAnswer =
  | { readonly reply: 'once' | 'always' | 'reject' }
  | { readonly answers: readonly (readonly string[])[] }
  | { readonly dismissed: true };

export interface Approval {
  readonly id: string;
  readonly kind: ApprovalKind;
  readonly jobId: string;
  readonly sessionId: string;
  readonly provider: string;
  readonly workspaceId: string;
  readonly chatId: string;
  readonly threadId: string;
  readonly prompterUserId: string;
  /** OpenCode's request id. */
  readonly requestId: string;
  readonly request: PermissionAsk | QuestionAsk;
  readonly status: ApprovalStatus;
  /** Question answers chosen so far, by question index. */
  readonly partial: Readonly<Record<string, readonly string[]>>;
  readonly answer: ApprovalAnswer | null;
  readonly answeredBy: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly answeredAt: string | null;
  readonly appliedAt: string | null;
  /** Pending and past its expiry by the database clock. */
  readonly due: boolean;
}

/** Short and lowercase, so that it fits Telegram's 64-byte callback data with room to spare. */
export function newApprovalId(): string {
  return `ap${randomBytes(10).toString('hex')}`;
}

function approvalRow(row: Record<string, unknown>): Approval {
  return {
    id: String(row['id']),
    kind: row['kind'] as ApprovalKind,
    jobId: String(row['job_id']),
    sessionId: String(row['session_id']),
    provider: String(row['provider']),
    workspaceId: String(row['provider_workspace_id']),
    chatId: String(row['chat_id']),
    threadId: String(row['thread_id']),
    prompterUserId: String(row['prompter_user_id']),
    requestId: String(row['request_id']),
    request: toJson(row['request']) as PermissionAsk | QuestionAsk,
    status: row['status'] as ApprovalStatus,
    partial: (toJson(row['partial']) ?? {}) as Record<string, string[]>,
    answer: (toJson(row['answer']) ?? null) as ApprovalAnswer | null,
    answeredBy: (row['answered_by'] as string | null) ?? null,
    createdAt: toIso(row['created_at']) ?? '',
    expiresAt: toIso(row['expires_at']) ?? '',
    answeredAt: toIso(row['answered_at']) ?? null,
    appliedAt: toIso(row['applied_at']) ?? null,
    due: row['due'] === true,
  };
}

const SELECT = `select *, (status = 'pending' and expires_at <= now()) as due from gateway_approvals`;

export interface NewApproval {
  readonly id: string;
  readonly kind: ApprovalKind;
  readonly jobId: string;
  readonly sessionId: string;
  readonly provider: string;
  readonly workspaceId: string;
  readonly chatId: string;
  readonly threadId: string;
  readonly prompterUserId: string;
  readonly requestId: string;
  readonly request: PermissionAsk | QuestionAsk;
  readonly timeoutMs: number;
}

export async function createApproval(q: Queryable, input: NewApproval): Promise<Approval> {
  const rows = await q.query(
    `insert into gateway_approvals (id, kind, job_id, session_id, provider, provider_workspace_id, chat_id, thread_id, prompter_user_id, request_id, request, status, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', now() + make_interval(secs => $12))
     returning *, false as due`,
    [input.id, input.kind, input.jobId, input.sessionId, input.provider, input.workspaceId, input.chatId, input.threadId, input.prompterUserId, input.requestId, JSON.stringify(input.request), input.timeoutMs / 1000],
  );
  return approvalRow(rows[0]!);
}

export async function getApproval(q: Queryable, id: string, options: { readonly lock?: boolean } = {}): Promise<Approval | undefined> {
  const rows = await q.query(`${SELECT} where id = $1${options.lock === true ? ' for update' : ''}`, [id]);
  return rows[0] === undefined ? undefined : approvalRow(rows[0]);
}

/** The answer wins only while the request is pending and not yet expired. */
export async function recordAnswer(q: Queryable, id: string, answer: ApprovalAnswer, by: string): Promise<Approval | undefined> {
  const rows = await q.query(
    `update gateway_approvals set status = 'answered', answer = $2, answered_by = $3, answered_at = now()
     where id = $1 and status = 'pending' and expires_at > now() returning *, false as due`,
    [id, JSON.stringify(answer), by],
  );
  return rows[0] === undefined ? undefined : approvalRow(rows[0]);
}

export async function recordPartial(q: Queryable, id: string, partial: Readonly<Record<string, readonly string[]>>): Promise<void> {
  await q.query(`update gateway_approvals set partial = $2 where id = $1 and status = 'pending'`, [id, JSON.stringify(partial)]);
}

/** True when this call expired the request (it was pending and past its time). */
export async function expireApproval(q: Queryable, id: string): Promise<boolean> {
  const rows = await q.query(`update gateway_approvals set status = 'expired', answered_at = now() where id = $1 and status = 'pending' and expires_at <= now() returning id`, [id]);
  return rows.length === 1;
}

/** True for the one caller that marks the answer applied to OpenCode. */
export async function markApplied(q: Queryable, id: string): Promise<boolean> {
  const rows = await q.query(`update gateway_approvals set applied_at = now() where id = $1 and applied_at is null returning id`, [id]);
  return rows.length === 1;
}

/** Pending requests of a prompt job that ended: nobody can answer them any more. */
export async function cancelPendingApprovals(q: Queryable, jobId: string): Promise<string[]> {
  const rows = await q.query(`update gateway_approvals set status = 'cancelled', answered_at = now() where job_id = $1 and status = 'pending' returning id`, [jobId]);
  return rows.map((row) => String(row['id']));
}

export async function listApprovals(q: Queryable, filter: { readonly sessionId?: string; readonly status?: ApprovalStatus; readonly limit?: number } = {}): Promise<Approval[]> {
  const rows = await q.query(`${SELECT} where ($1::text is null or session_id = $1) and ($2::text is null or status = $2) order by created_at desc limit $3`, [
    filter.sessionId ?? null,
    filter.status ?? null,
    filter.limit ?? 100,
  ]);
  return rows.map(approvalRow);
}
