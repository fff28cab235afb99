// The lifecycle slice (model/lifecycle.ts): boot, reloading after a lost stream, and host
// events entering the state, with the effects a pure fold cannot have.

import { HostError } from '../../host/errors.js';
import type { LifecycleActions, LifecycleData } from '../model/lifecycle.js';
import type { EventIntake, SliceContext } from '../slice.js';

export function lifecycleSlice({ host, get, set, actions }: SliceContext<LifecycleData>, intake: EventIntake): LifecycleActions {
  return {
    async boot() {
      set({ boot: { phase: 'loading' } });
      // One round of requests. Home opens once what it needs is in (the app, the runtime's
      // state, workspaces, settings, providers — the latter decide whether first run shows);
      // the chat list and pending requests keep loading beside it, so the slowest of the
      // runtime's lists does not hold the first screen back.
      const info = host['app.info']({}).then((result) => set({ info: result }));
      const workspaces = actions.loadWorkspaces();
      void workspaces
        .then(() => actions.loadSessions())
        // A runtime that is (re)starting cannot list chats yet; they load once it reports
        // ready (see ingest). Any other failure shows in the sidebar (sessions.load).
        .catch(() => undefined);
      void actions.loadRequests().catch(() => undefined);
      try {
        await Promise.all([
          info,
          actions.loadRuntime(),
          workspaces,
          actions.loadSettings(),
          actions.loadProviders(),
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
          if (get().sessions.load !== 'ready') {
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
