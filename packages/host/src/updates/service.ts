// In-app updates in the host: one status the renderer may see (label, channel, versions,
// state, reason, manual link — nothing secret), a real check against the configured feed, and
// download/install through the app's UpdateDriver when this build may install by itself.
import { CodedError, HostErrorCode, type UpdateReason, type UpdateState, type UpdateStatus } from '@open-cowork/contracts';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { HostEventSink } from '../event-bus.js';
import type { GoogleTokenSource } from '../identity/index.js';
import type { Logger } from '../log/index.js';
import { createGuardedFetch, type GuardedFetch, type GuardedFetchOptions } from '../network/index.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { UpdateBuild, UpdateDriver } from './driver.js';
import { UpdateFailure } from './failure.js';
import { readFeed, type FeedRelease } from './feed-reader.js';
import { planFeed, type FeedPlan, type UpdatesConfig } from './sources.js';
import { isNewer } from './semver.js';
import { hostPackageVersion } from '../version.js';

export interface UpdateServiceOptions {
  /** The config's `updates` section. */
  readonly updates: UpdatesConfig;
  /** LoadResult.placeholders: a GitHub token is accepted only from an {env:NAME} placeholder. */
  readonly placeholders?: ReadonlyMap<string, string>;
  /** The version running; default: this package's. */
  readonly version?: string;
  /** What the app says about this build. Default: not packaged, not signed (manual only). */
  readonly build?: UpdateBuild | Promise<UpdateBuild>;
  /** The app's updater. Unset (the headless host): manual only. */
  readonly driver?: UpdateDriver;
  /** The Google sign-in, for GCS feeds that use it. */
  readonly googleTokens?: GoogleTokenSource;
  /** Options of the guarded fetch every feed request goes through (tests add a CA and a resolver). */
  readonly network?: GuardedFetchOptions;
  /** Default https://api.github.com. */
  readonly githubApiBase?: string;
  /** Default https://storage.googleapis.com. */
  readonly gcsBaseUrl?: string;
  /** Receives updates.changed. */
  readonly events?: HostEventSink;
  readonly logger: Logger;
  readonly clock?: Clock;
}

/** What changes between checks; the rest of the status comes from the plan and the build. */
interface Progress {
  readonly state: UpdateState;
  readonly reason?: UpdateReason;
  readonly release?: FeedRelease;
  readonly progress?: number;
  readonly checkedAt?: number;
}

const NOT_PACKAGED: UpdateBuild = { packaged: false, platform: process.platform, signed: false };
const FEED_TIMEOUT_MS = 20_000;

/** Why this build cannot install updates by itself, or undefined when it can. */
export function manualReason(build: UpdateBuild, hasDriver: boolean): UpdateReason | undefined {
  if (!hasDriver) return 'no-updater';
  if (!build.packaged) return 'development-build';
  if (build.platform !== 'darwin') return 'unsupported-platform';
  if (!build.signed) return 'unsigned-build';
  return undefined;
}

export class UpdateService {
  readonly #plan: FeedPlan;
  readonly #version: string;
  readonly #build: Promise<UpdateBuild>;
  readonly #driver: UpdateDriver | undefined;
  readonly #fetch: GuardedFetch;
  readonly #options: UpdateServiceOptions;
  readonly #logger: Logger;
  readonly #clock: Clock;
  #progress: Progress;
  #checking: Promise<UpdateStatus> | undefined;
  #manual: UpdateReason | undefined = 'no-updater';
  #platform: string = NOT_PACKAGED.platform;

  constructor(options: UpdateServiceOptions) {
    this.#options = options;
    this.#logger = options.logger;
    this.#clock = options.clock ?? systemClock;
    this.#version = options.version ?? hostPackageVersion();
    this.#driver = options.driver;
    // An internal release server is reachable only when its source says so (metadata never is).
    const source = options.updates?.releaseSource;
    const allowPrivateNetwork = source?.kind === 'generic-http' && source.allowPrivateNetwork === true;
    this.#fetch = createGuardedFetch({ timeoutMs: FEED_TIMEOUT_MS, allowPrivateNetwork, ...options.network });
    this.#build = Promise.resolve(options.build ?? NOT_PACKAGED)
      .catch(() => NOT_PACKAGED)
      .then((build) => {
        this.#platform = build.platform;
        this.#manual = manualReason(build, this.#driver !== undefined);
        return build;
      });
    this.#plan = planFeed(options.updates, {
      placeholders: options.placeholders ?? new Map(),
      fetch: this.#fetch,
      platform: () => this.#platform,
      ...(options.googleTokens === undefined ? {} : { googleTokens: options.googleTokens }),
      ...(options.gcsBaseUrl === undefined ? {} : { gcsBaseUrl: options.gcsBaseUrl }),
    });
    this.#progress = this.#plan.disabled ? { state: 'manual', reason: 'disabled' } : { state: 'idle' };
  }

  /** The status now. */
  async status(): Promise<UpdateStatus> {
    await this.#build;
    return this.#view();
  }

  /** Reads the feed and compares versions. Never throws: a failure is a status. */
  async check(): Promise<UpdateStatus> {
    await this.#build;
    if (this.#plan.disabled) return this.#view();
    // A download under way or finished is not thrown away by a check.
    if (this.#progress.state === 'downloading' || this.#progress.state === 'ready') return this.#view();
    this.#checking ??= this.#runCheck().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  /** Starts the download of the available update; answers once it has begun. */
  async download(): Promise<UpdateStatus> {
    await this.#build;
    const driver = this.#driver;
    if (this.#progress.state === 'downloading') return this.#view();
    if (this.#progress.state !== 'available' || driver === undefined || this.#manual !== undefined) {
      throw new CodedError(HostErrorCode.UpdateUnavailable, this.#unavailable('download'));
    }
    const release = this.#progress.release;
    this.#set({ ...this.#progress, state: 'downloading', progress: 0 });
    void this.#runDownload(driver, release);
    return this.#view();
  }

  /** Quits and installs the downloaded update. */
  async install(): Promise<UpdateStatus> {
    await this.#build;
    const driver = this.#driver;
    if (this.#progress.state !== 'ready' || driver === undefined) {
      throw new CodedError(HostErrorCode.UpdateUnavailable, this.#unavailable('install'));
    }
    try {
      await driver.install();
      this.#logger.info('installing the update; the app quits', { version: this.#progress.release?.version });
    } catch (error) {
      this.#logger.warn(`the update could not be installed: ${safeMessage(error)}`);
      this.#set({ ...this.#progress, state: 'error', reason: 'install-failed' });
    }
    return this.#view();
  }

  async #runCheck(): Promise<UpdateStatus> {
    this.#set({ ...this.#progress, state: 'checking', reason: undefined });
    try {
      const feed = await this.#plan.resolve();
      const release = await readFeed(feed, {
        fetch: this.#fetch,
        ...(this.#options.githubApiBase === undefined ? {} : { githubApiBase: this.#options.githubApiBase }),
      });
      const checkedAt = this.#clock.now();
      if (!isNewer(release.parsedVersion, this.#version)) {
        this.#set({ state: 'up-to-date', checkedAt });
      } else {
        const reason = this.#manual ?? (release.metadata ? undefined : 'no-feed-metadata');
        this.#set(reason === undefined ? { state: 'available', release, checkedAt } : { state: 'manual', reason, release, checkedAt });
        this.#logger.info('an update is available', { version: release.version, inApp: reason === undefined });
      }
    } catch (error) {
      const reason = error instanceof UpdateFailure ? error.reason : 'network';
      this.#logger.warn(`the update check failed: ${safeMessage(error)}`, { reason });
      this.#set({ state: 'error', reason, checkedAt: this.#clock.now() });
    }
    return this.#view();
  }

  async #runDownload(driver: UpdateDriver, release: FeedRelease | undefined): Promise<void> {
    try {
      const feed = await this.#plan.resolve();
      const found = await driver.check(feed);
      if (!found.available) throw new UpdateFailure('download-failed', 'the updater found no update at the feed');
      let last = 0;
      await driver.download((percent) => {
        const rounded = Math.max(0, Math.min(100, Math.floor(percent)));
        if (rounded === last || this.#progress.state !== 'downloading') return;
        last = rounded;
        this.#set({ ...this.#progress, progress: rounded });
      });
      this.#set({ state: 'ready', ...(release === undefined ? {} : { release }), ...(this.#progress.checkedAt === undefined ? {} : { checkedAt: this.#progress.checkedAt }) });
      this.#logger.info('the update is downloaded; it installs on restart', { version: found.version ?? release?.version });
    } catch (error) {
      const reason = error instanceof UpdateFailure ? error.reason : 'download-failed';
      this.#logger.warn(`the update download failed: ${safeMessage(error)}`, { reason });
      this.#set({ state: 'error', reason, ...(release === undefined ? {} : { release }) });
    }
  }

  #unavailable(action: 'download' | 'install'): string {
    if (this.#plan.disabled) return 'Updates are turned off in the configuration.';
    if (this.#manual !== undefined) return `This build does not ${action} updates itself (${this.#manual}); use the download page.`;
    return action === 'download' ? `There is no update to download (the status is "${this.#progress.state}").` : `No update is downloaded yet (the status is "${this.#progress.state}").`;
  }

  #set(next: Progress): void {
    this.#progress = next;
    this.#options.events?.publish('updates.changed', this.#view());
  }

  /** The safe view: built field by field from public values only. */
  #view(): UpdateStatus {
    const { state, reason, release, progress, checkedAt } = this.#progress;
    const shown = release !== undefined && state !== 'up-to-date';
    return {
      label: this.#plan.label,
      channel: this.#plan.channel,
      currentVersion: this.#version,
      state,
      inApp: !this.#plan.disabled && this.#manual === undefined && (release?.metadata ?? true),
      ...(shown ? { availableVersion: release.version } : {}),
      ...(shown && release.releaseDate !== undefined ? { releaseDate: release.releaseDate } : {}),
      ...(reason === undefined ? {} : { reason }),
      ...(this.#plan.manualUrl === undefined ? {} : { manualUrl: this.#plan.manualUrl }),
      ...(state === 'downloading' && progress !== undefined ? { progress } : {}),
      ...(checkedAt === undefined ? {} : { checkedAt }),
    };
  }
}

/** An error's message for the log: feed failures are written to be safe; anything else shows only its kind. */
function safeMessage(error: unknown): string {
  if (error instanceof UpdateFailure) return error.message;
  if (error instanceof CodedError) return error.code;
  return error instanceof Error ? error.name : 'unknown error';
}

export function updateHandlers(service: UpdateService): HandlersFor<'updates.status' | 'updates.check' | 'updates.download' | 'updates.install'> {
  return {
    'updates.status': () => service.status(),
    'updates.check': () => service.check(),
    'updates.download': () => service.download(),
    'updates.install': () => service.install(),
  };
}
