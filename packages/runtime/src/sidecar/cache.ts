// The sidecar cache: the runtime binary the manifest names, downloaded once into
// `<dir>/opencode/<version>/<platform>-<arch>/<file>` and re-hashed every time it is used.
// A file whose bytes do not hash to the manifest's SHA-256 is refused and deleted.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '@open-cowork/contracts';
import { RuntimeErrorCode } from '../errors.js';
import { downloadFile, fetchText, sidecarUrl, type SidecarFetchOptions } from './fetch.js';
import { parseSidecarManifest, platformKey, type SidecarEntry, type SidecarManifest } from './manifest.js';

/** The manifest's default name under the base URL. */
export const SIDECAR_MANIFEST_NAME = 'open-cowork-sidecars.json';

export interface SidecarOptions extends SidecarFetchOptions {
  /** The cache folder (absolute). */
  readonly dir: string;
  /** Where binaries are fetched from (`<base URL>/<file>`); default: the manifest URL's folder. */
  readonly baseUrl?: string;
  /** The manifest: an https URL or an absolute file path; default `<base URL>/open-cowork-sidecars.json`. */
  readonly manifest?: string;
}

export interface VerifiedSidecar {
  readonly path: string;
  readonly sha256: string;
  readonly version: string;
  /** Whether this call downloaded it (false: the cached copy passed its hash check). */
  readonly downloaded: boolean;
}

/** The SHA-256 (hex) of a file's bytes. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/** Re-hashes a file against the hash it was accepted with; a mismatch deletes it and throws. */
export async function verifySidecarFile(file: string, sha256: string, what = 'The cached OpenCode binary'): Promise<void> {
  const actual = await sha256File(file).catch((error: unknown) => {
    throw new CodedError(RuntimeErrorCode.SidecarRefused, `${what} ${file} cannot be read: ${(error as Error).message}.`);
  });
  if (actual === sha256) return;
  await rm(file, { force: true });
  throw new CodedError(
    RuntimeErrorCode.SidecarRefused,
    `${what} ${file} was refused and deleted: its SHA-256 is ${actual}, the manifest says ${sha256}.`,
    { file, expected: sha256, actual },
  );
}

/** Where the manifest is and where binaries come from, checked (https, or http to loopback). */
export function sidecarLocation(options: Pick<SidecarOptions, 'baseUrl' | 'manifest'>): { manifest: URL | string; base: URL } {
  const base = options.baseUrl === undefined ? undefined : sidecarUrl(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`, 'The sidecar base URL');
  if (options.manifest !== undefined && path.isAbsolute(options.manifest)) {
    if (!base) throw new CodedError(RuntimeErrorCode.SidecarRefused, 'A manifest file on disk needs a sidecar base URL to download from.');
    return { manifest: options.manifest, base };
  }
  if (options.manifest !== undefined) {
    const manifest = sidecarUrl(options.manifest, 'The sidecar manifest URL');
    return { manifest, base: base ?? new URL('.', manifest) };
  }
  if (!base) throw new CodedError(RuntimeErrorCode.SidecarRefused, 'No sidecar source is configured: set a sidecar base URL or manifest.');
  return { manifest: new URL(SIDECAR_MANIFEST_NAME, base), base };
}

async function loadManifest(location: URL | string, options: SidecarFetchOptions): Promise<SidecarManifest> {
  if (typeof location === 'string') {
    const text = await readFile(location, 'utf8').catch((error: unknown) => {
      throw new CodedError(RuntimeErrorCode.SidecarUnavailable, `Cannot read the sidecar manifest ${location}: ${(error as Error).message}.`);
    });
    return parseSidecarManifest(text, location);
  }
  return parseSidecarManifest(await fetchText(location, options), location.href);
}

/**
 * The manifest's binary for this platform: the cached copy when its hash still matches, else a
 * fresh download that must match before it is kept. `expectVersion` refuses a manifest for
 * another OpenCode version before anything is downloaded.
 */
export async function verifiedSidecar(
  options: SidecarOptions & { readonly platform: NodeJS.Platform; readonly arch: string; readonly expectVersion: string },
): Promise<VerifiedSidecar> {
  if (!path.isAbsolute(options.dir)) throw new CodedError(RuntimeErrorCode.SidecarRefused, `The sidecar folder must be an absolute path; it is "${options.dir}".`);
  const location = sidecarLocation(options);
  const manifest = await loadManifest(location.manifest, options);
  const where = typeof location.manifest === 'string' ? location.manifest : location.manifest.href;
  if (manifest.version !== options.expectVersion) {
    throw new CodedError(RuntimeErrorCode.VersionMismatch, `The sidecar manifest ${where} lists OpenCode ${manifest.version}; this build needs ${options.expectVersion}.`, {
      actual: manifest.version,
      expected: options.expectVersion,
    });
  }
  const key = platformKey(options.platform, options.arch);
  const entry: SidecarEntry | undefined = manifest.platforms[key];
  if (!entry) throw new CodedError(RuntimeErrorCode.BinaryMissing, `The sidecar manifest ${where} has no OpenCode binary for ${key}.`);
  const folder = path.join(options.dir, 'opencode', manifest.version, key);
  const file = path.join(folder, entry.file);
  if (existsSync(file)) {
    await verifySidecarFile(file, entry.sha256);
    return { path: file, sha256: entry.sha256, version: manifest.version, downloaded: false };
  }
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const url = new URL(entry.file, location.base);
  const part = `${file}.part-${randomBytes(6).toString('hex')}`;
  const actual = await downloadFile(url, part, options);
  if (actual !== entry.sha256) {
    await rm(part, { force: true });
    throw new CodedError(
      RuntimeErrorCode.SidecarRefused,
      `The OpenCode binary downloaded from ${url.href} was refused and deleted: its SHA-256 is ${actual}, the manifest says ${entry.sha256}.`,
      { url: url.href, expected: entry.sha256, actual },
    );
  }
  await chmod(part, 0o755);
  await rename(part, file);
  return { path: file, sha256: entry.sha256, version: manifest.version, downloaded: true };
}
