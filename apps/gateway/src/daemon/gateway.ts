// The composition root of `serve`: store, HTTP surface, leader election with its duties,
// the private runtime and the workers, started in that order and stopped in reverse.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { createGuardedFetch, type GuardedFetch } from '@open-cowork/host';
import type { Env, GatewayConfig } from '../config/load.js';
import { runDoctor } from '../doctor/checks.js';
import { GatewayError, GatewayErrorCode, messageOf } from '../errors.js';
import { GatewayMetrics } from '../http/metrics.js';
import { createGatewayServer } from '../http/server.js';
import type { Logger } from '../log.js';
import { WorkerPool } from '../queue/worker.js';
import { openOpencode, type OpencodeAccess } from '../runtime/opencode.js';
import type { Db } from '../store/db.js';
import { migrate } from '../store/migrations.js';
import { openPglite } from '../store/pglite.js';
import { openPostgres } from '../store/postgres.js';
import { runRetention } from '../store/retention.js';
import type { GatewayContext } from '../work/context.js';
import { runDeliveryJob } from '../work/delivery.js';
import { backoff } from '../work/prompt.js';
import { runChatPromptJob } from '../work/prompt-on-runner.js';
import { runUnsupportedJob } from '../work/unsupported.js';
import { runInboundJob } from '../work/inbound.js';
import { ApprovalSignals, KeyedSignals } from '../work/signals.js';
import { runCallbackJob } from '../tasks/callbacks.js';
import { taskReclaimed } from '../tasks/lease.js';
import { QUEUE_SIGNAL } from '../tasks/routes.js';
import { createTelegramChannel, type TelegramChannel } from '../telegram/channel.js';
import { storeTelegramUpdate } from '../telegram/ingress.js';
import { pollTelegram, type PollerState } from '../telegram/poller.js';
import { registerTelegramWebhook } from '../telegram/webhook.js';
import { redactToken } from '../telegram/errors.js';
import { LeaderElector } from './leader.js';

/** Unique per process: host name, pid (1 in every container) and a random part. */
export function processOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export async function openStore(config: GatewayConfig, owner: string): Promise<Db> {
  switch (config.store) {
    case 'postgres':
      return openPostgres({ url: config.databaseUrl!, tls: config.databaseTls, poolMax: config.databasePoolMax });
    case 'embedded':
      return openPglite({ dir: path.join(config.dataDir, 'store'), owner });
    case 'memory':
      return openPglite({ owner });
  }
}

export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly env: Env;
  readonly log: Logger;
  readonly cwd?: string;
  /** Default: the SSRF-guarded fetch with the configured private-network switch. */
  readonly deliveryFetch?: GuardedFetch;
  /** Default: the SSRF-guarded fetch with TASK_CALLBACK_ALLOW_PRIVATE_NETWORK. */
  readonly callbackFetch?: GuardedFetch;
  readonly nowSeconds?: () => number;
  readonly defaultConfigPath?: string;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  readonly owner: string;
  readonly ctx: GatewayContext;
  readonly leader: LeaderElector;
  readonly workers: WorkerPool;
  /** Whether this process polls Telegram now, and whether its last Bot API call worked. */
  readonly telegramState: PollerState;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, log } = options;
  if (config.adminToken === undefined) throw new GatewayError(GatewayErrorCode.ConfigInvalid, 'serve needs OPEN_COWORK_STANDALONE_GATEWAY_ADMIN_TOKEN (at least 32 random characters).');
  const owner = processOwnerId();
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => log.log('warn', 'shutdown.step.failed', { error: messageOf(error) }));
  };
  try {
    const db = await openStore(config, owner);
    cleanups.push(() => db.close());
    const applied = await migrate(db);
    if (applied.length > 0) log.log('info', 'store.migrated', { versions: applied });
    log.log('info', 'store.open', { engine: db.engine, where: db.description });

    await mkdir(config.opencode.workspace, { recursive: true, mode: 0o700 });
    const opencode: OpencodeAccess = openOpencode({
      config,
      env: options.env,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.defaultConfigPath === undefined ? {} : { defaultConfigPath: options.defaultConfigPath }),
    });
    cleanups.push(() => opencode.close());
    const metrics = new GatewayMetrics();
    let telegram: TelegramChannel | undefined;
    const ctx: GatewayContext = {
      config,
      db,
      owner,
      opencode,
      metrics,
      log,
      deliveryFetch: options.deliveryFetch ?? createGuardedFetch({ allowPrivateNetwork: config.webhook.allowPrivateNetwork, timeoutMs: 15_000 }),
      nowSeconds: options.nowSeconds ?? (() => Math.floor(Date.now() / 1000)),
      onJobStored: () => workers.notify(),
      approvalSignals: new ApprovalSignals(),
      taskSignals: new KeyedSignals(),
      callbackFetch: options.callbackFetch ?? createGuardedFetch({ allowPrivateNetwork: config.tasks.callbackAllowPrivateNetwork, timeoutMs: 15_000 }),
      get telegram() {
        return telegram;
      },
    };
    if (config.telegram !== undefined) telegram = createTelegramChannel({ config: config.telegram, log, store: (update) => storeTelegramUpdate(ctx, update) });

    // Created now, started once the runtime is ready; onJobStored wakes its idle workers.
    const workers = new WorkerPool({
      db,
      owner,
      concurrency: config.jobs.concurrency,
      leaseSeconds: config.jobs.leaseSeconds,
      // Runners' task leases expire on their own schedule; look for them as often as for the workers'.
      reclaimEveryMs: Math.max(500, Math.min(config.jobs.leaseSeconds, config.tasks.leaseSeconds) * 500),
      log,
      handlers: {
        run: (job, lease) => {
          if (job.kind === 'prompt') return runChatPromptJob(ctx, job, lease);
          if (job.kind === 'delivery') return runDeliveryJob(ctx, job, lease);
          if (job.kind === 'inbound') return runInboundJob(ctx, job, lease);
          if (job.kind === 'callback') return runCallbackJob(ctx, job, lease);
          return runUnsupportedJob(ctx, job, lease);
        },
        backoffMs: (attempts) => backoff(ctx, attempts),
        reclaimed: async (tx, job) => {
          if (job.kind !== 'task') return;
          await taskReclaimed(tx, ctx, job, 'gateway', 'lease_expired');
          // After the commit: a runner's poll may take the task again.
          setImmediate(() => ctx.taskSignals.notify(QUEUE_SIGNAL));
        },
      },
    });
    const telegramState: PollerState = { polling: false };
    const elector = new LeaderElector({ db, owner, leaseSeconds: config.leaderLeaseSeconds, log, onChange: (held) => metrics.leader.set(held ? 1 : 0) });
    const server = createGatewayServer({ ctx, readiness: () => runDoctor({ config, db, opencode, telegram: telegramState }), status: () => ({ leader: elector.isLeader, telegram: telegramState }) });
    const address = await server.listen();
    cleanups.push(() => server.close());
    log.log('info', 'http.listening', { url: address.url });

    elector.addDuty((signal) => retentionDuty(ctx, signal));
    const telegramRuns = new Set<Promise<void>>();
    // Runs after leader.stop() (cleanups run in reverse): a stopped duty finishes its last store.
    cleanups.push(async () => {
      await Promise.all([...telegramRuns]);
    });
    if (telegram !== undefined) {
      const channel = telegram;
      elector.addDuty((signal) => {
        const run = telegramDuty(ctx, channel, telegramState, signal).finally(() => telegramRuns.delete(run));
        telegramRuns.add(run);
      });
    }
    await elector.start();
    cleanups.push(() => elector.stop());

    await opencode.start();
    const sandbox = opencode.sandbox();
    // Said at every start, so an operator sees when a machine runs the runtime unsandboxed.
    log.log(sandbox === undefined || sandbox.strength === 'strong' ? 'info' : 'warn', 'runtime.ready', {
      managed: opencode.managed,
      ...(sandbox === undefined ? {} : { sandbox: sandbox.backend, sandboxStrength: sandbox.strength, sandboxNetwork: sandbox.network, ...(sandbox.reason === undefined ? {} : { sandboxReason: sandbox.reason }) }),
    });

    await workers.start();
    // Workers stop before the runtime they use (cleanups run in reverse).
    cleanups.push(() => workers.stop());
    log.log('info', 'gateway.started', { owner, url: address.url, store: db.engine });

    let closing: Promise<void> | undefined;
    return { url: address.url, port: address.port, owner, ctx, leader: elector, workers, telegramState, close: () => (closing ??= closeAll()) };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Polling, or registering the webhook, on the leader; stopped with its term. */
async function telegramDuty(ctx: GatewayContext, channel: TelegramChannel, state: PollerState, signal: AbortSignal): Promise<void> {
  try {
    if (channel.config.mode === 'webhook') await registerTelegramWebhook(ctx, channel, state, signal);
    else await pollTelegram(ctx, channel, state, signal);
  } catch (error) {
    ctx.log.log('error', 'telegram.duty.failed', { error: redactToken(messageOf(error), channel.config.token) });
  }
}

function retentionDuty(ctx: GatewayContext, signal: AbortSignal): void {
  const pass = async (): Promise<void> => {
    if (signal.aborted) return;
    try {
      const result = await runRetention(ctx.db, ctx.owner, ctx.config.retention);
      if (result.ran) {
        for (const [table, n] of Object.entries(result.counts)) if (n > 0) ctx.metrics.retentionDeleted.inc({ table }, n);
        ctx.log.log('info', 'retention.pruned', { counts: result.counts });
      }
    } catch (error) {
      ctx.log.log('warn', 'retention.failed', { error: messageOf(error) });
    }
  };
  void pass();
  const timer = setInterval(() => void pass(), ctx.config.retention.intervalSeconds * 1000);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
