// The user's settings (permissions, web search, appearance, the default model, …).

import type { Settings, SettingsPatch } from '@open-cowork/contracts';
import type { SliceContext } from '../slice.js';

export interface SettingsData {
  /** Unset until loaded (boot loads them). */
  readonly settings: Settings | undefined;
}

export interface SettingsActions {
  loadSettings(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
}

export const SETTINGS_DATA: SettingsData = { settings: undefined };

export function settingsSlice({ host, set }: SliceContext): SettingsActions {
  return {
    async loadSettings() {
      set({ settings: await host['settings.get']({}) });
    },

    async updateSettings(patch) {
      const settings = await host['settings.set']({ patch });
      set({ settings });
      return settings;
    },
  };
}
