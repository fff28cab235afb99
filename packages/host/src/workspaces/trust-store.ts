// The user's answers to the workspace-trust question, in `<data>/workspace-trust.json`: one
// per folder, by real path, trusted or not. Only a folder answered "trusted" has its OpenCode
// configuration loaded; a folder answered "not trusted" is simply not asked again. Re-read on
// every call, like the workspace registry, so a CLI in another process sees the host's answers.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../ports/clock.js';
import { PrivateJsonFile } from '../state/private-file.js';
import { warnProblem, type ProblemSink } from '../state/problems.js';
import { schemaCheck } from '../state/schema-check.js';

export interface TrustAnswer {
  /** Real absolute path of the folder. */
  readonly path: string;
  readonly trusted: boolean;
  /** When it was answered (ms since the epoch). */
  readonly at: number;
}

interface TrustFile {
  readonly version: 1;
  readonly folders: readonly TrustAnswer[];
}

const EMPTY: TrustFile = { version: 1, folders: [] };
const ABSOLUTE_PATH = String.raw`^(/|[A-Za-z]:[\\/]|\\\\)`;

const parseFile = schemaCheck<TrustFile>({
  type: 'object',
  properties: {
    version: { const: 1 },
    folders: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        properties: {
          path: { type: 'string', pattern: ABSOLUTE_PATH, maxLength: 4096 },
          trusted: { type: 'boolean' },
          at: { type: 'integer', minimum: 0 },
        },
        required: ['path', 'trusted', 'at'],
        additionalProperties: false,
      },
    },
  },
  required: ['version', 'folders'],
  additionalProperties: false,
});

export interface TrustStoreOptions {
  /** `AppPaths.trustFile`. */
  readonly file: string;
  readonly clock?: Clock;
  /** Hears about a damaged file (kept aside; every folder is then untrusted again). */
  readonly report?: ProblemSink;
}

export class WorkspaceTrustStore {
  readonly #file: PrivateJsonFile<TrustFile>;
  readonly #clock: Clock;

  constructor(options: TrustStoreOptions) {
    const report = options.report ?? warnProblem;
    this.#clock = options.clock ?? systemClock;
    this.#file = new PrivateJsonFile({
      file: options.file,
      parse: parseFile,
      clock: this.#clock,
      recover: ({ file, movedTo, reason }) =>
        report({ kind: 'file-damaged', file, movedTo, message: `Workspace trust ${file} is damaged (${reason}); kept it as ${movedTo}, so no folder is trusted until asked again.` }),
    });
  }

  /** Every answer, by folder. */
  async answers(): Promise<Map<string, TrustAnswer>> {
    return new Map((await this.#read()).folders.map((answer) => [answer.path, answer]));
  }

  /** The trusted folders, most recently trusted first. */
  async trusted(): Promise<TrustAnswer[]> {
    return (await this.#read()).folders.filter((answer) => answer.trusted).sort((a, b) => b.at - a.at);
  }

  /**
   * Records answers (paths resolved to real ones). Returns whether what is trusted changed: a
   * first "not trusted" answer is kept (so nothing is asked twice) but changes nothing that loads.
   */
  async answer(answers: readonly { readonly path: string; readonly trusted: boolean }[]): Promise<boolean> {
    const resolved = await Promise.all(answers.map(async (answer) => ({ path: await realFolder(answer.path), trusted: answer.trusted })));
    let trustChanged = false;
    await this.#file.update((current = EMPTY) => {
      const byPath = new Map(current.folders.map((entry) => [entry.path, entry]));
      let written = false;
      for (const answer of resolved) {
        const before = byPath.get(answer.path);
        if (before?.trusted === answer.trusted) continue;
        if ((before?.trusted === true) !== answer.trusted) trustChanged = true;
        byPath.set(answer.path, { ...answer, at: this.#clock.now() });
        written = true;
      }
      return written ? { version: 1, folders: [...byPath.values()] } : undefined;
    });
    return trustChanged;
  }

  /** Revokes trust in a folder (it is then answered "not trusted"); false when it was not trusted. */
  async revoke(folder: string): Promise<boolean> {
    // Stored by real path; a folder that has gone since is named by the path it had.
    const names = new Set([path.resolve(folder), await realFolder(folder)]);
    let revoked = false;
    await this.#file.update((current = EMPTY) => {
      const folders = current.folders.map((entry) => {
        if (!entry.trusted || !names.has(entry.path)) return entry;
        revoked = true;
        return { path: entry.path, trusted: false, at: this.#clock.now() };
      });
      return revoked ? { version: 1, folders } : undefined;
    });
    return revoked;
  }

  async #read(): Promise<TrustFile> {
    return (await this.#file.read()) ?? EMPTY;
  }
}

/** The real path of a folder; the resolved path when it no longer exists (trust in it can still be revoked). */
async function realFolder(folder: string): Promise<string> {
  const resolved = path.resolve(folder);
  return realpath(resolved).catch(() => resolved);
}
