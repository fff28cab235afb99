// Which data dir a command works on: --data-dir, else where the config loader puts the
// user's files (OPEN_COWORK_USER_DATA_DIR, else the platform's app data folder).
import path from 'node:path';
import { UsageError, type CliIo } from '../io.js';
import { loadForCli } from '../load.js';

/** The io a command should use: with --data-dir, the loader sees it as the user data dir. */
export function withDataDir(io: CliIo, dataDir: string | undefined): CliIo {
  if (dataDir === undefined) return io;
  if (dataDir.trim() === '') throw new UsageError('--data-dir needs a folder.', 'open-cowork --help');
  return { ...io, env: { ...io.env, OPEN_COWORK_USER_DATA_DIR: path.resolve(io.cwd, dataDir) } };
}

/** Loads the config (for the data dir) without failing on config errors: remote commands don't need it valid. */
export function resolveDataDir(io: CliIo): string {
  return loadForCli(io).dataDir;
}
