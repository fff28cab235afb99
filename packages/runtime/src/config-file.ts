// The generated OpenCode config lives in a private file: 0600 in a 0700 directory,
// written atomically and removed when the runtime stops.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PrivateConfigFile {
  readonly path: string;
  /** Deletes the file; safe to call more than once. */
  remove(): Promise<void>;
}

export async function writePrivateConfig(dir: string, config: unknown): Promise<PrivateConfigFile> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700); // mkdir's mode does not change an existing directory
  const file = path.join(dir, 'opencode.json');
  const temp = path.join(dir, `.opencode.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, JSON.stringify(config, null, 2), { mode: 0o600, flag: 'wx' });
  await rename(temp, file);
  return {
    path: file,
    remove: () => rm(file, { force: true }),
  };
}
