// What every feature slice is built from. A slice (slices/<feature>.ts) is a plain function of
// this context that returns its closed set of actions (model/<feature>.ts declares them and the
// data); the events it follows sit beside it (see README.md in this folder).

import type { HostEvent, SessionId } from '@open-cowork/contracts';
import type { HostClient } from '../host/client.js';
import type { AppActions, AppData, AppState } from './types.js';
import type { Watchable } from './waits.js';

/** A change to the data `D` of one slice: its own keys only, so writing another slice's data is a type error. */
export type OwnChange<D> = Partial<D> & { readonly [K in Exclude<keyof AppData, keyof D>]?: never };

/** A change to the slice's data, or a function of the current state returning one. Actions are never replaced. */
export type StateChange<D> = OwnChange<D> | ((state: AppState) => OwnChange<D>);

/** What a slice owning the data `D` is given. */
export interface SliceContext<D> {
  readonly host: HostClient;
  /** The whole state: a slice may read any feature's data. */
  readonly get: () => AppState;
  /** Changes the slice's own data; another feature's data changes through that feature's actions. */
  readonly set: (change: StateChange<D>) => void;
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
  /** The runtime became ready, or took a changed config in place: lists that depend on it (providers, capabilities) are stale. */
  runtimeReady: boolean;
  /** Sessions whose history was compacted: reload their transcripts. */
  compacted: SessionId[];
}

/**
 * Folds a batch of host events into the data of every slice that follows them (each through
 * its own EventFollower) as one state change, and says what is left to do (events.ts).
 */
export type EventIntake = (events: readonly HostEvent[]) => IngestEffects;

/** A slice's pass over one batch of host events: copy-on-write, so the batch is one state change. */
export interface EventFold<E extends HostEvent, D> {
  /** Applies one event of the batch, in arrival order. */
  apply(event: E): void;
  /** The slice's own data that changed during the batch (nothing when nothing did). */
  changes(): OwnChange<D>;
}

/** The host events of the given types. */
export type EventOf<T extends HostEvent['type']> = Extract<HostEvent, { type: T }>;

/** How a slice owning the data `D` follows host events: the event types it handles and a fold per batch. */
export interface EventFollower<E extends HostEvent = HostEvent, D = AppData> {
  readonly types: readonly E['type'][];
  begin(state: AppData, effects: IngestEffects): EventFold<E, D>;
}
