import { describe, expect, it } from 'vitest';
import { checkAndDownload, createUpdateDriver, updateFeed } from '../src/updates.js';
import { FakeUpdater, recordingLogger } from './fakes.js';

describe('updateFeed', () => {
  it('is off when the config turns updates off, and in development builds', () => {
    expect(updateFeed({ enabled: false }, true)).toEqual({ disabled: expect.stringContaining('turned off') });
    expect(updateFeed({ enabled: true }, false)).toEqual({ disabled: expect.stringContaining('development') });
  });

  it('defaults to the upstream GitHub releases', () => {
    expect(updateFeed(undefined, true)).toEqual({ feed: { provider: 'github', owner: 'open-cowork', repo: 'open-cowork' } });
  });

  it('maps each release source kind', () => {
    expect(updateFeed({ releaseSource: { kind: 'github-releases', owner: 'acme', repo: 'cowork', channel: 'beta' } }, true)).toEqual({
      feed: { provider: 'github', owner: 'acme', repo: 'cowork', channel: 'beta' },
    });
    expect(updateFeed({ releaseSource: { kind: 'github-releases', owner: 'acme', repo: 'cowork', auth: { kind: 'github-token', token: 't0k' } } }, true)).toEqual({
      feed: { provider: 'github', owner: 'acme', repo: 'cowork', private: true, token: 't0k' },
    });
    expect(
      updateFeed({ releaseSource: { kind: 'generic-http', url: 'https://updates.acme.example/mac', auth: { kind: 'static-headers', headers: { Authorization: 'Bearer x' } } } }, true),
    ).toEqual({ feed: { provider: 'generic', url: 'https://updates.acme.example/mac' }, headers: { Authorization: 'Bearer x' } });
    expect(updateFeed({ releaseSource: { kind: 'gcs', bucket: 'acme-updates', prefix: 'desktop' } }, true)).toEqual({
      feed: { provider: 'generic', url: 'https://storage.googleapis.com/acme-updates/desktop/latest' },
    });
  });

  it('is off, saying why, when a credential it needs is unset or unsupported', () => {
    expect(updateFeed({ releaseSource: { kind: 'github-releases', owner: 'a', repo: 'b', auth: { kind: 'github-token', token: '' } } }, true)).toHaveProperty('disabled');
    expect(updateFeed({ releaseSource: { kind: 'generic-http', url: 'https://u.example', auth: { kind: 'static-headers', headers: { 'X-Key': '' } } } }, true)).toHaveProperty('disabled');
    expect(updateFeed({ releaseSource: { kind: 'gcs', bucket: 'acme-updates', auth: { kind: 'google-oauth' } } }, true)).toHaveProperty('disabled');
  });
});

describe('the update driver', () => {
  it('does not even load electron-updater when updates are off', async () => {
    let loads = 0;
    const driver = await createUpdateDriver({ updates: { enabled: false }, isPackaged: true, loadUpdater: async () => (loads++, new FakeUpdater()) });
    expect(driver.disabledReason).toMatch(/turned off/);
    await expect(driver.check()).resolves.toEqual({ available: false });
    expect(loads).toBe(0);
  });

  it('configures electron-updater: the feed, no auto-download, install on quit, private headers', async () => {
    const updater = new FakeUpdater();
    await createUpdateDriver({
      updates: { releaseSource: { kind: 'generic-http', url: 'https://u.example/mac', auth: { kind: 'static-headers', headers: { 'X-Key': 'k' } } } },
      isPackaged: true,
      loadUpdater: async () => updater,
    });
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://u.example/mac' });
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.requestHeaders).toEqual({ 'X-Key': 'k' });
  });

  it('checks and downloads what it finds, and never throws', async () => {
    const updater = new FakeUpdater();
    const driver = await createUpdateDriver({ updates: undefined, isPackaged: true, loadUpdater: async () => updater });
    const { logger, records } = recordingLogger();
    await expect(checkAndDownload(driver, logger)).resolves.toEqual({ available: false });
    updater.latest = '2.0.0';
    await expect(checkAndDownload(driver, logger)).resolves.toEqual({ available: true, version: '2.0.0' });
    expect(updater.downloads).toBe(1);
    updater.checkForUpdates = async () => Promise.reject(new Error('offline'));
    await expect(checkAndDownload(driver, logger)).resolves.toEqual({ available: false });
    expect(records.some((record) => record.level === 'warn' && record.message.includes('offline'))).toBe(true);
  });
});
