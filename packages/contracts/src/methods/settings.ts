import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { boolean, noParams, object, ref } from '../schemas/build.js';

export const SETTINGS_METHODS = {
  'settings.get': {
    description: 'The user\'s settings with the config\'s permission maxima. Never contains secrets.',
    params: noParams(),
    result: ref('Settings', 'The settings.'),
    errors: [],
  },
  'settings.set': {
    description: 'Change some settings. A permission choice above the config maximum is refused (PERMISSION_CEILING) and nothing is changed. The runtime restarts when its configuration changes.',
    params: object('The changes.', { patch: ref('SettingsPatch', 'What to change.') }, ['patch']),
    result: ref('Settings', 'The settings afterwards.'),
    errors: [HostErrorCode.PermissionCeiling],
  },
  'settings.telemetry': {
    description: 'The telemetry switch: on or off, and whether an administrator (or the embedding app) fixes it.',
    params: noParams(),
    result: ref('TelemetrySwitch', 'The switch.'),
    errors: [],
  },
  'settings.setTelemetry': {
    description:
      'Switches usage events on or off by writing telemetry.collect into the user config file (the only layer the app writes); it applies at once. Refused with PERMISSION_CEILING when the administrator\'s config or the embedding app fixes it; VALIDATION_FAILED when the user file cannot be rewritten (a config.jsonc with comments, or not valid JSON); CONFLICT when the file does not apply afterwards.',
    params: object('The choice.', { on: boolean('Record usage events.') }, ['on']),
    result: ref('TelemetrySwitch', 'The switch afterwards.'),
    errors: [HostErrorCode.PermissionCeiling, HostErrorCode.Conflict, HostErrorCode.ValidationFailed],
  },
} as const satisfies Record<string, MethodSpec>;
