// The updates slice (model/updates.ts): in-app updates and the updates.changed events.

import type { UpdateStatus } from '@open-cowork/contracts';
import type { UpdatesActions, UpdatesData } from '../model/updates.js';
import type { EventFollower, EventOf, SliceContext } from '../slice.js';

export function updatesSlice({ host, set }: SliceContext<UpdatesData>): UpdatesActions {
  /** Every updates method answers with the new status, which replaces the held one. */
  const keep = async (answer: Promise<UpdateStatus>): Promise<UpdateStatus> => {
    const updates = await answer;
    set({ updates });
    return updates;
  };
  return {
    loadUpdates: async () => keep(host['updates.status']({})),
    checkForUpdates: async () => keep(host['updates.check']({})),
    downloadUpdate: async () => keep(host['updates.download']({})),
    installUpdate: async () => keep(host['updates.install']({})),
  };
}

export const updateEvents: EventFollower<EventOf<'updates.changed'>, UpdatesData> = {
  types: ['updates.changed'],
  begin() {
    let updates: UpdateStatus | undefined;
    return {
      apply(event) {
        updates = event.payload;
      },
      changes: () => (updates === undefined ? {} : { updates }),
    };
  },
};
