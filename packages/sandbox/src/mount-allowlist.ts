// Extra folders a boundary may show, beyond the workspaces: only those under a root that the
// user listed, by hand, in a file outside every workspace. Paths are compared after resolving
// symlinks and `..` on both sides, so a link inside a listed root that points elsewhere, or a
// `root/../elsewhere` spelling, is refused like any other outside path.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SandboxError, SandboxErrorCode } from './errors.js';
import type { CheckedMount } from './types.js';

/** Overrides where the allowlist is read from (tests, unusual setups). */
export const MOUNT_ALLOWLIST_ENV = 'OPEN_COWORK_SANDBOX_MOUNT_ALLOWLIST';
export const MOUNT_ALLOWLIST_FILE = 'sandbox-mount-allowlist.json';
/** Where extra mounts appear inside a boundary. */
export const EXTRA_MOUNT_ROOT = '/workspace/extra';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface MountRequest {
  readonly host: string;
  readonly name: string;
  readonly mode: 'ro' | 'rw';
  /** The text as given, for messages. */
  readonly text: string;
}

export interface AllowlistRoot {
  /** Real path of the listed folder. */
  readonly path: string;
  /** `ro`: mounts under it are read-only whatever they ask. */
  readonly mode: 'ro' | 'rw';
}

export interface MountAllowlist {
  /** The file that was read (or would be): what a refusal tells the user to edit. */
  readonly file: string;
  readonly exists: boolean;
  readonly roots: readonly AllowlistRoot[];
}

/** `~/.config/<dataDirName>/sandbox-mount-allowlist.json`, unless the environment names another file. */
export function mountAllowlistPath(input: { readonly dataDirName: string; readonly homeDir: string; readonly env?: Readonly<Record<string, string | undefined>> }): string {
  const override = input.env?.[MOUNT_ALLOWLIST_ENV];
  if (override !== undefined && override !== '') {
    if (!path.isAbsolute(override)) throw new SandboxError(SandboxErrorCode.AllowlistInvalid, `${MOUNT_ALLOWLIST_ENV} must be an absolute path; it is "${override}".`);
    return override;
  }
  return path.join(input.homeDir, '.config', input.dataDirName, MOUNT_ALLOWLIST_FILE);
}

/** Parses `HOST:NAME[:ro|rw]` (read-only unless `rw` is given). HOST must be absolute. */
export function parseMountRequest(text: string): MountRequest {
  const parts = text.split(':');
  let mode: 'ro' | 'rw' = 'ro';
  const last = parts[parts.length - 1];
  if (parts.length >= 3 && (last === 'ro' || last === 'rw')) {
    mode = last;
    parts.pop();
  }
  const name = parts.pop() ?? '';
  const host = parts.join(':');
  const refuse = (why: string) => new SandboxError(SandboxErrorCode.MountRefused, `Mount "${text}": ${why} (expected HOST:NAME[:ro|rw]).`);
  if (parts.length === 0 || host === '') throw refuse('no host folder');
  if (!path.isAbsolute(host)) throw refuse(`the host folder "${host}" must be an absolute path`);
  if (!NAME.test(name) || name === '.' || name === '..') throw refuse(`"${name}" is not a usable name (letters, digits, ".", "_", "-"; up to 64)`);
  return { host, name, mode, text };
}

/**
 * Reads the allowlist: `{ "roots": [ "/abs/folder" | "~/folder" | { "path": "…", "mode": "ro" } ] }`.
 * A missing file is an empty list. Roots that do not exist are skipped: they allow nothing.
 */
export async function loadMountAllowlist(file: string, homeDir: string): Promise<MountAllowlist> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, exists: false, roots: [] };
    throw new SandboxError(SandboxErrorCode.AllowlistInvalid, `Cannot read the mount allowlist ${file}: ${(error as Error).message}.`, { file });
  }
  const invalid = (why: string) => new SandboxError(SandboxErrorCode.AllowlistInvalid, `The mount allowlist ${file} is not usable: ${why}.`, { file });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalid(`it is not JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { roots?: unknown }).roots)) throw invalid('it needs a "roots" list');
  const roots: AllowlistRoot[] = [];
  for (const [index, entry] of ((raw as { roots: unknown[] }).roots).entries()) {
    const at = `roots[${index}]`;
    const given = typeof entry === 'string' ? entry : typeof entry === 'object' && entry !== null ? (entry as { path?: unknown }).path : undefined;
    const mode = typeof entry === 'object' && entry !== null ? (entry as { mode?: unknown }).mode ?? 'rw' : 'rw';
    if (typeof given !== 'string' || given === '') throw invalid(`${at} needs a folder path`);
    if (mode !== 'ro' && mode !== 'rw') throw invalid(`${at}.mode must be "ro" or "rw"`);
    const expanded = given === '~' ? homeDir : given.startsWith('~/') ? path.join(homeDir, given.slice(2)) : given;
    if (!path.isAbsolute(expanded)) throw invalid(`${at} ("${given}") must be an absolute path or start with ~/`);
    const real = await realpath(expanded).catch(() => undefined);
    if (real !== undefined) roots.push({ path: real, mode });
  }
  return { file, exists: true, roots };
}

/** Whether `child` is `parent` or inside it (both already real, absolute paths). */
export function isWithin(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Checks every request against the allowlist. The host folder is resolved (symlinks, `..`)
 * before the comparison; anything outside every root, missing, not a folder, asking `rw`
 * under a read-only root, or reusing a name is refused with a message naming the file.
 */
export async function checkMounts(requests: readonly (string | MountRequest)[], allowlist: MountAllowlist): Promise<CheckedMount[]> {
  const checked: CheckedMount[] = [];
  for (const item of requests) {
    const request = typeof item === 'string' ? parseMountRequest(item) : item;
    const refuse = (why: string) => new SandboxError(SandboxErrorCode.MountRefused, `Mount "${request.text}" refused: ${why}`, { file: allowlist.file });
    const real = await realpath(request.host).catch(() => undefined);
    if (real === undefined) throw refuse(`${request.host} does not exist.`);
    if (!(await stat(real)).isDirectory()) throw refuse(`${request.host} is not a folder.`);
    const root = allowlist.roots.find((candidate) => isWithin(candidate.path, real));
    if (!root) {
      const listed = allowlist.exists ? 'is not under any folder listed in' : 'needs a folder listed in';
      throw refuse(`${real} ${listed} ${allowlist.file}. Add a folder that contains it to "roots" in that file to allow it.`);
    }
    if (request.mode === 'rw' && root.mode === 'ro') throw refuse(`${root.path} is listed read-only in ${allowlist.file}.`);
    if (checked.some((mount) => mount.name === request.name)) throw refuse(`the name "${request.name}" is already used by another mount.`);
    checked.push({ host: real, name: request.name, mode: request.mode });
  }
  return checked;
}
