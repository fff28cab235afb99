// The OpenCode runtime's status as the host reports it: restarts and waiting for readiness.

import type { RuntimeStatus } from '@open-cowork/contracts';
import { HostError } from '../../host/errors.js';
import type { EventFollower, EventOf, SliceContext } from '../slice.js';
import { waitFor } from '../waits.js';

export interface RuntimeData {
  readonly runtime: RuntimeStatus | undefined;
}

export interface RuntimeActions {
  restartRuntime(): Promise<void>;
  /**
   * Resolves once the runtime is ready; rejects on failure or timeout. With `replacing` (the
   * status before a change that restarts the runtime, such as a credential or a sign-in), only
   * once another instance is ready: the host restarts after a short debounce, during which
   * the old instance still reports ready.
   */
  waitForRuntime(timeoutMs: number, replacing?: RuntimeStatus): Promise<void>;
}

export const RUNTIME_DATA: RuntimeData = { runtime: undefined };

export function runtimeSlice({ host, set, watch }: SliceContext): RuntimeActions {
  return {
    async restartRuntime() {
      set({ runtime: await host['runtime.restart']({}) });
    },

    async waitForRuntime(timeoutMs, replacing) {
      // The status may lag a restart the host began; ask once, then follow events.
      set({ runtime: await host['runtime.status']({}) });
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
export const runtimeEvents: EventFollower<EventOf<'runtime.status'>> = {
  types: ['runtime.status'],
  begin(state, effects) {
    let runtime: RuntimeStatus | undefined;
    return {
      apply(event) {
        if (event.payload.state === 'ready' && (runtime ?? state.runtime)?.state !== 'ready') effects.runtimeReady = true;
        runtime = event.payload;
      },
      changes: () => (runtime === undefined ? {} : { runtime }),
    };
  },
};
