// Host events → state, as one pure function over a batch. The bridge hands over every event
// that arrived during a frame; each slice that follows an event type folds the batch into its
// own data, copy-on-write, and the folds' changes become one state change, so a burst of
// thousands of text deltas costs one render.

import type { HostEvent } from '@open-cowork/contracts';
import type { EventFold, EventFollower, EventIntake, IngestEffects } from './slice.js';
import { approvalEvents } from './slices/approvals.js';
import { identityEvents } from './slices/identity.js';
import { jobEvents } from './slices/jobs.js';
import { configEvents } from './slices/providers.js';
import { runtimeEvents } from './slices/runtime.js';
import { sessionEvents } from './slices/session-events.js';
import { updateEvents } from './slices/updates.js';
import type { AppData } from './types.js';

/** Every slice that follows host events. A slice that starts following one is added here. */
const FOLLOWERS: readonly EventFollower[] = [runtimeEvents, sessionEvents, approvalEvents, identityEvents, updateEvents, jobEvents, configEvents];

interface Route {
  readonly slot: number;
  readonly follower: EventFollower;
}

/** Event type → the followers that handle it, in FOLLOWERS order. */
const ROUTES = new Map<HostEvent['type'], Route[]>();
FOLLOWERS.forEach((follower, slot) => {
  for (const type of follower.types) ROUTES.set(type, [...(ROUTES.get(type) ?? []), { slot, follower }]);
});

export function reduceEvents(state: AppData, events: readonly HostEvent[]): { next: Partial<AppData>; effects: IngestEffects } {
  const effects: IngestEffects = { resync: false, runtimeReady: false, compacted: [] };
  // A fold starts at a follower's first event of the batch; followers with none cost nothing.
  // Plain indexed loops: this runs for every event of a stream (thousands per second).
  const folds: (EventFold<HostEvent, AppData> | undefined)[] = new Array<EventFold<HostEvent, AppData> | undefined>(FOLLOWERS.length).fill(undefined);
  // A stream is mostly runs of one type (text deltas): look the routes up once per run.
  let type: HostEvent['type'] | undefined;
  let routes: readonly Route[] | undefined;
  for (let e = 0; e < events.length; e += 1) {
    const event = events[e] as HostEvent;
    if (event.type !== type) {
      type = event.type;
      routes = ROUTES.get(type);
      // The stream lost events: the caller reloads everything.
      if (type === 'resync') effects.resync = true;
    }
    if (routes === undefined) continue;
    for (let r = 0; r < routes.length; r += 1) {
      const { slot, follower } = routes[r] as Route;
      let fold = folds[slot];
      if (fold === undefined) fold = folds[slot] = follower.begin(state, effects);
      fold.apply(event);
    }
  }
  const next: Partial<AppData> = {};
  for (const fold of folds) if (fold !== undefined) Object.assign(next, fold.changes());
  return { next, effects };
}

/** The store's event intake: one fold over the current state, applied as one change (none when nothing changed). */
export function eventIntake(get: () => AppData, set: (change: Partial<AppData>) => void): EventIntake {
  return (events) => {
    const { next, effects } = reduceEvents(get(), events);
    if (Object.keys(next).length > 0) set(next);
    return effects;
  };
}
