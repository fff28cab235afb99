import type { MethodSpec } from '../contract.js';
import { noParams, ref } from '../schemas/build.js';

export const APP_METHODS = {
  'app.info': {
    description: 'Who the app is: name, version, contract version, public branding, strings and switched-on features. Never secrets.',
    params: noParams(),
    result: ref('AppInfo', 'The app.'),
    errors: [],
  },
} as const satisfies Record<string, MethodSpec>;
