import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { loadConfig, type LoadOptions, type LoadResult } from '../src/index.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const defaultConfigPath = join(repoRoot, 'open-cowork.config.json');

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});

/** A fresh temporary directory, removed after the test. */
export function tempDir(prefix = 'oc-config-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function writeFile(path: string, content: string | object): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

/** Loads the default config plus the given layers, with no machine state leaking in. */
export function load(options: Partial<LoadOptions> = {}): LoadResult {
  const sandbox = tempDir('oc-sandbox-');
  return loadConfig({
    defaultConfigPath,
    env: {},
    cwd: sandbox,
    homeDir: sandbox,
    userDataDir: join(sandbox, 'user-data'),
    managedConfigPaths: [],
    platform: 'linux',
    ...options,
  });
}

/** Loads the default config with one overlay file (as `config validate --file` does). */
export function loadOverlay(overlay: string | object, env: Record<string, string> = {}): { result: LoadResult; file: string } {
  const file = writeFile(join(tempDir(), 'overlay', 'open-cowork.config.json'), overlay);
  return { result: load({ env, onlyFiles: [{ kind: 'config-path', file }] }), file };
}

export function codes(result: LoadResult): string[] {
  return result.issues.map((issue) => issue.code);
}

export function errorAt(result: LoadResult, pointer: string) {
  return result.issues.find((issue) => issue.pointer === pointer && issue.severity === 'error');
}
