// A Telegram delivery job: the chunks of one message, sent in order into the chat (and forum
// topic) it answers, Markdown rendered as entities. Each chunk Telegram acknowledges is recorded
// at once; a retried job skips the recorded ones, so a retry never sends a chunk twice. 429 waits
// for Telegram's retry_after; 5xx and network errors retry with backoff; other refusals (the bot
// was blocked, the chat is gone) fail the delivery for good. Approval buttons go on the last chunk.
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { TelegramDelivery } from '../channels/outbound.js';
import type { Job } from '../queue/jobs.js';
import { ackedChunks, recordChunkAck } from '../store/delivery-acks.js';
import type { GatewayContext, JobLease } from '../work/context.js';
import { encodeCallback } from './callback.js';
import { apiSignal } from './channel.js';
import { classifyTelegramError, type TelegramFailure } from './errors.js';
import { markdownToTelegram } from './format.js';

export type TelegramSendResult = { readonly ok: true; readonly chunks: number } | { readonly ok: false; readonly chunk: number; readonly failure: TelegramFailure };

function keyboard(payload: TelegramDelivery): InlineKeyboardMarkup | undefined {
  if (payload.actions === undefined || payload.approvalId === undefined) return undefined;
  const approvalId = payload.approvalId;
  return { inline_keyboard: payload.actions.map((action) => [{ text: action.label, callback_data: encodeCallback(approvalId, action.id) }]) };
}

/** Sends the chunks not yet acknowledged; stops at the first failure. */
export async function sendTelegramChunks(ctx: GatewayContext, job: Job, lease: JobLease, payload: TelegramDelivery): Promise<TelegramSendResult> {
  const channel = ctx.telegram;
  if (channel === undefined) return { ok: false, chunk: 1, failure: { retryable: false, reason: 'The Telegram channel is not configured (TELEGRAM_BOT_TOKEN).' } };
  const acked = await ackedChunks(ctx.db, job.id);
  const markup = keyboard(payload);
  for (const [index, chunk] of payload.chunks.entries()) {
    const number = index + 1;
    if (acked.has(number)) continue;
    if (lease.signal.aborted) throw new Error('The delivery lost its lease.');
    const formatted = payload.markdown ? markdownToTelegram(chunk) : { text: chunk, entities: [] };
    if (formatted.text.trim() === '') {
      await recordChunkAck(ctx.db, job.id, number, '');
      continue;
    }
    try {
      const sent = await channel.bot.api.sendMessage(
        payload.chatId,
        formatted.text,
        {
          ...(formatted.entities.length > 0 ? { entities: formatted.entities } : {}),
          ...(payload.threadId === '' ? {} : { message_thread_id: Number(payload.threadId) }),
          ...(index === 0 && payload.replyTo !== null ? { reply_parameters: { message_id: payload.replyTo, allow_sending_without_reply: true } } : {}),
          ...(number === payload.chunks.length && markup !== undefined ? { reply_markup: markup } : {}),
          link_preview_options: { is_disabled: true },
        },
        apiSignal(lease.signal),
      );
      await recordChunkAck(ctx.db, job.id, number, String(sent.message_id));
    } catch (error) {
      if (lease.signal.aborted) throw error;
      return { ok: false, chunk: number, failure: classifyTelegramError(error, channel.config.token) };
    }
  }
  return { ok: true, chunks: payload.chunks.length };
}
