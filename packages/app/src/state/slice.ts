// What every feature slice is built from. A slice is a plain function of this context that
// returns its closed set of actions; its data's initial value and the events it follows sit
// beside it in the same file (see README.md in this folder).

import type { HostEvent, SessionId } from '@open-cowork/contracts';
import type { HostClient } from '../host/client.js';
import type { AppActions, AppData, AppState } from './types.js';
import type { Watchable } from './waits.js';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/** A change to the data: the changed keys, or a function of the current state returning them. Actions are never replaced. */
export type StateChange = Partial<AppData> | ((state: AppState) => Partial<AppData>);

export interface SliceContext {
  readonly host: HostClient;
  readonly get: () => AppState;
  readonly set: (change: StateChange) => void;
  /**
   * Every slice's actions (the object components get), for an action that spans features:
   * call through it, never a slice's function directly, so one action has one implementation.
   */
  readonly actions: AppActions;
  /** The store, for actions that wait for a later state (waits.ts). */
  readonly watch: Watchable;
}

/** What the caller of the event fold should do after the state change (things a pure function cannot). */
export interface IngestEffects {
  /** The stream lost events: reload everything. */
  resync: boolean;
  /** The runtime became ready: lists that depend on it (providers, capabilities) are stale. */
  runtimeReady: boolean;
  /** Sessions whose history was compacted: reload their transcripts. */
  compacted: SessionId[];
}

/** A slice's pass over one batch of host events: copy-on-write, so the batch is one state change. */
export interface EventFold<E extends HostEvent> {
  /** Applies one event of the batch, in arrival order. */
  apply(event: E): void;
  /** The slice's data that changed during the batch (nothing when nothing did). */
  changes(): Partial<AppData>;
}

/** The host events of the given types. */
export type EventOf<T extends HostEvent['type']> = Extract<HostEvent, { type: T }>;

/** How a slice follows host events: the event types it handles and a fold per batch. */
export interface EventFollower<E extends HostEvent = HostEvent> {
  readonly types: readonly E['type'][];
  begin(state: AppData, effects: IngestEffects): EventFold<E>;
}
