// The app's lifecycle: the first load, the connection to the host, and host events entering
// the state (the bridge hands them to `ingest` once per animation frame).

import type { AppInfo, HostEvent } from '@open-cowork/contracts';
import type { ConnectionState } from '../../host/client.js';
import type { HostError } from '../../host/errors.js';

export interface LifecycleData {
  readonly boot: { readonly phase: 'loading' | 'ready' | 'failed'; readonly error?: HostError };
  /** Name, version, branding and strings of the connected app; unset until the first load. */
  readonly info: AppInfo | undefined;
  readonly connection: ConnectionState;
}

export const LIFECYCLE_DATA: LifecycleData = { boot: { phase: 'loading' }, info: undefined, connection: 'connecting' };

export interface LifecycleActions {
  /** Loads everything the first screen needs (app info first: branding and strings). */
  boot(): Promise<void>;
  /** Reloads every list after the event stream lost events (`resync`). */
  reloadAll(): Promise<void>;
  /** Applies host events, in order, as one state change (the bridge calls this once per frame). */
  ingest(events: readonly HostEvent[]): void;
  setConnection(state: ConnectionState): void;
}
