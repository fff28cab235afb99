// What every job handler needs, built once by the daemon (and by tests).
import type { GatewayConfig } from '../config/load.js';
import type { GatewayMetrics } from '../http/metrics.js';
import type { Logger } from '../log.js';
import type { OpencodeAccess } from '../runtime/opencode.js';
import type { Db } from '../store/db.js';
import type { GuardedFetch } from '@open-cowork/host';
import type { TelegramChannel } from '../telegram/channel.js';
import type { ApprovalSignals, KeyedSignals } from './signals.js';

export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly db: Db;
  /** Unique per process, even where every container's pid is 1. */
  readonly owner: string;
  readonly opencode: OpencodeAccess;
  readonly metrics: GatewayMetrics;
  readonly log: Logger;
  /** The SSRF-guarded fetch that deliveries go through. */
  readonly deliveryFetch: GuardedFetch;
  /** The clock for webhook timestamps (tests move it). Lease times never use it. */
  readonly nowSeconds: () => number;
  /** Called after a job was stored, to wake idle workers at once. */
  readonly onJobStored?: () => void;
  /** The Telegram channel, when TELEGRAM_BOT_TOKEN is set. */
  readonly telegram?: TelegramChannel;
  readonly approvalSignals: ApprovalSignals;
  /** Wakes long polls: a task id when that task changed, the queue signal when a task can be claimed. */
  readonly taskSignals: KeyedSignals;
  /** The SSRF-guarded fetch that task callbacks go through (TASK_CALLBACK_ALLOW_PRIVATE_NETWORK). */
  readonly callbackFetch: GuardedFetch;
}

export interface JobLease {
  readonly token: string;
  /** Aborted when the lease is lost (expired, reclaimed or the job cancelled) or the worker stops. */
  readonly signal: AbortSignal;
}
