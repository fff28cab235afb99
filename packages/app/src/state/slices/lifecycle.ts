// The lifecycle slice (model/lifecycle.ts): boot, reloading after a lost stream, and host
// events entering the state, with the effects a pure fold cannot have.

import { HostError } from '../../host/errors.js';
import type { LifecycleActions, LifecycleData } from '../model/lifecycle.js';
import type { EventIntake, SliceContext } from '../slice.js';

export function lifecycleSlice({ host, get, set, actions }: SliceContext<LifecycleData>, intake: EventIntake): LifecycleActions {
  return {
    async boot() {
      set({ boot: { phase: 'loading' } });
      try {
        const info = await host['app.info']({});
        set({ info });
        await Promise.all([
          actions.loadRuntime(),
          actions.loadWorkspaces(),
          actions.loadSettings(),
          actions.loadProviders(),
        ]);
        await Promise.all([
          // A runtime that is (re)starting cannot list chats yet; the app opens anyway and
          // loads them once the runtime reports ready (see ingest).
          actions.loadSessions().catch((error: unknown) => {
            if (HostError.from(error).code !== 'RUNTIME_NOT_READY') throw error;
          }),
          actions.loadRequests().catch(() => undefined),
        ]);
        set({ boot: { phase: 'ready' } });
      } catch (error) {
        set({ boot: { phase: 'failed', error: HostError.from(error) } });
      }
    },

    async reloadAll() {
      const open = Object.keys(get().transcripts);
      await Promise.allSettled([
        host['app.info']({}).then((info) => set({ info })),
        actions.loadRuntime(),
        actions.loadWorkspaces().then(() => actions.loadSessions()),
        actions.loadRequests(),
        actions.loadSettings(),
        actions.loadProviders(),
        ...(get().auth !== undefined ? [actions.loadAuth()] : []),
        ...(get().updates !== undefined ? [actions.loadUpdates()] : []),
        ...open.map((id) => actions.loadTranscript(id)),
      ]);
    },

    ingest(events) {
      if (events.length === 0) return;
      const effects = intake(events);
      if (effects.resync) void actions.reloadAll();
      else {
        if (effects.runtimeReady) {
          void actions.loadProviders().catch(() => undefined);
          if (get().sessions.load === 'error') {
            void actions.loadSessions().catch(() => undefined);
            void actions.loadRequests().catch(() => undefined);
          }
          if (get().capabilities.load !== 'idle') void actions.loadCapabilities().catch(() => undefined);
        }
        for (const id of effects.compacted) if (get().transcripts[id] !== undefined) void actions.loadTranscript(id);
      }
    },

    setConnection(connection) {
      set({ connection });
    },
  };
}
