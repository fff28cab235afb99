// What a session server runs with: OpenCode's config (the owner's provider and model, every
// permission allowed, since the sandbox is the boundary) in a file, and each credential in a
// file of its own that the config names with OpenCode's `{file:…}` reference. Both live in the
// session's `secrets` folder, which only that session's sandbox sees, read-only. No
// credential goes into an environment variable or onto a command line.
import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writePrivateFile } from '@open-cowork/runtime';

/** The owner's part of a session's OpenCode config. */
export interface SessionConfigInput {
  /** OpenCode config: typically `provider` and `model`. Secret values appear as themselves here. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Values in `config` that are credentials: each moves to its own file. */
  readonly secrets?: readonly string[];
}

export const CONFIG_FILE = 'opencode.json';

/** Writes the config and the credential files into `dir` (0700, files 0400); returns the config file's path. */
export async function writeSessionConfig(dir: string, input: SessionConfigInput): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const files = new Map<string, string>();
  const secrets = new Set((input.secrets ?? []).filter((value) => value !== ''));
  const swap = (value: unknown): unknown => {
    if (typeof value === 'string' && secrets.has(value)) {
      let file = files.get(value);
      if (file === undefined) {
        file = path.join(dir, `credential-${files.size + 1}`);
        files.set(value, file);
      }
      return `{file:${file}}`;
    }
    if (Array.isArray(value)) return value.map(swap);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, swap(inner)]));
    return value;
  };
  const config = { ...(swap(input.config) as Record<string, unknown>), permission: 'allow', autoupdate: false, share: 'disabled' };
  for (const [value, file] of files) {
    await writePrivateFile(file, value);
    await chmod(file, 0o400);
  }
  const configFile = path.join(dir, CONFIG_FILE);
  await writePrivateFile(configFile, JSON.stringify(config, null, 2));
  return configFile;
}
