// The generated OpenCode config lives in a private file: 0600 in a 0700 directory,
// written atomically and removed when the runtime stops.
import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writePrivateFile } from './private-write.js';

export interface PrivateConfigFile {
  readonly path: string;
  /** Deletes the file; safe to call more than once. */
  remove(): Promise<void>;
}

export async function writePrivateConfig(dir: string, config: unknown): Promise<PrivateConfigFile> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700); // mkdir's mode does not change an existing directory
  const file = path.join(dir, 'opencode.json');
  await writePrivateFile(file, JSON.stringify(config, null, 2));
  return {
    path: file,
    remove: () => rm(file, { force: true }),
  };
}
