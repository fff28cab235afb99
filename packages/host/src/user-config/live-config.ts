// The effective config, kept current with the user's config file. The host starts on one
// load; the user file (the only layer the app itself writes, and the one a user edits by
// hand) is watched, and every change loads all layers again. A load that rejects the user
// file, or fails closed, leaves the last good config in use and keeps its problems for the
// UI; nothing crashes, nothing is lost.
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { ConfigIssue, LoadResult, OpenCoworkConfig } from '@open-cowork/config';
import type { ConfigProblem } from '@open-cowork/contracts';
import type { Logger } from '../log/index.js';

export interface LiveConfigOptions {
  readonly initial: LoadResult;
  /** Loads every layer again, the way the app did at start; unset: the config never changes. */
  readonly reload?: () => LoadResult;
  readonly logger: Logger;
  /** Quiet time after the last change of the file before it is read (editors write in bursts). Default 150 ms. */
  readonly settleMs?: number;
}

export interface ConfigOutcome {
  readonly applied: boolean;
  readonly problems: readonly ConfigProblem[];
}

export type ConfigListener = (outcome: ConfigOutcome, changed: boolean, previous: OpenCoworkConfig) => void;

export class LiveConfig {
  readonly #options: LiveConfigOptions;
  readonly #listeners = new Set<ConfigListener>();
  #load: LoadResult;
  #problems: readonly ConfigProblem[] = [];
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: LiveConfigOptions) {
    if (options.initial.config === undefined) throw new Error('LiveConfig needs a successful load.');
    this.#options = options;
    this.#load = options.initial;
    this.#problems = userProblems(options.initial);
  }

  get load(): LoadResult {
    return this.#load;
  }

  get config(): OpenCoworkConfig {
    return this.#load.config!;
  }

  /** The user's config file (it may not exist yet); undefined when the load had no user layer. */
  get userFile(): string | undefined {
    return this.#load.layers.find((layer) => layer.kind === 'user')?.file;
  }

  /** Problems of the user file as last read; empty when it applied. */
  get problems(): readonly ConfigProblem[] {
    return this.#problems;
  }

  /** Hears every read of the user file: whether it applied, whether the effective config changed, and the config before. */
  onChange(listener: ConfigListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Loads again now (after the app wrote the user file itself, or when the watcher fires). */
  reload(): ConfigOutcome {
    const reload = this.#options.reload;
    if (reload === undefined) return { applied: true, problems: [] };
    let next: LoadResult;
    try {
      next = reload();
    } catch (error) {
      return this.#settle(undefined, [{ file: this.userFile ?? '', pointer: '', message: `The config could not be read: ${(error as Error).message}` }]);
    }
    const problems = userProblems(next);
    const userRejected = next.layers.some((layer) => layer.kind === 'user' && layer.status === 'rejected');
    if (next.config === undefined || next.failedClosed || userRejected) {
      const failing = problems.length > 0 ? problems : next.issues.filter((issue) => issue.severity === 'error').map(toProblem);
      return this.#settle(undefined, failing);
    }
    return this.#settle(next, problems);
  }

  /** Watches the user file's folder (the file may be created later, or replaced by an editor's rename). */
  watch(): void {
    const file = this.userFile;
    if (file === undefined || this.#options.reload === undefined || this.#watcher !== undefined) return;
    const log = this.#options.logger.for('host');
    // Editors often write a temporary file and rename it over the real one: any event on
    // a name the user file can have counts.
    const names = new Set([path.basename(file), 'config.json', 'config.jsonc']);
    try {
      this.#watcher = watch(path.dirname(file), (_event, changed) => {
        if (changed !== null && !names.has(changed)) return;
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => this.reload(), this.#options.settleMs ?? 150);
      });
      this.#watcher.on('error', (error) => {
        log.warn('stopped watching the user config file', { file, error: error.message });
        this.#watcher?.close();
        this.#watcher = undefined;
      });
    } catch (error) {
      // A folder that does not exist yet: the app creates it when it first writes the file.
      log.debug('the user config folder cannot be watched yet', { file, error: (error as Error).message });
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#watcher = undefined;
    this.#listeners.clear();
  }

  #settle(next: LoadResult | undefined, problems: readonly ConfigProblem[]): ConfigOutcome {
    const previous = this.#load.config!;
    const changed = next !== undefined && JSON.stringify(next.config) !== JSON.stringify(previous);
    if (next !== undefined) this.#load = next;
    this.#problems = problems;
    const outcome: ConfigOutcome = { applied: next !== undefined, problems };
    const log = this.#options.logger.for('host');
    if (next === undefined) log.warn('the user config file did not apply; the last good config stays in use', { problems: problems.length });
    else if (changed) log.info('the user config file applied');
    for (const listener of this.#listeners) listener(outcome, changed, previous);
    // The folder may exist now (the app just wrote the file there).
    this.watch();
    return outcome;
  }
}

function userProblems(load: LoadResult): ConfigProblem[] {
  return load.layers.filter((layer) => layer.kind === 'user').flatMap((layer) => layer.issues.filter((issue) => issue.severity === 'error').map(toProblem));
}

function toProblem(issue: ConfigIssue): ConfigProblem {
  return { file: issue.file, pointer: issue.pointer, message: issue.message, ...(issue.line === undefined ? {} : { line: issue.line }) };
}
