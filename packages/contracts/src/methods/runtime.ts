import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { noParams, ref } from '../schemas/build.js';

export const RUNTIME_METHODS = {
  'runtime.status': {
    description: 'The managed runtime\'s current status (also pushed as runtime.status events).',
    params: noParams(),
    result: ref('RuntimeStatus', 'The status now.'),
    errors: [],
  },
  'runtime.restart': {
    description: 'Restart the managed runtime (also after it failed). Answers once the restart has begun; follow runtime.status events to see it become ready.',
    params: noParams(),
    result: ref('RuntimeStatus', 'The status after the restart began.'),
    errors: [HostErrorCode.RuntimeFailed],
  },
} as const satisfies Record<string, MethodSpec>;
