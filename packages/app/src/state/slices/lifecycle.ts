// The app's lifecycle: the first load, the connection to the host, and host events entering
// the state (the bridge hands them to `ingest` once per animation frame).

import type { AppInfo, HostEvent } from '@open-cowork/contracts';
import type { ConnectionState } from '../../host/client.js';
import { HostError } from '../../host/errors.js';
import { reduceEvents } from '../events.js';
import type { SliceContext } from '../slice.js';

export interface LifecycleData {
  readonly boot: { readonly phase: 'loading' | 'ready' | 'failed'; readonly error?: HostError };
  /** Name, version, branding and strings of the connected app; unset until the first load. */
  readonly info: AppInfo | undefined;
  readonly connection: ConnectionState;
}

export interface LifecycleActions {
  /** Loads everything the first screen needs (app info first: branding and strings). */
  boot(): Promise<void>;
  /** Reloads every list after the event stream lost events (`resync`). */
  reloadAll(): Promise<void>;
  /** Applies host events, in order, as one state change (the bridge calls this once per frame). */
  ingest(events: readonly HostEvent[]): void;
  setConnection(state: ConnectionState): void;
}

export const LIFECYCLE_DATA: LifecycleData = { boot: { phase: 'loading' }, info: undefined, connection: 'connecting' };

export function lifecycleSlice({ host, get, set, actions }: SliceContext): LifecycleActions {
  return {
    async boot() {
      set({ boot: { phase: 'loading' } });
      try {
        const info = await host['app.info']({});
        set({ info });
        await Promise.all([
          host['runtime.status']({}).then((runtime) => set({ runtime })),
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
        host['runtime.status']({}).then((runtime) => set({ runtime })),
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
      const { next, effects } = reduceEvents(get(), events);
      if (Object.keys(next).length > 0) set(next);
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
