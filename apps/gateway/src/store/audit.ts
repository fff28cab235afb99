// Audit rows: who did what, never what a message said. Callers pass structured data only;
// message text never goes in (the webhook and prompt paths pass lengths and ids instead).
import { randomUUID } from 'node:crypto';
import { toIso, toJson, toNumber, type Queryable } from './db.js';

export const AuditType = {
  PromptAccepted: 'standalone.prompt.accepted',
  PromptDenied: 'standalone.prompt.denied',
  PromptCompleted: 'standalone.prompt.completed',
  PromptFailed: 'standalone.prompt.failed',
  PromptTimedOut: 'standalone.prompt.timeout',
  WebhookRejected: 'standalone.webhook.rejected',
  ReplyDelivered: 'standalone.reply.delivered',
  ReplyFailed: 'standalone.reply.failed',
  JobUnsupported: 'standalone.job.unsupported',
  JobDead: 'standalone.job.dead',
  JobRetried: 'standalone.job.retried',
  JobCancelled: 'standalone.job.cancelled',
  IdentityUpserted: 'standalone.identity.upserted',
  IdentityDisabled: 'standalone.identity.disabled',
  LeaderAcquired: 'standalone.leader.acquired',
  LeaderLost: 'standalone.leader.lost',
  RetentionPruned: 'standalone.retention.pruned',
  BackupRestored: 'standalone.backup.restored',
  ApprovalRequested: 'standalone.approval.requested',
  ApprovalAnswered: 'standalone.approval.answered',
  ApprovalRefused: 'standalone.approval.refused',
  ApprovalIgnored: 'standalone.approval.ignored',
  ApprovalExpired: 'standalone.approval.expired',
  PairingRequested: 'standalone.pairing.requested',
  PairingSuppressed: 'standalone.pairing.suppressed',
  PairingApproved: 'standalone.pairing.approved',
  PairingExpired: 'standalone.pairing.expired',
  InboundIgnored: 'standalone.inbound.ignored',
  DashboardSignIn: 'standalone.dashboard.signin',
  DashboardSignInFailed: 'standalone.dashboard.signin_failed',
  DashboardSignOut: 'standalone.dashboard.signout',
  DashboardRejected: 'standalone.dashboard.rejected',
  CredentialIssued: 'standalone.credential.issued',
  CredentialRevoked: 'standalone.credential.revoked',
  CredentialRejected: 'standalone.credential.rejected',
  TaskResultRefused: 'standalone.task.result_refused',
} as const;
export type AuditType = (typeof AuditType)[keyof typeof AuditType];

export interface AuditInput {
  readonly type: AuditType;
  readonly provider?: string;
  readonly actor?: string;
  readonly subject?: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface AuditRow {
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly provider: string | null;
  readonly actor: string | null;
  readonly subject: string | null;
  readonly data: Record<string, unknown>;
  readonly createdAt: string;
}

export async function recordAudit(q: Queryable, input: AuditInput): Promise<string> {
  const id = randomUUID();
  await q.query('insert into gateway_audit (id, type, provider, actor, subject, data) values ($1, $2, $3, $4, $5, $6)', [
    id,
    input.type,
    input.provider ?? null,
    input.actor ?? null,
    input.subject ?? null,
    JSON.stringify(input.data ?? {}),
  ]);
  return id;
}

export function auditRow(row: Record<string, unknown>): AuditRow {
  return {
    seq: toNumber(row['seq']),
    id: String(row['id']),
    type: String(row['type']),
    provider: (row['provider'] as string | null) ?? null,
    actor: (row['actor'] as string | null) ?? null,
    subject: (row['subject'] as string | null) ?? null,
    data: (toJson(row['data']) ?? {}) as Record<string, unknown>,
    createdAt: toIso(row['created_at']) ?? '',
  };
}

export async function listAudit(q: Queryable, options: { readonly type?: string; readonly limit?: number } = {}): Promise<AuditRow[]> {
  const rows = await q.query(
    `select * from gateway_audit where ($1::text is null or type = $1) order by seq desc limit $2`,
    [options.type ?? null, options.limit ?? 100],
  );
  return rows.map(auditRow);
}
