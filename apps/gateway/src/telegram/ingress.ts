// The only thing the Telegram update handler does: write the update into the replay ledger and
// the job queue, in one transaction. Polling confirms an update (the next getUpdates offset) and
// the webhook answers 200 only after this resolved; a redelivered update finds its ledger row and
// is not stored twice. Authorization, pairing, prompting and button answers happen in the
// inbound job (work/inbound.ts).
import { randomUUID } from 'node:crypto';
import type { Update } from 'grammy/types';
import { enqueueJob } from '../queue/jobs.js';
import { recordLedgerEntry } from '../store/ledger.js';
import type { GatewayContext } from '../work/context.js';

export const TELEGRAM_PROVIDER = 'telegram';

/** The parts of an update the gateway uses. */
export interface TelegramInbound {
  readonly updateId: number;
  readonly type: 'message' | 'callback';
  readonly chatId: string;
  readonly chatType: string;
  /** Forum topic, or '' outside topics. */
  readonly threadId: string;
  readonly userId: string;
  readonly userName: string | null;
  /** The message sent, or the message whose button was pressed. */
  readonly messageId: number | null;
  /** Text or caption of a message; null when it has neither. */
  readonly text: string | null;
  readonly callbackId?: string;
  readonly callbackData?: string;
}

function nameOf(user: { first_name: string; last_name?: string; username?: string }): string {
  return user.username !== undefined ? `@${user.username}` : [user.first_name, user.last_name].filter(Boolean).join(' ');
}

/** The update as the inbound job reads it; undefined for updates the gateway does not use. */
export function readUpdate(update: Update): TelegramInbound | undefined {
  const message = update.message;
  if (message !== undefined && message.from !== undefined) {
    return {
      updateId: update.update_id,
      type: 'message',
      chatId: String(message.chat.id),
      chatType: message.chat.type,
      threadId: message.is_topic_message === true && message.message_thread_id !== undefined ? String(message.message_thread_id) : '',
      userId: String(message.from.id),
      userName: nameOf(message.from),
      messageId: message.message_id,
      text: message.text ?? message.caption ?? null,
    };
  }
  const callback = update.callback_query;
  if (callback !== undefined && callback.data !== undefined) {
    const source = callback.message;
    return {
      updateId: update.update_id,
      type: 'callback',
      chatId: source === undefined ? String(callback.from.id) : String(source.chat.id),
      chatType: source === undefined ? 'private' : source.chat.type,
      threadId: source !== undefined && 'is_topic_message' in source && source.is_topic_message === true && source.message_thread_id !== undefined ? String(source.message_thread_id) : '',
      userId: String(callback.from.id),
      userName: nameOf(callback.from),
      messageId: source?.message_id ?? null,
      text: null,
      callbackId: callback.id,
      callbackData: callback.data,
    };
  }
  return undefined;
}

/** Stores the update as an inbound job; resolves without doing anything for a duplicate. */
export async function storeTelegramUpdate(ctx: GatewayContext, update: Update): Promise<void> {
  const inbound = readUpdate(update);
  const stored = await ctx.db.transaction(async (tx) => {
    const jobId = randomUUID();
    if (!(await recordLedgerEntry(tx, TELEGRAM_PROVIDER, 'message', `update:${update.update_id}`, inbound === undefined ? null : jobId))) return 'duplicate';
    if (inbound === undefined) return 'ignored';
    await enqueueJob(tx, {
      id: jobId,
      kind: 'inbound',
      payload: inbound as unknown as Record<string, unknown>,
      maxAttempts: ctx.config.jobs.maxAttempts,
      // A chat's messages are handled in order; button presses never wait behind them.
      ...(inbound.type === 'message' ? { queueKey: `inbound:${TELEGRAM_PROVIDER}:${inbound.chatId}:${inbound.threadId}` } : {}),
    });
    return 'stored';
  });
  ctx.metrics.telegramUpdates.inc({ outcome: stored });
  if (stored === 'stored') ctx.onJobStored?.();
}
