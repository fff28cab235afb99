import type { UpdateStatus } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../src/state/store.js';
import { fakeHost } from './fakes.js';

const base: UpdateStatus = { label: 'GitHub releases of acme/app', channel: 'latest', currentVersion: '1.0.0', state: 'idle', inApp: true, manualUrl: 'https://acme.example/download' };

describe('updates in the store', () => {
  it('loads, checks, downloads and installs through the host, keeping the status it answers', async () => {
    const host = fakeHost({
      'updates.status': () => base,
      'updates.check': () => ({ ...base, state: 'available', availableVersion: '1.1.0' }),
      'updates.download': () => ({ ...base, state: 'downloading', availableVersion: '1.1.0', progress: 0 }),
      'updates.install': () => ({ ...base, state: 'ready', availableVersion: '1.1.0' }),
    });
    const store = createAppStore(host);
    const { actions } = store.getState();
    expect(store.getState().updates).toBeUndefined();
    await actions.loadUpdates();
    expect(store.getState().updates).toEqual(base);
    await actions.checkForUpdates();
    expect(store.getState().updates).toMatchObject({ state: 'available', availableVersion: '1.1.0' });
    await actions.downloadUpdate();
    expect(store.getState().updates).toMatchObject({ state: 'downloading', progress: 0 });
    await actions.installUpdate();
    expect(host.calls.map((c) => c.method)).toEqual(['updates.status', 'updates.check', 'updates.download', 'updates.install']);
  });

  it('follows updates.changed events', () => {
    const store = createAppStore(fakeHost({}));
    store.getState().actions.ingest([
      { type: 'updates.changed', payload: { ...base, state: 'downloading', availableVersion: '1.1.0', progress: 40 } },
      { type: 'updates.changed', payload: { ...base, state: 'ready', availableVersion: '1.1.0' } },
    ]);
    expect(store.getState().updates).toEqual({ ...base, state: 'ready', availableVersion: '1.1.0' });
  });

  it('passes a refused download on to the caller', async () => {
    const store = createAppStore(fakeHost({ 'updates.download': () => Promise.reject(Object.assign(new Error('nothing to download'), { code: 'UPDATE_UNAVAILABLE' })) }));
    await expect(store.getState().actions.downloadUpdate()).rejects.toMatchObject({ code: 'UPDATE_UNAVAILABLE' });
    expect(store.getState().updates).toBeUndefined();
  });
});
