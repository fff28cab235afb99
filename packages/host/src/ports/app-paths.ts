// Where the host keeps its state, all under one data directory.
import path from 'node:path';

export interface AppPaths {
  readonly dataDir: string;
  /** User settings and sealed credentials. */
  readonly settingsFile: string;
  /** The workspace registry. */
  readonly workspacesFile: string;
  /** The headless cipher's key (unused when the desktop seals with safeStorage). */
  readonly keyFile: string;
  /** The managed runtime's home, config and pid ledger (RuntimeSupervisor uses `<dataDir>/runtime`). */
  readonly runtimeDir: string;
  readonly logDir: string;
}

export function appPaths(dataDir: string): AppPaths {
  const root = path.resolve(dataDir);
  return {
    dataDir: root,
    settingsFile: path.join(root, 'settings.json'),
    workspacesFile: path.join(root, 'workspaces.json'),
    keyFile: path.join(root, 'keys', 'secrets.key'),
    runtimeDir: path.join(root, 'runtime'),
    logDir: path.join(root, 'logs'),
  };
}
