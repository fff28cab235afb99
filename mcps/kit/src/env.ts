// Reading the environment the host sets for a bundled server. Every failure is an EnvError
// that names the variable, so the host's log (or the agent) says exactly what to fix.

import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { EnvError } from './errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** The variable's value, or an EnvError when it is unset or blank. */
export function requireEnv(env: Env, name: string, what = 'a value'): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new EnvError(name, `${name} is not set; the host must set it to ${what}.`);
  }
  return value;
}

/** The variable's value, or undefined when it is unset or blank. */
export function optionalEnv(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * An absolute path, normalised: `..` and `.` segments resolved, duplicate and trailing
 * separators dropped (a filesystem root keeps its separator). Relative paths are refused:
 * a server's working directory is whatever the runtime's happens to be.
 */
export function absolutePath(name: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed.includes('\0')) throw new EnvError(name, `${name} contains a NUL character.`);
  if (!path.isAbsolute(trimmed)) {
    throw new EnvError(name, `${name} must be an absolute path; got "${trimmed}".`);
  }
  return path.resolve(trimmed);
}

export interface DirOptions {
  /** Create the directory (and its parents) when it does not exist. Default: false. */
  create?: boolean;
}

/**
 * The absolute directory named by `name`. It must be absolute; when it exists it must be a
 * directory; when it does not, it is created with `create`, else refused.
 */
export function absoluteDirFromEnv(env: Env, name: string, options: DirOptions = {}): string {
  const dir = absolutePath(name, requireEnv(env, name, 'an absolute directory path'));
  ensureDirectory(name, dir, options.create ?? false);
  return dir;
}

/** Checks (and optionally creates) `dir`; errors name the variable it came from. */
export function ensureDirectory(name: string, dir: string, create: boolean): void {
  let stats;
  try {
    stats = statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new EnvError(name, `${name} points at "${dir}", which cannot be read: ${(error as Error).message}`);
    }
  }
  if (stats) {
    if (!stats.isDirectory()) throw new EnvError(name, `${name} points at "${dir}", which is not a directory.`);
    return;
  }
  if (!create) throw new EnvError(name, `${name} points at "${dir}", which does not exist.`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new EnvError(name, `${name} points at "${dir}", which cannot be created: ${(error as Error).message}`);
  }
}
