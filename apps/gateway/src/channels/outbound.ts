// Everything the gateway says in a chat — replies, approval requests, pairing codes, notices —
// leaves as delivery jobs stored in the caller's transaction, with ids derived from what they
// answer, so storing the same message twice stores it once and a crash never loses or doubles it.
//
// The signed webhook gets one job per chunk (the receiver deduplicates by delivery id). Telegram
// ignores delivery ids, so a Telegram message is one job that records each chunk Telegram
// acknowledged and, when retried, resumes after the last one (telegram/deliver.ts).
import { createHash } from 'node:crypto';
import { enqueueJob } from '../queue/jobs.js';
import { splitReply } from '../reply/split.js';
import type { Queryable } from '../store/db.js';
import { sessionQueueKey } from '../store/sessions.js';
import { TELEGRAM_PROVIDER } from '../telegram/ingress.js';
import type { GatewayContext } from '../work/context.js';

/** Telegram's limit for one message's text. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

export interface ChatTarget {
  readonly provider: string;
  readonly workspaceId: string;
  readonly chatId: string;
  readonly threadId: string;
  /** The inbound message answered: the webhook message id, or the Telegram message_id. */
  readonly inReplyTo: string;
  readonly sessionId?: string;
}

export type MessageKind = 'reply' | 'approval' | 'pairing' | 'notice';

export interface MessageAction {
  readonly id: string;
  readonly label: string;
}

export interface OutboundMessage {
  readonly kind: MessageKind;
  /** Markdown for replies (rendered per channel); plain text otherwise. */
  readonly text: string;
  readonly approvalId?: string;
  /** Buttons (Telegram) or `actions` (webhook) answering the approval. */
  readonly actions?: readonly MessageAction[];
}

interface DeliveryCommon {
  readonly provider: string;
  readonly deliveryId: string;
  readonly chatId: string;
  readonly threadId: string;
  readonly kind: MessageKind;
  readonly approvalId?: string;
  readonly actions?: readonly MessageAction[];
  /** The prompt job a reply answers (for audit rows). */
  readonly promptJobId?: string;
}

export interface WebhookDelivery extends DeliveryCommon {
  /** Absent on deliveries stored before part 2: they are all webhook ones. */
  readonly channel?: 'webhook';
  readonly text: string;
  readonly chunk: number;
  readonly chunks: number;
  readonly inReplyTo: string;
}

export interface TelegramDelivery extends DeliveryCommon {
  readonly channel: 'telegram';
  readonly chunks: readonly string[];
  readonly markdown: boolean;
  /** The message the first chunk replies to. */
  readonly replyTo: number | null;
}

export type DeliveryPayload = WebhookDelivery | TelegramDelivery;

/** The same source and chunk always give the same id, so a retried delivery is recognisable. */
export function deliveryId(source: string, chunk: number, chunks: number): string {
  return `dlv_${createHash('sha256').update(`${source}:${chunk}/${chunks}`).digest('hex').slice(0, 32)}`;
}

/** Whether the gateway can write to `provider` at all. */
export function canDeliver(ctx: Pick<GatewayContext, 'config'>, provider: string): boolean {
  if (provider === TELEGRAM_PROVIDER) return ctx.config.telegram !== undefined;
  return ctx.config.webhook.deliveryUrl !== undefined && ctx.config.webhook.providerIds.includes(provider);
}

/**
 * Stores `message` for `target` as delivery jobs; `source` (a prompt job id, an approval id, a
 * pairing code) makes the ids deterministic. Returns how many jobs were created.
 */
export async function enqueueOutbound(tx: Queryable, ctx: Pick<GatewayContext, 'config'>, target: ChatTarget, message: OutboundMessage, source: string, promptJobId?: string): Promise<number> {
  if (!canDeliver(ctx, target.provider) || message.text.trim() === '') return 0;
  const queueKey = `delivery:${sessionQueueKey({ provider: target.provider, providerWorkspaceId: target.workspaceId, chatId: target.chatId, threadId: target.threadId })}`;
  const common = {
    provider: target.provider,
    chatId: target.chatId,
    threadId: target.threadId,
    kind: message.kind,
    ...(message.approvalId === undefined ? {} : { approvalId: message.approvalId }),
    ...(message.actions === undefined ? {} : { actions: message.actions }),
    ...(promptJobId === undefined ? {} : { promptJobId }),
  };
  const base = { kind: 'delivery' as const, maxAttempts: ctx.config.jobs.maxAttempts, queueKey, ...(target.sessionId === undefined ? {} : { sessionId: target.sessionId }) };
  if (target.provider === TELEGRAM_PROVIDER) {
    const id = deliveryId(source, 1, 1);
    const markdown = message.kind === 'reply';
    const payload: TelegramDelivery = {
      channel: 'telegram',
      ...common,
      deliveryId: id,
      chunks: markdown ? splitReply(message.text, TELEGRAM_MESSAGE_LIMIT) : splitPlain(message.text, TELEGRAM_MESSAGE_LIMIT),
      markdown,
      replyTo: /^\d+$/.test(target.inReplyTo) ? Number(target.inReplyTo) : null,
    };
    return (await enqueueJob(tx, { ...base, id, payload: payload as unknown as Record<string, unknown> })).created ? 1 : 0;
  }
  const chunks = splitReply(message.text, ctx.config.webhook.messageLimit);
  let created = 0;
  for (const [index, text] of chunks.entries()) {
    const id = deliveryId(source, index + 1, chunks.length);
    const payload: WebhookDelivery = { channel: 'webhook', ...common, deliveryId: id, text, chunk: index + 1, chunks: chunks.length, inReplyTo: target.inReplyTo };
    if ((await enqueueJob(tx, { ...base, id, payload: payload as unknown as Record<string, unknown> })).created) created += 1;
  }
  return created;
}

/** Plain text (no Markdown meaning) in pieces of at most `limit`. */
function splitPlain(text: string, limit: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += limit) pieces.push(text.slice(start, start + limit));
  return pieces;
}
