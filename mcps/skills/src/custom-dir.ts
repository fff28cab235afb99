// Where custom skills may be written. The host passes an app-managed folder; this refuses
// anything that would let a skill land in a place that matters: a filesystem root, the
// user's home directory or a folder that contains it — also when reached through `..`,
// trailing separators or a symbolic link.

import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { absolutePath, EnvError } from '@open-cowork/mcp-kit';

export const CUSTOM_DIR_ENV = 'OPEN_COWORK_CUSTOM_SKILLS_DIR';

export interface DirCheckOptions {
  /** Home directories to protect. Default: $HOME (os.homedir()) and the account's home from the user database. */
  homes?: readonly string[];
  /** Resolves symbolic links; undefined when the path does not exist. Default: fs.realpathSync. */
  realpath?: (p: string) => string | undefined;
  /** Path flavour (tests use path.win32). Default: the platform's. */
  pathApi?: path.PlatformPath;
}

export function defaultHomes(): string[] {
  const homes = [os.homedir()];
  try {
    homes.push(os.userInfo().homedir);
  } catch {
    // No user database entry (some containers): $HOME is all there is.
  }
  return homes.filter((home) => typeof home === 'string' && home !== '');
}

function tryRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** The normalised custom-skills directory, or an EnvError naming the variable and the reason. */
export function checkCustomSkillsDir(value: string | undefined, options: DirCheckOptions = {}): string {
  const p = options.pathApi ?? path;
  const real = options.realpath ?? tryRealpath;
  if (value === undefined || value.trim() === '') {
    throw new EnvError(CUSTOM_DIR_ENV, `${CUSTOM_DIR_ENV} is not set; the host must set it to the app-managed custom skills directory.`);
  }
  const dir = p === path ? absolutePath(CUSTOM_DIR_ENV, value) : absoluteWith(p, value);

  const homes = (options.homes ?? defaultHomes()).flatMap((home) => {
    const normal = p.resolve(home);
    const resolved = real(normal);
    return resolved && resolved !== normal ? [normal, resolved] : [normal];
  });

  const refuse = (candidate: string, how: string) => {
    const note = candidate === dir ? '' : ` (it resolves to "${candidate}")`;
    if (p.parse(candidate).root === candidate) {
      throw new EnvError(CUSTOM_DIR_ENV, `${CUSTOM_DIR_ENV} is "${value}"${note}, a filesystem root; it must be an app-managed directory${how}.`);
    }
    for (const home of homes) {
      if (same(p, candidate, home)) {
        throw new EnvError(CUSTOM_DIR_ENV, `${CUSTOM_DIR_ENV} is "${value}"${note}, the user's home directory; it must be an app-managed directory${how}.`);
      }
      if (contains(p, candidate, home)) {
        throw new EnvError(CUSTOM_DIR_ENV, `${CUSTOM_DIR_ENV} is "${value}"${note}, which contains the user's home directory; it must be an app-managed directory${how}.`);
      }
    }
  };
  refuse(dir, '');
  const resolved = real(dir);
  if (resolved !== undefined && resolved !== dir) refuse(p.resolve(resolved), ', not a link to one of these');
  return dir;
}

function absoluteWith(p: path.PlatformPath, value: string): string {
  const trimmed = value.trim();
  if (!p.isAbsolute(trimmed)) throw new EnvError(CUSTOM_DIR_ENV, `${CUSTOM_DIR_ENV} must be an absolute path; got "${trimmed}".`);
  return p.resolve(trimmed);
}

function same(p: path.PlatformPath, a: string, b: string): boolean {
  return p.relative(a, b) === '';
}

/** Whether `dir` is a strict ancestor of `inner`. */
function contains(p: path.PlatformPath, dir: string, inner: string): boolean {
  const rel = p.relative(dir, inner);
  return rel !== '' && !rel.startsWith('..') && !p.isAbsolute(rel);
}
