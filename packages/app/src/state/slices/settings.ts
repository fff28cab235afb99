// The settings slice (model/settings.ts).

import type { SettingsActions, SettingsData } from '../model/settings.js';
import type { SliceContext } from '../slice.js';

export function settingsSlice({ host, set }: SliceContext<SettingsData>): SettingsActions {
  return {
    async loadSettings() {
      set({ settings: await host['settings.get']({}) });
    },

    async updateSettings(patch) {
      const settings = await host['settings.set']({ patch });
      set({ settings });
      return settings;
    },

    loadTelemetrySwitch: () => host['settings.telemetry']({}),
    setTelemetry: (on) => host['settings.setTelemetry']({ on }),
  };
}
