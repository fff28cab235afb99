// One process per embedded data dir. PGlite takes no lock of its own, and a second process that
// opened the same dir while the first wrote lost acknowledged commits (PLATFORM-NOTES), so the
// gateway holds this lock file for as long as the store is open.
//
// The file records the holder's host, pid and process start time. A lock is stale only when it
// was taken on this host and that exact process (pid and start time, so a reused pid — pid 1 in
// every container — does not count) is gone.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { GatewayError, GatewayErrorCode } from '../errors.js';

interface Holder {
  readonly host: string;
  readonly pid: number;
  readonly startedAt: string | null;
  readonly owner: string;
}

/** Linux: the process start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

function isStale(holder: Holder | undefined): boolean {
  if (holder === undefined) return true; // unreadable: a crash while writing it
  if (holder.host !== hostname()) return false; // cannot see another machine's processes
  if (holder.pid === process.pid && holder.startedAt === processStart(process.pid)) return false;
  if (!alive(holder.pid)) return true;
  const start = processStart(holder.pid);
  return start !== null && holder.startedAt !== null && start !== holder.startedAt;
}

export interface DirLock {
  readonly file: string;
  release(): void;
}

export function acquireDirLock(file: string, owner: string): DirLock {
  const me: Holder = { host: hostname(), pid: process.pid, startedAt: processStart(process.pid), owner };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (attempt === 0 && isStale(holder)) {
        rmSync(file, { force: true });
        continue;
      }
      const who = holder === undefined ? 'an unknown process' : `pid ${holder.pid} on ${holder.host}`;
      throw new GatewayError(
        GatewayErrorCode.StoreLocked,
        `The embedded store is in use by ${who} (lock file ${file}). Stop that gateway first; if it is gone for good, delete the lock file.`,
      );
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      file,
      release() {
        if (released) return;
        released = true;
        const holder = readHolder(file);
        if (holder?.owner === owner) rmSync(file, { force: true });
      },
    };
  }
  throw new GatewayError(GatewayErrorCode.StoreLocked, `Could not take the lock file ${file}.`);
}
