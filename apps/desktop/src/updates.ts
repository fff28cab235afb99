// In-app updates: the config's `updates` section turned into an electron-updater feed, and a
// small driver that checks, downloads in the background and lets the update install when the
// app quits. Feed credentials stay in this process; the renderer never sees them.
import type { OpenCoworkConfig, ReleaseSource } from '@open-cowork/config';
import type { Logger } from '@open-cowork/host';
import type { UpdateFeed, UpdaterPort } from './ports.js';

export type UpdateCheck = { readonly available: false } | { readonly available: true; readonly version: string };

export interface UpdateDriver {
  /** Why updates are off, or undefined when they are on. */
  readonly disabledReason: string | undefined;
  check(): Promise<UpdateCheck>;
  /** Downloads the update `check` found; it installs when the app quits. */
  download(): Promise<void>;
}

export type FeedChoice =
  | { readonly feed: UpdateFeed; readonly headers?: Readonly<Record<string, string>> }
  | { readonly disabled: string };

/** The upstream feed, used when the config names none. */
const UPSTREAM: UpdateFeed = { provider: 'github', owner: 'open-cowork', repo: 'open-cowork' };

/** The feed the config asks for, or why there is none. */
export function updateFeed(updates: OpenCoworkConfig['updates'], isPackaged: boolean): FeedChoice {
  if (updates?.enabled === false) return { disabled: 'updates are turned off in the configuration' };
  if (!isPackaged) return { disabled: 'development builds do not update themselves' };
  const source: ReleaseSource | undefined = updates?.releaseSource;
  if (source === undefined) return { feed: UPSTREAM };
  const channel = source.channel === undefined ? {} : { channel: source.channel };
  switch (source.kind) {
    case 'github-releases': {
      if (source.auth === undefined) return { feed: { provider: 'github', owner: source.owner, repo: source.repo, ...channel } };
      if (source.auth.token === '') return { disabled: 'the update feed needs a GitHub token, and its variable is not set' };
      return { feed: { provider: 'github', owner: source.owner, repo: source.repo, ...channel, private: true, token: source.auth.token } };
    }
    case 'generic-http': {
      const headers = source.auth?.headers ?? {};
      if (Object.values(headers).some((value) => value === '')) return { disabled: 'a header of the update feed is not set' };
      return { feed: { provider: 'generic', url: source.url, ...channel }, ...(source.auth ? { headers } : {}) };
    }
    case 'gcs': {
      if (source.auth !== undefined) return { disabled: `a GCS feed with "${source.auth.kind}" access is not supported by this build` };
      // gs://<bucket>/<prefix>/<channel>/latest-mac.yml, read anonymously over HTTPS.
      const folder = [source.prefix, source.channel ?? 'latest'].filter((part) => part !== undefined).join('/');
      return { feed: { provider: 'generic', url: `https://storage.googleapis.com/${source.bucket}/${folder}` } };
    }
  }
}

export interface UpdateDriverOptions {
  readonly updates: OpenCoworkConfig['updates'];
  readonly isPackaged: boolean;
  readonly loadUpdater: () => Promise<UpdaterPort>;
}

/** The driver for this build: electron-updater behind the feed, or one that does nothing and says why. */
export async function createUpdateDriver(options: UpdateDriverOptions): Promise<UpdateDriver> {
  const choice = updateFeed(options.updates, options.isPackaged);
  if ('disabled' in choice) {
    return { disabledReason: choice.disabled, check: async () => ({ available: false }), download: async () => undefined };
  }
  const updater = await options.loadUpdater();
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = true;
  updater.setFeedURL(choice.feed);
  if (choice.headers !== undefined) updater.requestHeaders = { ...choice.headers };
  return {
    disabledReason: undefined,
    async check() {
      const result = await updater.checkForUpdates();
      return result?.isUpdateAvailable === true ? { available: true, version: result.updateInfo.version } : { available: false };
    },
    async download() {
      await updater.downloadUpdate();
    },
  };
}

/** One background round: check, and download what was found. Never throws. */
export async function checkAndDownload(driver: UpdateDriver, logger: Logger): Promise<UpdateCheck> {
  if (driver.disabledReason !== undefined) {
    logger.debug('update checks are off', { reason: driver.disabledReason });
    return { available: false };
  }
  try {
    const found = await driver.check();
    if (found.available) {
      await driver.download();
      logger.info('an update was downloaded; it installs when the app quits', { version: found.version });
    }
    return found;
  } catch (error) {
    logger.warn(`the update check failed: ${error instanceof Error ? error.message : String(error)}`);
    return { available: false };
  }
}
