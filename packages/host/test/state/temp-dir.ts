// Real temporary directories, removed after each test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })));
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'oc-host-state-'));
  made.push(dir);
  return dir;
}

/** Permission bits of a file or directory. */
export function modeOf(stats: { mode: number }): number {
  return stats.mode & 0o777;
}
