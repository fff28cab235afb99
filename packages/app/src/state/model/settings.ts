// The user's settings (permissions, web search, appearance, the default model, …).

import type { Settings, SettingsPatch } from '@open-cowork/contracts';

export interface SettingsData {
  /** Unset until loaded (boot loads them). */
  readonly settings: Settings | undefined;
}

export const SETTINGS_DATA: SettingsData = { settings: undefined };

export interface SettingsActions {
  loadSettings(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
}
