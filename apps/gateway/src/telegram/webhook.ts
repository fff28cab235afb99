// Webhook mode. The leader registers the webhook (setWebhook with the secret token and only the
// update types the gateway uses); any replica accepts POST /telegram/webhook. A request is
// accepted only with the right X-Telegram-Bot-Api-Secret-Token (compared in constant time), and
// answered 200 only once the update is stored — any other answer makes Telegram send it again.
import { createTokenVerifier } from '@open-cowork/host';
import type { Update } from 'grammy/types';
import { GatewayErrorCode, messageOf } from '../errors.js';
import type { GatewayContext } from '../work/context.js';
import { ALLOWED_UPDATES, apiSignal, type TelegramChannel } from './channel.js';
import { classifyTelegramError } from './errors.js';
import { pollBackoffMs, sleep, type PollerState } from './poller.js';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Leader duty: registers the webhook, retrying with backoff until Telegram accepts it. */
export async function registerTelegramWebhook(ctx: GatewayContext, channel: TelegramChannel, state: PollerState, signal: AbortSignal): Promise<void> {
  const { config } = channel;
  for (let failures = 1; !signal.aborted; failures += 1) {
    try {
      await channel.ready(signal);
      await channel.bot.api.setWebhook(`${config.publicUrl}${TELEGRAM_WEBHOOK_PATH}`, { secret_token: config.webhookSecret!, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false }, apiSignal(signal));
      state.lastCallOk = true;
      ctx.log.log('info', 'telegram.webhook.registered', { owner: ctx.owner });
      return;
    } catch (error) {
      if (signal.aborted) return;
      const failure = classifyTelegramError(error, config.token);
      const delayMs = Math.max(failure.retryAfterMs ?? 0, pollBackoffMs(failures));
      state.lastCallOk = false;
      ctx.log.log('warn', 'telegram.webhook.register_failed', { status: failure.status ?? null, delayMs, reason: failure.reason });
      await sleep(delayMs, signal);
    }
  }
}

export interface WebhookAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly authFailure?: boolean;
}

export function createTelegramWebhookHandler(ctx: GatewayContext, channel: TelegramChannel): (secretHeader: string | undefined, body: Buffer) => Promise<WebhookAnswer> {
  const verify = createTokenVerifier(channel.config.webhookSecret!);
  return async (secretHeader, body) => {
    if (!verify(secretHeader)) {
      ctx.metrics.telegramUpdates.inc({ outcome: 'rejected' });
      return { status: 401, body: { error: { code: GatewayErrorCode.Unauthorized, message: `${TELEGRAM_SECRET_HEADER} is missing or wrong.` } }, authFailure: true };
    }
    let update: Update;
    try {
      update = JSON.parse(body.toString('utf8')) as Update;
    } catch {
      return { status: 400, body: { error: { code: GatewayErrorCode.BadRequest, message: 'The body is not JSON.' } } };
    }
    if (typeof update !== 'object' || update === null || !Number.isSafeInteger(update.update_id)) {
      return { status: 400, body: { error: { code: GatewayErrorCode.BadRequest, message: 'The body is not a Telegram update (no update_id).' } } };
    }
    try {
      await channel.ready();
      await channel.bot.handleUpdate(update);
    } catch (error) {
      ctx.log.log('warn', 'telegram.update.store_failed', { updateId: update.update_id, error: messageOf((error as { error?: unknown }).error ?? error) });
      return { status: 503, body: { error: { code: GatewayErrorCode.Internal, message: 'The update could not be stored; Telegram will send it again.' } } };
    }
    return { status: 200, body: { ok: true } };
  };
}
