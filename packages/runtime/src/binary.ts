// Finds the OpenCode binary this build ships and checks it is the version the SDK speaks.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { CodedError } from '@open-cowork/contracts';
import { RuntimeErrorCode } from './errors.js';

/** Points at an OpenCode binary to use instead of the bundled platform package. */
export const BINARY_OVERRIDE_ENV = 'OPEN_COWORK_OPENCODE_BIN';

export interface OpencodeBinary {
  /** Absolute path of the executable. */
  readonly path: string;
  /** The runtime's version, e.g. "1.18.33". */
  readonly version: string;
  /** Where it came from: the platform package name, the override variable, or "sidecar-cache". */
  readonly source: string;
  /** Set for a binary from the sidecar cache: the manifest's SHA-256, re-checked before every launch. */
  readonly sha256?: string;
}

export interface ResolveBinaryOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly platform?: NodeJS.Platform;
  readonly arch?: string;
  /** Resolves `<package>/package.json`; injectable for tests. */
  readonly resolvePackageJson?: (specifier: string) => string;
  /** Reads a binary's own version (`opencode --version`); used only for overrides. */
  readonly probeVersion?: (binaryPath: string) => Promise<string>;
}

const require = createRequire(import.meta.url);

/**
 * Finds `<name>/package.json` the way Node would find the package, also for packages
 * whose "exports" do not list their package.json (the SDK's do not).
 */
export function findPackageJson(specifier: string): string {
  const name = specifier.replace(/\/package\.json$/, '');
  for (const dir of require.resolve.paths(name) ?? []) {
    const candidate = path.join(dir, name, 'package.json');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`Cannot find package "${name}".`);
}

/** The version of `@opencode-ai/sdk` this build was compiled against: the runtime must match it. */
export function sdkVersion(resolvePackageJson: (specifier: string) => string = findPackageJson): string {
  return readVersion(resolvePackageJson('@opencode-ai/sdk/package.json'));
}

/** Platform package names to try, best first (the "-baseline" builds run on older CPUs). */
export function platformPackages(platform: NodeJS.Platform, arch: string): string[] {
  const os = platform === 'win32' ? 'windows' : platform;
  const base = `opencode-${os}-${arch}`;
  return arch === 'x64' ? [base, `${base}-baseline`] : [base];
}

export async function resolveOpencodeBinary(options: ResolveBinaryOptions = {}): Promise<OpencodeBinary> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const resolve = options.resolvePackageJson ?? findPackageJson;
  let expected: string;
  try {
    expected = sdkVersion(resolve);
  } catch (error) {
    throw new CodedError(RuntimeErrorCode.BinaryMissing, `The OpenCode SDK is not installed (${error instanceof Error ? error.message : String(error)}). Run "npm ci".`);
  }
  const exe = platform === 'win32' ? 'opencode.exe' : 'opencode';

  const override = env[BINARY_OVERRIDE_ENV];
  if (override !== undefined && override !== '') {
    if (!path.isAbsolute(override)) {
      throw new CodedError(RuntimeErrorCode.BinaryMissing, `${BINARY_OVERRIDE_ENV} must be an absolute path; it is "${override}".`);
    }
    if (!existsSync(override)) {
      throw new CodedError(RuntimeErrorCode.BinaryMissing, `${BINARY_OVERRIDE_ENV} points at "${override}", which does not exist.`);
    }
    const version = await (options.probeVersion ?? probeVersion)(override);
    checkVersion(version, expected, `${override} (from ${BINARY_OVERRIDE_ENV})`);
    return { path: override, version, source: BINARY_OVERRIDE_ENV };
  }

  const candidates = platformPackages(platform, arch);
  const tried: string[] = [];
  for (const name of candidates) {
    let manifest: string;
    try {
      manifest = resolve(`${name}/package.json`);
    } catch {
      tried.push(`${name} (not installed)`);
      continue;
    }
    const binaryPath = path.join(path.dirname(manifest), 'bin', exe);
    if (!existsSync(binaryPath)) {
      tried.push(`${name} (installed, but ${binaryPath} is missing)`);
      continue;
    }
    const version = readVersion(manifest);
    checkVersion(version, expected, `${name} at ${binaryPath}`);
    return { path: binaryPath, version, source: name };
  }
  throw new CodedError(
    RuntimeErrorCode.BinaryMissing,
    `The OpenCode runtime is not installed for ${platform}-${arch}. Tried: ${tried.join('; ')}. ` +
      `Run "npm ci" (optional dependencies must not be omitted) or set ${BINARY_OVERRIDE_ENV} to an OpenCode ${expected} binary.`,
    { platform, arch, tried },
  );
}

export function checkVersion(actual: string, expected: string, what: string): void {
  if (actual !== expected) {
    throw new CodedError(
      RuntimeErrorCode.VersionMismatch,
      `OpenCode ${actual} (${what}) does not match @opencode-ai/sdk ${expected}; both must be the same version. ` +
        `Reinstall with "npm ci" or point ${BINARY_OVERRIDE_ENV} at an OpenCode ${expected} binary.`,
      { actual, expected },
    );
  }
}

function readVersion(manifestPath: string): string {
  const parsed = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: unknown };
  if (typeof parsed.version !== 'string') throw new Error(`${manifestPath} has no version.`);
  return parsed.version;
}

const execFileAsync = promisify(execFile);

export async function probeVersion(binaryPath: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(binaryPath, ['--version'], { timeout: 15_000, env: { PATH: process.env['PATH'] ?? '' } });
    const match = /\d+\.\d+\.\d+\S*/.exec(stdout);
    if (!match) throw new Error(`unexpected output "${stdout.trim().slice(0, 80)}"`);
    return match[0];
  } catch (error) {
    throw new CodedError(
      RuntimeErrorCode.BinaryMissing,
      `Could not run "${binaryPath} --version": ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}
