// POST /webhooks/<providerId>/actions: the answer to an approval delivery, signed like an inbound
// message (same secret, same "v1:<timestamp>:<body>", same ±300 s) and refused when replayed
// (the durable ledger holds its signature and its id). The body names who answered; whether
// they may is decided by their identity (work/answer-approval.ts).
import { GatewayErrorCode } from '../errors.js';
import { AuditType, recordAudit } from '../store/audit.js';
import { recordLedgerEntry } from '../store/ledger.js';
import { answerApproval, type AnswerOutcome } from '../work/answer-approval.js';
import type { GatewayContext } from '../work/context.js';
import type { IngressResult } from './ingress.js';
import { verifyInbound } from './signing.js';

interface ActionBody {
  readonly id: string;
  readonly approvalId: string;
  readonly action: string;
  readonly userId: string;
  readonly workspaceId: string;
}

const FIELDS = new Set(['id', 'approvalId', 'action', 'userId', 'workspaceId']);

function parseAction(body: Buffer): ActionBody | string {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return 'The body is not JSON.';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The body must be a JSON object.';
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(', ')}.`;
  for (const name of ['id', 'approvalId', 'action', 'userId']) {
    const field = record[name];
    if (typeof field !== 'string' || field.trim() === '' || field.length > 256) return `"${name}" must be a non-empty string of at most 256 characters.`;
  }
  const workspaceId = record['workspaceId'] ?? '';
  if (typeof workspaceId !== 'string' || workspaceId.length > 256) return '"workspaceId" must be a string of at most 256 characters.';
  return { id: record['id'] as string, approvalId: record['approvalId'] as string, action: record['action'] as string, userId: record['userId'] as string, workspaceId };
}

const error = (status: number, code: string, message: string, authFailure = false): IngressResult => ({ status, body: { error: { code, message } }, authFailure });

function answerOf(outcome: AnswerOutcome): IngressResult {
  switch (outcome.status) {
    case 'answered':
      return { status: 200, body: { approvalId: outcome.approval.id, status: 'answered', answer: outcome.answer } };
    case 'recorded':
      return { status: 200, body: { approvalId: outcome.approval.id, status: 'recorded', remainingQuestions: outcome.remaining } };
    case 'refused':
      return error(403, GatewayErrorCode.Forbidden, `This user may not answer the request (${outcome.reason}).`);
    case 'closed':
      return error(409, GatewayErrorCode.ApprovalClosed, `The request is already ${outcome.approvalStatus}; the first answer stands.`);
    case 'not_found':
      return error(404, GatewayErrorCode.NotFound, 'No such approval request for this provider.');
    case 'invalid':
      return error(400, GatewayErrorCode.BadRequest, outcome.message);
  }
}

export async function handleWebhookAction(ctx: GatewayContext, providerId: string, headers: { timestamp?: string; signature?: string }, body: Buffer): Promise<IngressResult> {
  const secret = ctx.config.webhook.secret;
  if (secret === undefined || !ctx.config.webhook.providerIds.includes(providerId)) {
    return error(404, GatewayErrorCode.UnknownProvider, `No signed webhook provider "${providerId}" is configured.`);
  }
  const verified = verifyInbound(secret, headers.timestamp, headers.signature, body, ctx.nowSeconds());
  if (!verified.ok) {
    await recordAudit(ctx.db, { type: AuditType.WebhookRejected, provider: providerId, data: { reason: verified.reason, route: 'actions', bodyBytes: body.length } });
    return error(401, verified.reason === 'skew' ? GatewayErrorCode.TimestampSkew : GatewayErrorCode.SignatureInvalid, verified.message, true);
  }
  const action = parseAction(body);
  if (typeof action === 'string') return error(400, GatewayErrorCode.BadRequest, action);
  const result = await ctx.db.transaction(async (tx): Promise<IngressResult | AnswerOutcome> => {
    if (!(await recordLedgerEntry(tx, providerId, 'signature', `${verified.timestamp}:${verified.signature}`, null)) || !(await recordLedgerEntry(tx, providerId, 'message', `action:${action.id}`, null))) {
      return error(409, GatewayErrorCode.Replayed, 'This action was already received.');
    }
    return answerApproval(tx, ctx, { approvalId: action.approvalId, provider: providerId, workspaceId: action.workspaceId, userId: action.userId, displayName: action.userId, actionId: action.action });
  });
  if ('body' in result) {
    await recordAudit(ctx.db, { type: AuditType.WebhookRejected, provider: providerId, actor: action.userId, data: { reason: 'replay', route: 'actions' } });
    return result;
  }
  if (result.status === 'answered' || result.status === 'recorded') {
    ctx.approvalSignals.notify(action.approvalId);
    ctx.onJobStored?.();
  }
  return answerOf(result);
}
