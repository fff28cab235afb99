// In-app updates: where they stand, checking the release feed, downloading and installing.

import type { UpdateStatus } from '@open-cowork/contracts';

export interface UpdatesData {
  /** In-app updates (updates.status, then updates.changed events); unset until loaded. Never holds feed credentials. */
  readonly updates: UpdateStatus | undefined;
}

export const UPDATES_DATA: UpdatesData = { updates: undefined };

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
