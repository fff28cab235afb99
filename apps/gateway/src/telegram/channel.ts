// The Telegram channel as the rest of the gateway sees it: one grammY bot whose only middleware
// stores each update durably (see ingress.ts), the Bot API client for sending, and the typing
// indicator. Polling and the webhook route both feed updates through `bot.handleUpdate`, which
// throws when the update could not be stored — and then the update is not confirmed.
import { Bot, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import type { TelegramConfig } from '../config/load.js';
import type { Logger } from '../log.js';

/**
 * A native AbortSignal as grammY's Node build types it (its abort-controller polyfill). grammY only
 * reads `aborted` and adds an "abort" listener, which native signals provide.
 */
export function apiSignal(signal: AbortSignal): Parameters<Bot['api']['getMe']>[0] {
  return signal as unknown as Parameters<Bot['api']['getMe']>[0];
}

/** The update types the gateway uses; Telegram is asked for nothing else. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Telegram shows "typing…" for about five seconds per chat action. */
const TYPING_EVERY_MS = 4_000;

export interface TelegramChannel {
  readonly bot: Bot;
  readonly config: TelegramConfig;
  /** Fetches the bot's own profile once (getMe); grammY needs it before handling updates. */
  ready(signal?: AbortSignal): Promise<void>;
  /** Shows "typing…" in the chat until the returned function is called. */
  typing(chatId: string, threadId: string): () => void;
}

export interface TelegramChannelOptions {
  readonly config: TelegramConfig;
  readonly log: Logger;
  /** Stores one update durably; throws when it could not (the update is then fetched again). */
  readonly store: (update: Update) => Promise<void>;
}

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  const { config, log } = options;
  const bot = new Bot(config.token, { client: { apiRoot: config.apiRoot, timeoutSeconds: config.pollTimeoutSeconds + 30 } });
  bot.on(['message', 'callback_query'], (ctx: Context) => options.store(ctx.update));
  let init: Promise<void> | undefined;
  return {
    bot,
    config,
    ready(signal) {
      init ??= bot.init(signal === undefined ? undefined : apiSignal(signal)).catch((error: unknown) => {
        init = undefined;
        throw error;
      });
      return init;
    },
    typing(chatId, threadId) {
      const send = (): void => {
        void bot.api.sendChatAction(chatId, 'typing', threadId === '' ? {} : { message_thread_id: Number(threadId) }).catch((error: unknown) => {
          log.log('info', 'telegram.typing.failed', { status: (error as { error_code?: number }).error_code ?? null });
        });
      };
      send();
      const timer = setInterval(send, TYPING_EVERY_MS);
      return () => clearInterval(timer);
    },
  };
}
