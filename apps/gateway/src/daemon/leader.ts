// The daemon lease: at most one replica is the leader and runs the duties (retention, channel
// polling). The lease row's expiry is computed by the database; a replica that fails to renew
// stops its duties at once, before anyone else can take the lease over.
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { AuditType, recordAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { acquireLease, DAEMON_LEASE, releaseLease } from '../store/leases.js';

/** A duty starts when leadership is gained and is stopped through its signal when it is lost. */
export type LeaderDuty = (signal: AbortSignal) => void;

export interface LeaderOptions {
  readonly db: Db;
  readonly owner: string;
  readonly leaseSeconds: number;
  readonly log: Logger;
  readonly onChange?: (leader: boolean) => void;
}

export class LeaderElector {
  readonly #options: LeaderOptions;
  readonly #duties: LeaderDuty[] = [];
  #term: AbortController | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #tick: Promise<void> = Promise.resolve();

  constructor(options: LeaderOptions) {
    this.#options = options;
  }

  get isLeader(): boolean {
    return this.#term !== undefined;
  }

  addDuty(duty: LeaderDuty): void {
    this.#duties.push(duty);
    if (this.#term) duty(this.#term.signal);
  }

  async start(): Promise<void> {
    await this.#attempt();
    const every = Math.max(200, (this.#options.leaseSeconds * 1000) / 3);
    this.#timer = setInterval(() => void (this.#tick = this.#tick.then(() => this.#attempt())), every);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#tick;
    if (this.#term) {
      this.#lose('stopping');
      await releaseLease(this.#options.db, DAEMON_LEASE, this.#options.owner).catch(() => undefined);
    }
  }

  async #attempt(): Promise<void> {
    if (this.#stopped) return;
    const { db, owner, leaseSeconds, log } = this.#options;
    let held: boolean;
    try {
      held = await acquireLease(db, DAEMON_LEASE, owner, leaseSeconds);
    } catch (error) {
      log.log('warn', 'leader.renew.failed', { error: messageOf(error) });
      held = false;
    }
    if (this.#stopped) return;
    if (held && !this.#term) {
      this.#term = new AbortController();
      log.log('info', 'leader.acquired', { owner });
      this.#options.onChange?.(true);
      await recordAudit(db, { type: AuditType.LeaderAcquired, actor: owner }).catch(() => undefined);
      for (const duty of this.#duties) duty(this.#term.signal);
    } else if (!held && this.#term) {
      this.#lose('lease not renewed');
      await recordAudit(db, { type: AuditType.LeaderLost, actor: owner }).catch(() => undefined);
    }
  }

  #lose(reason: string): void {
    this.#term?.abort();
    this.#term = undefined;
    this.#options.log.log('info', 'leader.lost', { owner: this.#options.owner, reason });
    this.#options.onChange?.(false);
  }
}
