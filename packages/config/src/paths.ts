import { posix, win32 } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The per-user app data directory, as the desktop app lays it out
 * (Electron's userData under the brand's data directory name).
 */
export function defaultUserDataDir(platform: NodeJS.Platform, env: Env, homeDir: string, dataDirName: string): string {
  switch (platform) {
    case 'darwin':
      return posix.join(homeDir, 'Library', 'Application Support', dataDirName);
    case 'win32':
      return win32.join(env['APPDATA'] ?? win32.join(homeDir, 'AppData', 'Roaming'), dataDirName);
    default:
      return posix.join(nonEmpty(env['XDG_CONFIG_HOME']) ?? posix.join(homeDir, '.config'), dataDirName);
  }
}

/** The user's own config file on every platform, without extension: `~/.config/<dataDirName>/config`. */
export function userConfigStem(platform: NodeJS.Platform, homeDir: string, dataDirName: string): string {
  return (platform === 'win32' ? win32 : posix).join(homeDir, '.config', dataDirName, 'config');
}

/**
 * The folder that holds each brand's OS-managed policy folder: a system-wide location an
 * ordinary user cannot write. Fixed per platform and never read from the environment, so no
 * one can move an administrator's policy out of the way. On Windows it is the ProgramData
 * known folder at its standard place; a variable such as %ProgramData% is not consulted.
 */
export function managedConfigRoot(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return '/Library/Application Support';
    case 'win32':
      return 'C:\\ProgramData';
    default:
      return '/etc';
  }
}

/** Where an administrator (MDM, configuration management) places the policy file of a brand. */
export function managedConfigPaths(platform: NodeJS.Platform, dataDirName: string, root = managedConfigRoot(platform)): string[] {
  return [(platform === 'win32' ? win32 : posix).join(root, dataDirName, 'config.json')];
}

/** An environment value, or undefined when it is unset or blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
