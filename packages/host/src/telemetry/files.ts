// The local side of telemetry: one NDJSON file per UTC day under `<data>/telemetry`
// (`2026-11-21.ndjson`), 0600 in a 0700 folder. Lines are appended in order through one
// queue, so a caller never waits; files dated more than `retentionDays` days before today
// are deleted when the host starts and whenever the day changes.
import { chmod, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir, IS_POSIX } from '../ports/private-dir.js';

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.ndjson$/;
const DAY_MS = 86_400_000;

export interface TelemetryFilesOptions {
  readonly dir: string;
  readonly retentionDays: number;
  /** Told about a failed write or prune (once per distinct message is the caller's business). */
  readonly onError?: (error: Error) => void;
}

/** "2026-11-21" for a time (UTC). */
export function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export class TelemetryFiles {
  readonly dir: string;
  readonly retentionDays: number;
  readonly #onError: (error: Error) => void;
  #queue: Promise<void> = Promise.resolve();
  #lastDay: string | undefined;

  constructor(options: TelemetryFilesOptions) {
    this.dir = options.dir;
    this.retentionDays = Math.max(1, Math.floor(options.retentionDays));
    this.#onError = options.onError ?? (() => undefined);
  }

  fileOf(day: string): string {
    return path.join(this.dir, `${day}.ndjson`);
  }

  /** Queues one line (no newline in it) for the file of `time`'s day; returns at once. */
  append(line: string, time: number): void {
    const day = dayOf(time);
    const rollover = this.#lastDay !== undefined && this.#lastDay !== day;
    this.#lastDay = day;
    this.#enqueue(async () => {
      await ensurePrivateDir(this.dir);
      const file = this.fileOf(day);
      const handle = await open(file, 'a', 0o600);
      try {
        // The mode only applies when the file is created, through the umask; make sure.
        if (IS_POSIX && ((await handle.stat()).mode & 0o777) !== 0o600) await chmod(file, 0o600);
        await handle.appendFile(`${line}\n`);
      } finally {
        await handle.close();
      }
    });
    if (rollover) this.prune(time);
  }

  /** Queues deleting the day files older than the retention (relative to `now`). */
  prune(now: number): void {
    this.#enqueue(async () => {
      const oldestKept = dayOf(now - this.retentionDays * DAY_MS);
      let names: string[];
      try {
        names = await readdir(this.dir);
      } catch {
        return; // nothing written yet
      }
      for (const name of names) {
        const day = DAY_FILE.exec(name)?.[1];
        if (day !== undefined && day < oldestKept) await rm(path.join(this.dir, name), { force: true });
      }
    });
  }

  /** The day files there are now, oldest first. */
  async days(): Promise<string[]> {
    await this.idle();
    try {
      return (await readdir(this.dir))
        .map((name) => DAY_FILE.exec(name)?.[1])
        .filter((day): day is string => day !== undefined)
        .sort();
    } catch {
      return [];
    }
  }

  /** Resolves when everything queued so far is on disk (or failed). */
  idle(): Promise<void> {
    return this.#queue;
  }

  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(task).catch((error: unknown) => this.#onError(error as Error));
  }
}
