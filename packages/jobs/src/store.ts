// The jobs state on disk: one JSON file, replaced whole through a temp file and a rename so a
// reader (or a restart after kill -9) sees the old state or the new one, never half of each.
// Every change goes through `update`, one at a time, so two changes never interleave.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile, open } from 'node:fs/promises';
import path from 'node:path';
import { JobsError, JobsErrorCode } from './errors.js';
import type { JobsState } from './types.js';

export class JobsStore {
  readonly #file: string;
  #state: JobsState | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    this.#file = file;
  }

  /** The state as last written (loaded once). */
  async read(): Promise<JobsState> {
    return (this.#state ??= await this.#load());
  }

  /** Applies `change` to the current state and writes it durably before resolving. */
  update<T>(change: (state: JobsState) => T): Promise<T> {
    const next = this.#queue.then(async () => {
      const state = await this.read();
      const draft = structuredClone(state);
      const result = change(draft);
      await this.#write(draft);
      this.#state = draft;
      return result;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #load(): Promise<JobsState> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, sessions: {}, jobs: {}, outbox: {} };
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new JobsError(JobsErrorCode.StateInvalid, `${this.#file} is not valid JSON (${(error as Error).message}); move it aside to start afresh.`);
    }
    const state = parsed as Partial<JobsState>;
    if (state.version !== 1 || typeof state.sessions !== 'object' || typeof state.jobs !== 'object' || typeof state.outbox !== 'object') {
      throw new JobsError(JobsErrorCode.StateInvalid, `${this.#file} is not a version 1 jobs state; move it aside to start afresh.`);
    }
    return state as JobsState;
  }

  async #write(state: JobsState): Promise<void> {
    await mkdir(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    const temp = `${this.#file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(state), { mode: 0o600, flag: 'wx' });
      const handle = await open(temp, 'r');
      await handle.sync().finally(() => handle.close());
      await rename(temp, this.#file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
