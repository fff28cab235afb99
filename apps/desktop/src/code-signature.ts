// Whether this app is code-signed by a developer identity: the host offers in-app install only
// to signed, packaged macOS builds. Asked of the system's codesign tool, once per run.
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface RunResult {
  readonly code: number;
  /** codesign writes its details to stderr. */
  readonly stderr: string;
}

export type Run = (file: string, args: readonly string[]) => Promise<RunResult>;

const CODESIGN = '/usr/bin/codesign';

const execRun: Run = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { timeout: 15_000 }, (error, _stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stderr: String(stderr) });
    });
  });

/** The .app bundle around a macOS executable (…/Name.app/Contents/MacOS/Name), if it is in one. */
export function appBundleOf(execPath: string): string | undefined {
  const macos = path.dirname(execPath);
  const contents = path.dirname(macos);
  const bundle = path.dirname(contents);
  return path.basename(macos) === 'MacOS' && path.basename(contents) === 'Contents' && bundle.endsWith('.app') ? bundle : undefined;
}

export interface SignatureQuery {
  readonly platform: NodeJS.Platform;
  readonly isPackaged: boolean;
  readonly execPath: string;
  /** Test seam; default: execFile. */
  readonly run?: Run;
}

/**
 * True for a packaged macOS app whose signature verifies and names a team (ad-hoc signatures,
 * which any build gets on Apple silicon, do not count). False everywhere else, and when codesign fails.
 */
export async function isDeveloperSigned(query: SignatureQuery): Promise<boolean> {
  if (query.platform !== 'darwin' || !query.isPackaged) return false;
  const bundle = appBundleOf(query.execPath);
  if (bundle === undefined) return false;
  const run = query.run ?? execRun;
  try {
    const verify = await run(CODESIGN, ['--verify', '--strict', bundle]);
    if (verify.code !== 0) return false;
    const details = await run(CODESIGN, ['--display', '--verbose=2', bundle]);
    if (details.code !== 0 || /^Signature=adhoc$/m.test(details.stderr)) return false;
    const team = /^TeamIdentifier=(.+)$/m.exec(details.stderr)?.[1]?.trim();
    return team !== undefined && team !== '' && team !== 'not set';
  } catch {
    return false;
  }
}
