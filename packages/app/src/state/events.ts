// Host events → state, as one pure function over a batch. The bridge hands over every event
// that arrived during a frame; each slice that follows an event type folds the batch into its
// own data, copy-on-write, and the folds' changes become one state change, so a burst of
// thousands of text deltas costs one render.

import type { HostEvent } from '@open-cowork/contracts';
import type { EventFold, EventFollower, IngestEffects } from './slice.js';
import { approvalEvents } from './slices/approvals.js';
import { identityEvents } from './slices/identity.js';
import { runtimeEvents } from './slices/runtime.js';
import { sessionEvents } from './slices/session-events.js';
import { updateEvents } from './slices/updates.js';
import type { AppData } from './types.js';

/** Every slice that follows host events. A slice that starts following one is added here. */
const FOLLOWERS: readonly EventFollower[] = [runtimeEvents, sessionEvents, approvalEvents, identityEvents, updateEvents];

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
  const folds: (EventFold<HostEvent> | undefined)[] = [];
  for (const event of events) {
    // The stream lost events: the caller reloads everything.
    if (event.type === 'resync') effects.resync = true;
    const routes = ROUTES.get(event.type);
    if (routes === undefined) continue;
    for (const { slot, follower } of routes) (folds[slot] ??= follower.begin(state, effects)).apply(event);
  }
  const next: Partial<AppData> = {};
  for (const fold of folds) if (fold !== undefined) Object.assign(next, fold.changes());
  return { next, effects };
}
