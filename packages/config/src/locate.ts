import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_CONFIG_FILE = 'open-cowork.config.json';

/**
 * Finds the built-in default config: the nearest open-cowork.config.json above this
 * module (the repository root in development, the app's resources folder when packaged).
 */
export function locateDefaultConfig(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let directory = from;
  for (;;) {
    const candidate = join(directory, DEFAULT_CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(`Cannot find the built-in ${DEFAULT_CONFIG_FILE} in any folder above ${from}.`);
    }
    directory = parent;
  }
}
