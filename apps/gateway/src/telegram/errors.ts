// What a failed Bot API call means for the caller: retry (after Telegram's retry_after when it
// gives one), or give up. grammY throws GrammyError when Telegram answered with an error and
// HttpError when the request did not get through.
import { GrammyError, HttpError } from 'grammy';
import { messageOf } from '../errors.js';

export interface TelegramFailure {
  readonly retryable: boolean;
  /** Telegram's own wait (429 retry_after), in milliseconds. */
  readonly retryAfterMs?: number;
  /** HTTP-like status Telegram answered with; undefined for network failures. */
  readonly status?: number;
  /** One line for logs and lastError; never the bot token. */
  readonly reason: string;
}

/** `text` with the bot token cut out (network errors quote the request URL, which holds it). */
export function redactToken(text: string, token: string): string {
  return text.split(token).join('<bot-token>').replace(/\/bot\d+:[A-Za-z0-9_-]+/g, '/bot<bot-token>');
}

export function classifyTelegramError(error: unknown, token: string): TelegramFailure {
  const failure = classify(error);
  return { ...failure, reason: redactToken(failure.reason, token) };
}

function classify(error: unknown): TelegramFailure {
  if (error instanceof GrammyError) {
    const status = error.error_code;
    const retryAfter = error.parameters.retry_after;
    const reason = `Telegram answered ${status} to ${error.method}: ${error.description}`;
    if (status === 429) return { retryable: true, status, reason, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter * 1000 }) };
    // 409 on getUpdates: another poller or an active webhook; waiting is the only remedy.
    return { retryable: status >= 500 || status === 409, status, reason };
  }
  if (error instanceof HttpError) return { retryable: true, reason: `The Bot API did not answer: ${messageOf(error.error)}` };
  return { retryable: true, reason: messageOf(error) };
}
