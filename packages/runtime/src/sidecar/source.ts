// Where the runtime binary comes from: the npm package this install ships ("bundled"), a
// verified download ("downloaded"), a path the user names ("external"), or the first of those
// that works ("auto").
import path from 'node:path';
import { CodedError } from '@open-cowork/contracts';
import { BINARY_OVERRIDE_ENV, checkVersion, findPackageJson, probeVersion, resolveOpencodeBinary, sdkVersion, type OpencodeBinary, type ResolveBinaryOptions } from '../binary.js';
import { RuntimeErrorCode } from '../errors.js';
import { verifiedSidecar, verifySidecarFile, sidecarLocation, type SidecarOptions } from './cache.js';

export const OPENCODE_SOURCES = ['auto', 'bundled', 'downloaded', 'external'] as const;
export type OpencodeSource = (typeof OPENCODE_SOURCES)[number];

/** The environment variables that set the same as the command-line flags. */
export const SIDECAR_ENV = {
  source: 'OPEN_COWORK_OPENCODE_SOURCE',
  dir: 'OPEN_COWORK_SIDECAR_DIR',
  baseUrl: 'OPEN_COWORK_SIDECAR_BASE_URL',
  manifest: 'OPEN_COWORK_SIDECAR_MANIFEST',
} as const;

export interface OpencodeSourceOptions {
  /** Default "auto". */
  readonly source?: OpencodeSource;
  /** The "external" binary; default: OPEN_COWORK_OPENCODE_BIN. */
  readonly external?: string;
  /** The verified download cache; without a base URL or manifest nothing is downloaded. */
  readonly sidecar?: SidecarOptions;
}

export type ResolveRuntimeOptions = OpencodeSourceOptions & Pick<ResolveBinaryOptions, 'env' | 'platform' | 'arch' | 'resolvePackageJson'>;

/** Finds the runtime binary the way `source` asks; every path checks the binary's version too. */
export async function resolveRuntimeBinary(options: ResolveRuntimeOptions = {}): Promise<OpencodeBinary> {
  const env = options.env ?? process.env;
  const source = options.source ?? 'auto';
  const external = options.external ?? (env[BINARY_OVERRIDE_ENV] || undefined);
  const base: ResolveBinaryOptions = {
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.arch ? { arch: options.arch } : {}),
    ...(options.resolvePackageJson ? { resolvePackageJson: options.resolvePackageJson } : {}),
  };
  const withoutOverride = { ...env, [BINARY_OVERRIDE_ENV]: undefined };
  switch (source) {
    case 'external':
      if (external === undefined) {
        throw new CodedError(RuntimeErrorCode.BinaryMissing, `The OpenCode source is "external" but no binary is named: pass its path or set ${BINARY_OVERRIDE_ENV}.`);
      }
      return resolveOpencodeBinary({ ...base, env: { ...env, [BINARY_OVERRIDE_ENV]: external } });
    case 'bundled':
      return resolveOpencodeBinary({ ...base, env: withoutOverride });
    case 'downloaded':
      if (!sidecarConfigured(options.sidecar)) {
        throw new CodedError(RuntimeErrorCode.BinaryMissing, 'The OpenCode source is "downloaded" but no sidecar base URL or manifest is set.');
      }
      return sidecarBinary(options.sidecar, base);
    case 'auto': {
      if (external !== undefined) return resolveOpencodeBinary({ ...base, env: { ...env, [BINARY_OVERRIDE_ENV]: external } });
      try {
        return await resolveOpencodeBinary({ ...base, env: withoutOverride });
      } catch (error) {
        // Only a missing package falls through; a wrong bundled version is a broken install to report.
        if (!(error instanceof CodedError) || error.code !== RuntimeErrorCode.BinaryMissing || !sidecarConfigured(options.sidecar)) throw error;
        return sidecarBinary(options.sidecar, base);
      }
    }
  }
}

function sidecarConfigured(sidecar: SidecarOptions | undefined): sidecar is SidecarOptions {
  return sidecar !== undefined && (sidecar.baseUrl !== undefined || sidecar.manifest !== undefined);
}

async function sidecarBinary(sidecar: SidecarOptions, base: ResolveBinaryOptions): Promise<OpencodeBinary> {
  const expected = sdkVersion(base.resolvePackageJson ?? findPackageJson);
  const found = await verifiedSidecar({ ...sidecar, platform: base.platform ?? process.platform, arch: base.arch ?? process.arch, expectVersion: expected });
  const version = await probeVersion(found.path);
  checkVersion(version, expected, `${found.path} (from the sidecar manifest)`);
  return { path: found.path, version, source: 'sidecar-cache', sha256: found.sha256 };
}

/** Before each launch: a binary from the sidecar cache must still hash to its manifest entry. */
export async function recheckRuntimeBinary(binary: OpencodeBinary): Promise<void> {
  if (binary.sha256 !== undefined) await verifySidecarFile(binary.path, binary.sha256);
}

export interface SourceSettingsInput {
  readonly source?: string | undefined;
  readonly dir?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly manifest?: string | undefined;
  readonly external?: string | undefined;
}

/**
 * The binary source from flags (first) and environment variables, checked now so a bad value is
 * reported before anything starts. Relative folders resolve against `cwd`; the cache defaults to
 * `defaultDir`. Throws an Error naming the flag or variable that is wrong.
 */
export function opencodeSourceSettings(
  flags: SourceSettingsInput,
  env: Readonly<Record<string, string | undefined>>,
  paths: { readonly cwd: string; readonly defaultDir: string },
): OpencodeSourceOptions {
  const pick = (flag: string | undefined, name: string) => (flag !== undefined ? flag : env[name] || undefined);
  const source = pick(flags.source, SIDECAR_ENV.source);
  if (source !== undefined && !(OPENCODE_SOURCES as readonly string[]).includes(source)) {
    throw new Error(`--opencode-source (or ${SIDECAR_ENV.source}) must be one of ${OPENCODE_SOURCES.join(', ')}; got "${source}".`);
  }
  const dir = pick(flags.dir, SIDECAR_ENV.dir);
  const baseUrl = pick(flags.baseUrl, SIDECAR_ENV.baseUrl);
  const manifestText = pick(flags.manifest, SIDECAR_ENV.manifest);
  const manifest = manifestText !== undefined && !/^[a-z]+:/i.test(manifestText) ? path.resolve(paths.cwd, manifestText) : manifestText;
  if (baseUrl !== undefined || manifest !== undefined) {
    try {
      sidecarLocation({ ...(baseUrl !== undefined ? { baseUrl } : {}), ...(manifest !== undefined ? { manifest } : {}) });
    } catch (error) {
      throw new Error(`--sidecar-base-url/--sidecar-manifest: ${(error as Error).message}`, { cause: error });
    }
  }
  if (source === 'downloaded' && baseUrl === undefined && manifest === undefined) {
    throw new Error('--opencode-source downloaded needs --sidecar-base-url or --sidecar-manifest.');
  }
  if (source === 'external' && flags.external === undefined && !env[BINARY_OVERRIDE_ENV]) {
    throw new Error(`--opencode-source external needs --opencode-bin PATH or ${BINARY_OVERRIDE_ENV}.`);
  }
  return {
    ...(source !== undefined ? { source: source as OpencodeSource } : {}),
    ...(flags.external !== undefined ? { external: path.resolve(paths.cwd, flags.external) } : {}),
    sidecar: {
      dir: dir === undefined ? paths.defaultDir : path.resolve(paths.cwd, dir),
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      ...(manifest !== undefined ? { manifest } : {}),
    },
  };
}
