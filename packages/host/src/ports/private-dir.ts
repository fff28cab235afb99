// Directories that hold private state: created 0700. File modes mean nothing on Windows,
// where the user profile's ACLs do this job, so the checks below are POSIX-only.
import { chmod, mkdir } from 'node:fs/promises';

export const IS_POSIX = process.platform !== 'win32';

/**
 * Creates `dir` (and missing parents) as 0700. An existing directory is tightened only
 * when `tighten` is set: a data dir the user pointed us at (say, their home) is theirs.
 */
export async function ensurePrivateDir(dir: string, options: { readonly tighten?: boolean } = {}): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask, and does nothing to a directory that exists.
  if (IS_POSIX && (created !== undefined || options.tighten === true)) await chmod(dir, 0o700);
}

/** "0644" for a file mode. */
export function octalMode(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0');
}
