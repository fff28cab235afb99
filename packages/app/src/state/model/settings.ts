// The user's settings (permissions, web search, appearance, the default model, …).

import type { Settings, SettingsPatch, TelemetrySwitch } from '@open-cowork/contracts';

export interface SettingsData {
  /** Unset until loaded (boot loads them). */
  readonly settings: Settings | undefined;
}

export const SETTINGS_DATA: SettingsData = { settings: undefined };

export interface SettingsActions {
  loadSettings(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  /** The telemetry switch (the config's telemetry.collect) and who, if anyone, fixes it. Not kept in the state. */
  loadTelemetrySwitch(): Promise<TelemetrySwitch>;
  /** Switches usage events on or off in the user's config file; refused when an administrator fixes it. */
  setTelemetry(on: boolean): Promise<TelemetrySwitch>;
}
