// The workspace registry in `<data>/workspaces.json`: the directories one runtime serves.
// Each directory is stored once, by its real absolute path, under a short random id.
// The file is re-read on every call, so a CLI in another process sees the host's changes.
import { randomBytes } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CodedError, HostErrorCode, withHostDefs, type Workspace } from '@open-cowork/contracts';
import { systemClock, type Clock } from '../ports/clock.js';
import { badField, quote } from '../state/fields.js';
import { schemaCheck } from '../state/schema-check.js';
import { PrivateJsonFile } from '../state/private-file.js';
import { warnProblem, type ProblemSink } from '../state/problems.js';

interface WorkspacesFile {
  readonly version: 1;
  readonly workspaces: readonly Workspace[];
}

const EMPTY: WorkspacesFile = { version: 1, workspaces: [] };
const ID = /^ws_[a-z2-7]{10}$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const MAX_NAME = 128;
/** POSIX, drive-letter or UNC: the paths this store writes are always absolute. */
const ABSOLUTE_PATH = String.raw`^(/|[A-Za-z]:[\\/]|\\\\)`;

/** The file: the contract's Workspace records, with ids and paths as this store writes them. */
const parseFile = schemaCheck<WorkspacesFile>(
  withHostDefs({
    type: 'object',
    properties: {
      version: { const: 1 },
      workspaces: {
        type: 'array',
        items: {
          allOf: [
            { $ref: '#/$defs/Workspace' },
            { type: 'object', properties: { id: { type: 'string', pattern: ID.source }, path: { type: 'string', pattern: ABSOLUTE_PATH } } },
          ],
        },
      },
    },
    required: ['version', 'workspaces'],
  }),
);

export interface WorkspaceRegistryOptions {
  /** `AppPaths.workspacesFile`. */
  readonly file: string;
  readonly clock?: Clock;
  /** Hears about a damaged file (kept aside; the registry starts empty). Default: a process warning. */
  readonly report?: ProblemSink;
}

export class WorkspaceRegistry {
  readonly #file: PrivateJsonFile<WorkspacesFile>;
  readonly #clock: Clock;

  constructor(options: WorkspaceRegistryOptions) {
    const report = options.report ?? warnProblem;
    this.#clock = options.clock ?? systemClock;
    this.#file = new PrivateJsonFile({
      file: options.file,
      parse: parseFile,
      clock: this.#clock,
      recover: ({ file, movedTo, reason }) =>
        report({
          kind: 'file-damaged',
          file,
          movedTo,
          message: `Workspace list ${file} is damaged (${reason}); kept it as ${movedTo} and started with no workspaces.`,
        }),
    });
  }

  /**
   * Registers an existing directory, stored by its real path; the same directory again
   * (however spelled) returns its existing entry unchanged. Callers that must refuse a
   * duplicate (CONFLICT) can ask `byDirectory` first.
   */
  async add(directory: string, name?: string): Promise<Workspace> {
    const real = await existingDirectory(directory);
    const label = name === undefined ? defaultName(real) : checkName(name);
    let result: Workspace | undefined;
    await this.#file.update((current = EMPTY) => {
      result = current.workspaces.find((workspace) => workspace.path === real);
      if (result !== undefined) return undefined;
      const taken = new Set(current.workspaces.map((workspace) => workspace.id));
      result = { id: newId(taken), name: label, path: real, addedAt: this.#clock.now() };
      return { ...current, workspaces: [...current.workspaces, result] };
    });
    return result!;
  }

  /** Every workspace, oldest first. */
  async list(): Promise<readonly Workspace[]> {
    return (await this.#read()).workspaces;
  }

  /** NOT_FOUND (data: kind "workspace", id) when there is no such workspace. */
  async get(id: string): Promise<Workspace> {
    const found = (await this.#read()).workspaces.find((workspace) => workspace.id === id);
    if (found === undefined) throw notFound(id);
    return found;
  }

  /** Forgets a workspace (its directory is left alone); returns it, or undefined when there was none. */
  async remove(id: string): Promise<Workspace | undefined> {
    let removed: Workspace | undefined;
    await this.#file.update((current = EMPTY) => {
      removed = current.workspaces.find((workspace) => workspace.id === id);
      if (removed === undefined) return undefined;
      return { ...current, workspaces: current.workspaces.filter((workspace) => workspace.id !== id) };
    });
    return removed;
  }

  /** The workspace registered for exactly this directory (compared by real path), if any. */
  async byDirectory(directory: string): Promise<Workspace | undefined> {
    const resolved = path.resolve(directory);
    const real = await realpath(resolved).catch(() => resolved);
    return (await this.#read()).workspaces.find((workspace) => workspace.path === real);
  }

  async #read(): Promise<WorkspacesFile> {
    return (await this.#file.read()) ?? EMPTY;
  }
}

async function existingDirectory(directory: string): Promise<string> {
  if (typeof directory !== 'string' || directory === '') throw badField('path', 'must be a path');
  const resolved = path.resolve(directory);
  let real: string;
  try {
    real = await realpath(resolved);
  } catch {
    throw badPath(resolved, 'does not exist');
  }
  if (!(await stat(real)).isDirectory()) {
    throw badPath(resolved, 'is not a directory');
  }
  return real;
}

function badPath(resolved: string, problem: string): CodedError {
  const message = `path: ${resolved} ${problem}.`;
  return new CodedError(HostErrorCode.BadRequest, message, { pointer: '/path', issues: [{ pointer: '/path', message }], field: 'path', path: resolved });
}

function defaultName(directory: string): string {
  return (path.basename(directory) || directory).slice(0, MAX_NAME);
}

function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '' || trimmed.length > MAX_NAME) throw badField('name', `must be 1 to ${MAX_NAME} characters (got ${quote(name)})`);
  return trimmed;
}

function newId(taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `ws_${[...randomBytes(10)].map((byte) => BASE32[byte & 31]).join('')}`;
    if (!taken.has(id)) return id;
  }
}

function notFound(id: string): CodedError {
  return new CodedError(HostErrorCode.NotFound, `No workspace with id ${quote(id)}.`, { kind: 'workspace', id });
}
