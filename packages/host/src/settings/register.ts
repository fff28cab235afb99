// The settings feature: settings.get and settings.set.
import type { HostDispatcher } from '../dispatch/index.js';
import { settingsHandlers } from './service.js';
import type { SettingsStore } from './store.js';

export function registerSettings(dispatcher: Pick<HostDispatcher, 'register'>, settings: SettingsStore): void {
  dispatcher.register(settingsHandlers({ settings }));
}
