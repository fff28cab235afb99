// Isolated session jobs inside the host: one JobsManager rooted in `<dataDir>/jobs`, opened at
// host start (so jobs an earlier host left are recovered and their notifications sent) or at the
// first jobs.* call, whichever comes first. A session server uses the provider and model the
// host's runtime would boot with now; completion notifications become job.finished events.
import { CodedError, HostErrorCode } from '@open-cowork/contracts';
import { JobsError, JobsErrorCode, JobsManager, type JobsManagerOptions, type Notification, type SessionConfigInput } from '@open-cowork/jobs';
import type { AppLaunchConfig } from '@open-cowork/runtime';
import type { HostEventSink } from '../event-bus.js';
import type { Logger } from '../log/index.js';
import { postJobNotification, type JobsWebhook } from './webhook.js';

export interface HostJobsOptions {
  readonly dataDir: string;
  /** The launch config the runtime would boot with now: its provider and model go to session servers. */
  readonly launch: () => Promise<AppLaunchConfig>;
  readonly events: HostEventSink;
  readonly logger: Logger;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly npmRegistry?: string;
  /** Where notifications also go, signed (OPEN_COWORK_JOBS_WEBHOOK_*); the event is sent either way. */
  readonly webhook?: JobsWebhook;
  /** Manager options beyond these (tests: limits, the sandbox choice). */
  readonly manager?: Partial<Omit<JobsManagerOptions, 'dataDir' | 'sessionConfig' | 'notify'>>;
}

/** The parts of the runtime's OpenCode config a session server needs: who answers, nothing else (no MCP servers, agents or skills of the host). */
export function sessionConfigFrom(launch: AppLaunchConfig): SessionConfigInput {
  const config = launch.config as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of ['provider', 'model', 'small_model', 'enabled_providers', 'disabled_providers']) {
    if (config[key] !== undefined) picked[key] = config[key];
  }
  return { config: picked, secrets: launch.secrets };
}

/** A job.finished payload from an outbox entry (only the contract's fields). */
export function finishedEvent(notification: Readonly<Notification>) {
  return {
    id: notification.id,
    jobId: notification.jobId,
    sessionId: notification.sessionId,
    state: notification.state,
    elapsedSeconds: notification.elapsedSeconds,
    outputBytes: notification.outputBytes,
    ...(notification.exitReason !== undefined ? { exitReason: notification.exitReason } : {}),
    ...(notification.error !== undefined ? { error: notification.error } : {}),
    ...(notification.requester !== undefined ? { requester: notification.requester } : {}),
  };
}

/** The jobs service's refusals in the host's codes (the jobs code kept in `data`). */
export function hostErrorOf(error: unknown): unknown {
  if (!(error instanceof JobsError)) return error;
  const code = {
    [JobsErrorCode.BadId]: HostErrorCode.BadRequest,
    [JobsErrorCode.BadInput]: HostErrorCode.BadRequest,
    [JobsErrorCode.NotFound]: HostErrorCode.NotFound,
    [JobsErrorCode.SessionBusy]: HostErrorCode.Conflict,
    [JobsErrorCode.Locked]: HostErrorCode.JobsUnavailable,
    [JobsErrorCode.SandboxUnsupported]: HostErrorCode.JobsUnavailable,
    [JobsErrorCode.StateInvalid]: HostErrorCode.Internal,
  }[error.code];
  return new CodedError(code, error.message, { jobsCode: error.code });
}

const PUBLISHED_KEPT = 1000;

export class HostJobs {
  readonly #options: HostJobsOptions;
  #opening: Promise<JobsManager> | undefined;
  #closed = false;
  /** Notifications this host already sent as events: a retry for the webhook does not send the event again. */
  readonly #published = new Set<string>();

  constructor(options: HostJobsOptions) {
    this.#options = options;
  }

  /** The manager, opened once; a failed open is retried by the next call. */
  manager(): Promise<JobsManager> {
    if (this.#closed) return Promise.reject(new JobsError(JobsErrorCode.Locked, 'The host is stopping; jobs are closed.'));
    this.#opening ??= this.#open().catch((error: unknown) => {
      this.#opening = undefined;
      throw error;
    });
    return this.#opening;
  }

  /** Opens the manager now (recovering what an earlier host left); a failure is logged, not thrown. */
  async start(): Promise<void> {
    await this.manager().catch((error: unknown) => this.#options.logger.warn(`jobs are unavailable: ${(error as Error).message}`));
  }

  /** Releases the jobs folder. Session servers keep running; the next host reconnects to them. */
  async stop(): Promise<void> {
    this.#closed = true;
    const opening = this.#opening;
    this.#opening = undefined;
    const manager = await opening?.catch(() => undefined);
    await manager?.close();
  }

  async #open(): Promise<JobsManager> {
    const options = this.#options;
    const log = options.logger;
    return JobsManager.open({
      ...options.manager,
      dataDir: options.dataDir,
      sessionConfig: async () => sessionConfigFrom(await options.launch()),
      ...(options.env !== undefined ? { parentEnv: options.env } : {}),
      ...(options.npmRegistry !== undefined ? { npmRegistry: options.npmRegistry } : {}),
      notify: async (notification) => {
        log.info('job finished', { jobId: notification.jobId, state: notification.state, ...(notification.exitReason ? { exitReason: notification.exitReason } : {}) });
        const payload = finishedEvent(notification);
        if (!this.#published.has(payload.id)) {
          this.#published.add(payload.id);
          if (this.#published.size > PUBLISHED_KEPT) this.#published.delete(this.#published.values().next().value as string);
          options.events.publish('job.finished', payload);
        }
        if (options.webhook === undefined) return;
        // A failure is retried by the outbox (the event may then come again, with the same id).
        await postJobNotification(options.webhook, payload).catch((error: unknown) => {
          log.warn('job notification not delivered to the webhook', { id: payload.id, attempt: notification.attempts + 1, reason: error instanceof Error ? error.message : String(error) });
          throw error;
        });
      },
    });
  }
}
