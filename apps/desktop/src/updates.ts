// The host's UpdateDriver over electron-updater, and nothing more: the host decides the feed,
// its credentials and whether this build may install by itself (see packages/host/src/updates),
// and hands over a resolved feed before each use. electron-updater is loaded on first use, so
// a build that never downloads never loads it.
import type { DriverCheck, ResolvedFeed, UpdateDriver } from '@open-cowork/host';
import type { UpdateFeed, UpdaterPort } from './ports.js';

/** The feed in electron-updater's terms. */
export function electronFeed(feed: ResolvedFeed): UpdateFeed {
  if (feed.provider === 'github') {
    return {
      provider: 'github',
      owner: feed.owner,
      repo: feed.repo,
      channel: feed.channel,
      ...(feed.token === undefined ? {} : { private: true, token: feed.token }),
    };
  }
  return { provider: 'generic', url: feed.url, channel: feed.channel };
}

export class ElectronUpdateDriver implements UpdateDriver {
  #updater: Promise<UpdaterPort> | undefined;

  constructor(private readonly loadUpdater: () => Promise<UpdaterPort>) {}

  #load(): Promise<UpdaterPort> {
    this.#updater ??= this.loadUpdater().then((updater) => {
      // Downloads start when the host asks; what is downloaded installs when the app quits.
      updater.autoDownload = false;
      updater.autoInstallOnAppQuit = true;
      return updater;
    });
    return this.#updater;
  }

  async check(feed: ResolvedFeed): Promise<DriverCheck> {
    const updater = await this.#load();
    updater.setFeedURL(electronFeed(feed));
    updater.requestHeaders = Object.keys(feed.headers).length === 0 ? null : { ...feed.headers };
    const result = await updater.checkForUpdates();
    return result?.isUpdateAvailable === true ? { available: true, version: result.updateInfo.version } : { available: false };
  }

  async download(onProgress?: (percent: number) => void): Promise<void> {
    const updater = await this.#load();
    const listener = (info: { readonly percent: number }) => onProgress?.(info.percent);
    updater.on('download-progress', listener);
    try {
      await updater.downloadUpdate();
    } finally {
      updater.removeListener('download-progress', listener);
    }
  }

  async install(): Promise<void> {
    (await this.#load()).quitAndInstall();
  }
}
