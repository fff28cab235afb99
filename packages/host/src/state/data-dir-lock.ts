// One host per data dir, enforced by the file system before anything starts: the lock is
// `<data>/host.lock` (proper-lockfile: an atomic mkdir, refreshed while held, taken over only
// once its holder stopped refreshing it). The data dir is made private (0700) on the way,
// whether it is new or was created by an older version with looser permissions.
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { CodedError } from '@open-cowork/contracts';
import { IS_POSIX } from '../ports/private-dir.js';

/** Thrown when another process holds the data dir. */
export const DATA_DIR_LOCKED = 'HOST_DATA_DIR_LOCKED';

export interface DataDirLock {
  readonly file: string;
  /** Releases the lock. Idempotent. */
  release(): Promise<void>;
}

export function lockFileOf(dataDir: string): string {
  return path.join(dataDir, 'host.lock');
}

/** Takes the data dir, or throws HOST_DATA_DIR_LOCKED naming it. */
export async function lockDataDir(dataDir: string, options: { readonly staleMs?: number; readonly onCompromised?: (error: Error) => void } = {}): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (IS_POSIX) await chmod(dataDir, 0o700);
  const file = lockFileOf(dataDir);
  let unlock: () => Promise<void>;
  try {
    unlock = await lockfile.lock(dataDir, { lockfilePath: file, stale: options.staleMs ?? 10_000, retries: 0, realpath: false, onCompromised: options.onCompromised ?? (() => undefined) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    throw new CodedError(DATA_DIR_LOCKED, `Another Open Cowork host is using ${dataDir}; stop it first (open-cowork stop) or use another data dir.`, { dataDir });
  }
  let released: Promise<void> | undefined;
  return {
    file,
    release: () => (released ??= unlock().catch(() => undefined)),
  };
}

/** Whether some live process holds the data dir's lock now. */
export function isDataDirLocked(dataDir: string, options: { readonly staleMs?: number } = {}): Promise<boolean> {
  return lockfile.check(dataDir, { lockfilePath: lockFileOf(dataDir), stale: options.staleMs ?? 10_000, realpath: false });
}
