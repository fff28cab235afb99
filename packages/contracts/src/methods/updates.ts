import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { noParams, ref } from '../schemas/build.js';

export const UPDATE_METHODS = {
  'updates.status': {
    description: 'Where in-app updates stand now (also pushed as updates.changed events). Never credentials or feed URLs.',
    params: noParams(),
    result: ref('UpdateStatus', 'The status now.'),
    errors: [],
  },
  'updates.check': {
    description: 'Reads the configured release feed now and compares its version with the running one. A failed check is a status (state "error" with a reason), not an error.',
    params: noParams(),
    result: ref('UpdateStatus', 'The status after the check.'),
    errors: [],
  },
  'updates.download': {
    description: 'Starts downloading the available update in the background. Only when the status is "available" (a signed, packaged macOS build with an updater); answers once the download has begun, follow updates.changed events to "ready".',
    params: noParams(),
    result: ref('UpdateStatus', 'The status once the download began.'),
    errors: [HostErrorCode.UpdateUnavailable],
  },
  'updates.install': {
    description: 'Quits the app and installs the downloaded update. Only when the status is "ready".',
    params: noParams(),
    result: ref('UpdateStatus', 'The status as the app quits to install.'),
    errors: [HostErrorCode.UpdateUnavailable],
  },
} as const satisfies Record<string, MethodSpec>;
