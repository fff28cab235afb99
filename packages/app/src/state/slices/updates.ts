// In-app updates: where they stand, checking the release feed, downloading and installing.

import type { UpdateStatus } from '@open-cowork/contracts';
import type { EventFollower, EventOf, SliceContext } from '../slice.js';

export interface UpdatesData {
  /** In-app updates (updates.status, then updates.changed events); unset until loaded. Never holds feed credentials. */
  readonly updates: UpdateStatus | undefined;
}

export interface UpdatesActions {
  /** Where in-app updates stand (updates.status). */
  loadUpdates(): Promise<UpdateStatus>;
  /** Reads the release feed now (updates.check); a failed check is a status, not a rejection. */
  checkForUpdates(): Promise<UpdateStatus>;
  /** Starts downloading the available update (only when the status offers it); progress arrives as updates.changed. */
  downloadUpdate(): Promise<UpdateStatus>;
  /** Quits and installs the downloaded update. */
  installUpdate(): Promise<UpdateStatus>;
}

export const UPDATES_DATA: UpdatesData = { updates: undefined };

export function updatesSlice({ host, set }: SliceContext): UpdatesActions {
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

export const updateEvents: EventFollower<EventOf<'updates.changed'>> = {
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
