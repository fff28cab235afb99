// Long polling, run only by the replica holding the daemon lease (a leader duty: the signal is
// aborted the moment the lease is lost, which also aborts the getUpdates in flight).
//
// An update is confirmed to Telegram only by the offset of the next getUpdates call, and the
// offset moves past an update only after the bot stored it. When storing fails, the rest of the
// batch is left unconfirmed and fetched again after a backoff; a new leader starts without an
// offset and gets every unconfirmed update again (the ledger drops the ones already stored).
// Bot API errors (429 with retry_after, 5xx, 409 from a competing poller) and network loss are
// waited out with backoff; polling never stops on its own.
import { messageOf } from '../errors.js';
import type { GatewayContext } from '../work/context.js';
import { ALLOWED_UPDATES, apiSignal, type TelegramChannel } from './channel.js';
import { classifyTelegramError } from './errors.js';

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;

export function pollBackoffMs(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export interface PollerState {
  /** True while this process runs the polling loop. */
  polling: boolean;
  /** Whether the last Bot API call of the loop succeeded (undefined before the first). */
  lastCallOk?: boolean;
}

export async function pollTelegram(ctx: GatewayContext, channel: TelegramChannel, state: PollerState, signal: AbortSignal): Promise<void> {
  const { log, metrics } = ctx;
  const token = channel.config.token;
  let offset: number | undefined;
  let failures = 0;
  const wait = async (what: string, error: unknown): Promise<void> => {
    const failure = classifyTelegramError(error, token);
    failures += 1;
    const delayMs = Math.max(failure.retryAfterMs ?? 0, pollBackoffMs(failures));
    state.lastCallOk = false;
    metrics.telegramPollErrors.inc({ status: failure.status === undefined ? 'network' : String(failure.status) });
    log.log('warn', 'telegram.poll.backoff', { step: what, status: failure.status ?? null, retryAfterMs: failure.retryAfterMs ?? null, delayMs, failures, reason: failure.reason });
    await sleep(delayMs, signal);
  };

  state.polling = true;
  metrics.telegramPolling.set(1);
  log.log('info', 'telegram.polling.started', { owner: ctx.owner });
  try {
    // getMe (grammY needs the bot's profile), then make sure no webhook takes the updates away.
    while (!signal.aborted) {
      try {
        await channel.ready(signal);
        await channel.bot.api.deleteWebhook({ drop_pending_updates: false }, apiSignal(signal));
        failures = 0;
        break;
      } catch (error) {
        if (signal.aborted) break;
        await wait('start', error);
      }
    }
    while (!signal.aborted) {
      let updates;
      try {
        updates = await channel.bot.api.getUpdates({ ...(offset === undefined ? {} : { offset }), timeout: channel.config.pollTimeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] }, apiSignal(signal));
        failures = 0;
        state.lastCallOk = true;
      } catch (error) {
        if (signal.aborted) break;
        await wait('getUpdates', error);
        continue;
      }
      for (const update of updates) {
        if (signal.aborted) break;
        try {
          await channel.bot.handleUpdate(update);
          offset = update.update_id + 1;
        } catch (error) {
          // Not stored: leave it (and the rest of the batch) unconfirmed and fetch it again.
          failures += 1;
          const delayMs = pollBackoffMs(failures);
          metrics.telegramUpdates.inc({ outcome: 'store_failed' });
          log.log('warn', 'telegram.update.store_failed', { updateId: update.update_id, delayMs, error: messageOf((error as { error?: unknown }).error ?? error) });
          await sleep(delayMs, signal);
          break;
        }
      }
    }
  } finally {
    state.polling = false;
    metrics.telegramPolling.set(0);
    log.log('info', 'telegram.polling.stopped', { owner: ctx.owner });
  }
}
