// JSON state files that only the user may read: written to a 0600 temp file beside the
// target, fsynced, renamed over it (readers see the old file or the new one, never half),
// one operation at a time per file. A file that does not parse is moved aside as
// `<name>.corrupt-<time>` rather than overwritten, so nothing is lost silently.
import { randomBytes } from 'node:crypto';
import { access, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { CodedError, HostErrorCode } from '@open-cowork/contracts';
import { systemClock, type Clock } from '../ports/clock.js';
import { ensurePrivateDir, IS_POSIX } from '../ports/private-dir.js';

export interface PrivateJsonFileOptions<T> {
  readonly file: string;
  /** Checks parsed JSON and returns the value; throwing marks the file damaged (say what is wrong). */
  readonly parse: (raw: unknown) => T;
  readonly clock?: Clock;
  /**
   * Without it, reading a damaged file rejects with STATE_FILE_DAMAGED. With it, the
   * damaged file (already moved aside) is reported here and treated as absent.
   */
  readonly recover?: (report: DamageReport) => void;
}

export interface DamageReport {
  readonly file: string;
  readonly movedTo: string;
  readonly reason: string;
}

export class PrivateJsonFile<T> {
  readonly file: string;
  readonly #parse: (raw: unknown) => T;
  readonly #clock: Clock;
  readonly #recover: ((report: DamageReport) => void) | undefined;

  constructor(options: PrivateJsonFileOptions<T>) {
    this.file = path.resolve(options.file);
    this.#parse = options.parse;
    this.#clock = options.clock ?? systemClock;
    this.#recover = options.recover;
  }

  /** The value, or undefined when there is no file (see `recover` for damaged ones). */
  read(): Promise<T | undefined> {
    return serialized(this.file, () => this.#readOrRecover());
  }

  write(value: T): Promise<void> {
    return serialized(this.file, () => writePrivateJson(this.file, value));
  }

  /**
   * Read-modify-write under the file's lock, so concurrent updates never lose each other.
   * `change` gets the current value and returns the next one, or undefined to leave the
   * file alone. Resolves to what was written (undefined: nothing).
   */
  update(change: (current: T | undefined) => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
    return serialized(this.file, async () => {
      const next = await change(await this.#readOrRecover());
      if (next !== undefined) await writePrivateJson(this.file, next);
      return next;
    });
  }

  async #readOrRecover(): Promise<T | undefined> {
    try {
      return await this.#read();
    } catch (error) {
      const recover = this.#recover;
      if (recover === undefined || !(error instanceof CodedError) || error.code !== HostErrorCode.StateFileDamaged) throw error;
      recover(error.data as DamageReport);
      return undefined;
    }
  }

  async #read(): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CodedError(HostErrorCode.Internal, `Cannot read ${this.file}: ${(error as Error).message}`, { file: this.file });
    }
    let reason: string;
    try {
      return this.#parse(JSON.parse(text));
    } catch (error) {
      reason = error instanceof SyntaxError ? `it is not valid JSON (${error.message})` : (error as Error).message;
    }
    const movedTo = await this.#moveAside();
    throw new CodedError(
      HostErrorCode.StateFileDamaged,
      `${this.file} is damaged: ${reason}. It was moved aside to ${movedTo}.`,
      { file: this.file, movedTo, reason } satisfies DamageReport,
    );
  }

  async #moveAside(): Promise<string> {
    const stamp = new Date(this.#clock.now()).toISOString().replace(/[:.]/g, '-');
    for (let attempt = 0; ; attempt++) {
      const target = `${this.file}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
      if (await exists(target)) continue;
      await rename(this.file, target);
      return target;
    }
  }
}

/** Writes `value` as JSON to `file` atomically, 0600 in a 0700 directory (created if missing). */
export async function writePrivateJson(file: string, value: unknown): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await ensurePrivateDir(dir);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new CodedError(HostErrorCode.Internal, `Cannot save ${file}: ${(error as Error).message}`, { file });
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable. Best effort: not every platform can fsync a directory. */
async function syncDirectory(dir: string): Promise<void> {
  if (!IS_POSIX) return;
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The data is already in place; only its durability across a power cut is at stake.
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** The tail of each file's queue of operations. */
const queues = new Map<string, Promise<unknown>>();

function serialized<R>(key: string, task: () => Promise<R>): Promise<R> {
  const run = (queues.get(key) ?? Promise.resolve()).then(task);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}
