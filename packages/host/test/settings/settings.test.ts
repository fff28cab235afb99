import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryCipher } from '../../src/ports/index.js';
import { runtimeSettingsSource, settingsHandlers } from '../../src/settings/service.js';
import { SettingsStore } from '../../src/settings/store.js';
import { tempDir } from '../state/temp-dir.js';

async function store(): Promise<SettingsStore> {
  return new SettingsStore({ file: path.join(await tempDir(), 'settings.json'), cipher: new MemoryCipher(), ceilings: { bash: 'ask' } });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the settings store as the runtime\'s settings source', () => {
  it('asks for a restart only when something the runtime is built from changed since it booted', async () => {
    const settings = await store();
    const errors: unknown[] = [];
    const source = runtimeSettingsSource(settings, (error) => errors.push(error));
    const heard: string[] = [];
    source.onChange((what) => heard.push(what));
    await source.runtimeSettings(); // what the runtime booted with

    await settings.update({ appearance: 'dark', language: 'fr' });
    await settle();
    expect(heard).toEqual([]);

    await settings.update({ permissions: { fileWrite: 'allow' } });
    await settle();
    expect(heard).toEqual(['settings']);

    await settings.setCredential('provider', 'openrouter', 'apiKey', 'sk-1');
    expect(heard).toEqual(['settings', 'credentials']);

    await source.runtimeSettings(); // the restart happened
    await settings.update({ permissions: { fileWrite: 'allow' }, appearance: 'light' });
    await settle();
    expect(heard).toEqual(['settings', 'credentials']);
    expect(errors).toEqual([]);
  });
});

describe('settings.set', () => {
  it('refuses a choice above the ceiling with PERMISSION_CEILING and changes nothing', async () => {
    const settings = await store();
    const handlers = settingsHandlers({ settings });
    await expect(handlers['settings.set']({ patch: { permissions: { bash: 'allow' }, appearance: 'dark' } })).rejects.toMatchObject({
      code: 'PERMISSION_CEILING',
      data: { capability: 'bash', requested: 'allow', ceiling: 'ask' },
    });
    expect((await handlers['settings.get']({})).appearance).toBe('system');
    expect((await handlers['settings.set']({ patch: { permissions: { bash: 'off' } } })).permissions.bash).toBe('off');
  });
});
