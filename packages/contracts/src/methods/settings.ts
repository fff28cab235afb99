import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { noParams, object, ref } from '../schemas/build.js';

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
} as const satisfies Record<string, MethodSpec>;
