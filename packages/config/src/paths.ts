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

/**
 * Where an administrator (MDM, configuration management) places the OS-managed policy file.
 * These are system-wide locations an ordinary user cannot write.
 */
export function managedConfigPaths(platform: NodeJS.Platform, env: Env, dataDirName: string): string[] {
  switch (platform) {
    case 'darwin':
      return [posix.join('/Library/Application Support', dataDirName, 'config.json')];
    case 'win32':
      return [win32.join(env['ProgramData'] ?? env['PROGRAMDATA'] ?? 'C:\\ProgramData', dataDirName, 'config.json')];
    default:
      return [posix.join('/etc', dataDirName, 'config.json')];
  }
}

/** An environment value, or undefined when it is unset or blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
