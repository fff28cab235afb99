// The electron-updater adapter: the host's resolved feed in electron-updater's terms, lazy
// loading, progress, install. Feed choice and credentials are the host's (packages/host/test/updates).
import { describe, expect, it } from 'vitest';
import { appBundleOf, isDeveloperSigned, type Run } from '../src/code-signature.js';
import { electronFeed, ElectronUpdateDriver } from '../src/updates.js';
import { FakeUpdater } from './fakes.js';

describe('electronFeed', () => {
  it('maps GitHub coordinates, with a token only for a private repository', () => {
    expect(electronFeed({ provider: 'github', owner: 'acme', repo: 'cowork', channel: 'beta', headers: {} })).toEqual({
      provider: 'github',
      owner: 'acme',
      repo: 'cowork',
      channel: 'beta',
    });
    expect(electronFeed({ provider: 'github', owner: 'acme', repo: 'cowork', channel: 'latest', token: 't0k', headers: {} })).toEqual({
      provider: 'github',
      owner: 'acme',
      repo: 'cowork',
      channel: 'latest',
      private: true,
      token: 't0k',
    });
  });

  it('maps a generic folder (GCS and broker feeds are generic too)', () => {
    expect(electronFeed({ provider: 'generic', url: 'https://u.example/mac?sig=1', channel: 'latest', headers: { Authorization: 'Bearer x' } })).toEqual({
      provider: 'generic',
      url: 'https://u.example/mac?sig=1',
      channel: 'latest',
    });
  });
});

describe('ElectronUpdateDriver', () => {
  it('loads electron-updater only when first used', async () => {
    let loads = 0;
    const updater = new FakeUpdater();
    const driver = new ElectronUpdateDriver(async () => (loads++, updater));
    expect(loads).toBe(0);
    await driver.check({ provider: 'generic', url: 'https://u.example/mac', channel: 'latest', headers: {} });
    await driver.check({ provider: 'generic', url: 'https://u.example/mac', channel: 'latest', headers: {} });
    expect(loads).toBe(1);
  });

  it('points electron-updater at the feed with its headers: no auto-download, install on quit', async () => {
    const updater = new FakeUpdater();
    const driver = new ElectronUpdateDriver(async () => updater);
    await expect(driver.check({ provider: 'generic', url: 'https://u.example/mac', channel: 'latest', headers: { 'X-Key': 'k' } })).resolves.toEqual({ available: false });
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://u.example/mac', channel: 'latest' });
    expect(updater.requestHeaders).toEqual({ 'X-Key': 'k' });
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    // A feed without headers clears those of the previous one.
    updater.latest = '2.0.0';
    await expect(driver.check({ provider: 'github', owner: 'a', repo: 'b', channel: 'latest', headers: {} })).resolves.toEqual({ available: true, version: '2.0.0' });
    expect(updater.requestHeaders).toBeNull();
  });

  it('reports download progress, detaches its listener, and installs', async () => {
    const updater = new FakeUpdater();
    updater.progressSteps = [10, 55.5, 100];
    const driver = new ElectronUpdateDriver(async () => updater);
    const seen: number[] = [];
    await driver.download((percent) => seen.push(percent));
    expect(seen).toEqual([10, 55.5, 100]);
    expect(updater.downloads).toBe(1);
    expect(updater.listeners).toBe(0);
    updater.downloadUpdate = async () => Promise.reject(new Error('disk full'));
    await expect(driver.download()).rejects.toThrow('disk full');
    expect(updater.listeners).toBe(0);
    await driver.install();
    expect(updater.installs).toBe(1);
  });
});

describe('code signature', () => {
  const bundle = '/Applications/Acme Cowork.app';
  const exec = `${bundle}/Contents/MacOS/Acme Cowork`;
  const codesign = (verify: number, details: string): Run & { calls: string[][] } => {
    const calls: string[][] = [];
    const run: Run = async (_file, args) => {
      calls.push([...args]);
      return args[0] === '--verify' ? { code: verify, stderr: '' } : { code: 0, stderr: details };
    };
    return Object.assign(run, { calls });
  };

  it('finds the .app bundle around the executable', () => {
    expect(appBundleOf(exec)).toBe(bundle);
    expect(appBundleOf('/usr/local/bin/electron')).toBeUndefined();
  });

  it('counts a verified signature with a team, not an ad-hoc one or a failed verify', async () => {
    const signed = codesign(0, 'Executable=x\nAuthority=Developer ID Application: Acme (ABCDE12345)\nTeamIdentifier=ABCDE12345\n');
    await expect(isDeveloperSigned({ platform: 'darwin', isPackaged: true, execPath: exec, run: signed })).resolves.toBe(true);
    expect(signed.calls).toEqual([
      ['--verify', '--strict', bundle],
      ['--display', '--verbose=2', bundle],
    ]);
    await expect(isDeveloperSigned({ platform: 'darwin', isPackaged: true, execPath: exec, run: codesign(0, 'Signature=adhoc\nTeamIdentifier=not set\n') })).resolves.toBe(false);
    await expect(isDeveloperSigned({ platform: 'darwin', isPackaged: true, execPath: exec, run: codesign(1, 'TeamIdentifier=ABCDE12345\n') })).resolves.toBe(false);
  });

  it('is false, without asking codesign, off macOS and in development', async () => {
    const run = codesign(0, 'TeamIdentifier=ABCDE12345\n');
    await expect(isDeveloperSigned({ platform: 'linux', isPackaged: true, execPath: exec, run })).resolves.toBe(false);
    await expect(isDeveloperSigned({ platform: 'darwin', isPackaged: false, execPath: exec, run })).resolves.toBe(false);
    expect(run.calls).toEqual([]);
  });
});
