// The generated OpenCode config lives in a private file: 0600 in a 0700 directory,
// written atomically and removed when the runtime stops. Beside it, equally private and
// equally short-lived, the secret values the tool guard blanks out of tool output.
import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writePrivateFile } from './private-write.js';

export const REDACTIONS_FILE = 'redactions.json';

export interface PrivateConfigFile {
  readonly path: string;
  /** The redactions file (see tool-guard.ts). */
  readonly redactions: string;
  /** Deletes both files; safe to call more than once. */
  remove(): Promise<void>;
}

export async function writePrivateConfig(dir: string, config: unknown, redactions: readonly string[] = []): Promise<PrivateConfigFile> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700); // mkdir's mode does not change an existing directory
  const file = path.join(dir, 'opencode.json');
  const secrets = path.join(dir, REDACTIONS_FILE);
  await writePrivateFile(file, JSON.stringify(config, null, 2));
  await writePrivateFile(secrets, JSON.stringify({ values: [...new Set(redactions)] }));
  return {
    path: file,
    redactions: secrets,
    remove: async () => {
      await rm(file, { force: true });
      await rm(secrets, { force: true });
    },
  };
}
