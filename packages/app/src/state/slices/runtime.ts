// The runtime slice (model/runtime.ts): the runtime's status, restarts, waiting for readiness,
// and the runtime.status events.

import type { RuntimeStatus } from '@open-cowork/contracts';
import { HostError } from '../../host/errors.js';
import type { RuntimeActions, RuntimeData } from '../model/runtime.js';
import type { EventFollower, EventOf, SliceContext } from '../slice.js';
import { waitFor } from '../waits.js';

export function runtimeSlice({ host, set, actions, watch }: SliceContext<RuntimeData>): RuntimeActions {
  return {
    async loadRuntime() {
      set({ runtime: await host['runtime.status']({}) });
    },

    async restartRuntime() {
      set({ runtime: await host['runtime.restart']({}) });
    },

    async waitForRuntime(timeoutMs, replacing) {
      // The status may lag a restart the host began; ask once, then follow events.
      await actions.loadRuntime();
      // A change that restarts the runtime is applied by a new instance, which the host starts
      // after a short debounce: until then the old one still reports "ready".
      const known = replacing?.state === 'ready' && (replacing.pid !== undefined || replacing.since !== undefined);
      const isReplaced = (runtime: RuntimeStatus) => !known || runtime.pid !== replacing.pid || runtime.since !== replacing.since;
      await waitFor(
        watch,
        (s) => {
          if (s.runtime?.state === 'ready' && isReplaced(s.runtime)) return true;
          if (s.runtime?.state === 'failed') throw new HostError('RUNTIME_FAILED', s.runtime.reason ?? 'The runtime failed to start.');
          return undefined;
        },
        timeoutMs,
        'The runtime did not become ready in time.',
      );
    },
  };
}

/** runtime.status events; a change to "ready" tells the caller that runtime-backed lists are stale. */
export const runtimeEvents: EventFollower<EventOf<'runtime.status'>, RuntimeData> = {
  types: ['runtime.status'],
  begin(state, effects) {
    let runtime: RuntimeStatus | undefined;
    return {
      apply(event) {
        // Ready again, or ready with a config it took in place (a new `since`).
        const before = runtime ?? state.runtime;
        if (event.payload.state === 'ready' && (before?.state !== 'ready' || before.since !== event.payload.since)) effects.runtimeReady = true;
        runtime = event.payload;
      },
      changes: () => (runtime === undefined ? {} : { runtime }),
    };
  },
};
