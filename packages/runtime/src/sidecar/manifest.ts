// The sidecar manifest: for each platform the runtime binary's file name and SHA-256. A
// downloaded or cached binary is used only when its bytes hash to what the manifest says.
import { CodedError } from '@open-cowork/contracts';
import { RuntimeErrorCode } from '../errors.js';

export interface SidecarEntry {
  /** A plain file name (no folder), fetched from `<base URL>/<file>`. */
  readonly file: string;
  /** Lower-case hex SHA-256 of the file. */
  readonly sha256: string;
}

export interface SidecarManifest {
  /** The OpenCode version every listed binary is. */
  readonly version: string;
  /** Keyed by `<platform>-<arch>`, as Node names them (`linux-x64`, `darwin-arm64`). */
  readonly platforms: Readonly<Record<string, SidecarEntry>>;
}

const SHA256 = /^[0-9a-f]{64}$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The manifest key of a platform: `linux-x64`. */
export function platformKey(platform: NodeJS.Platform, arch: string): string {
  return `${platform}-${arch}`;
}

function refuse(where: string, message: string): CodedError {
  return new CodedError(RuntimeErrorCode.SidecarRefused, `The sidecar manifest ${where} is not usable: ${message}.`, { manifest: where });
}

/**
 * Reads `{"opencode": {"version": "1.18.33", "platforms": {"linux-x64": {"file": "…", "sha256": "…"}}}}`.
 * Every entry is checked: a file name that could name a folder (`../x`, `a/b`) or a hash that is not
 * 64 hex digits refuses the whole manifest, saying which entry.
 */
export function parseSidecarManifest(text: string, where: string): SidecarManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw refuse(where, `it is not JSON (${(error as Error).message})`);
  }
  const opencode = (parsed as { opencode?: unknown } | null)?.opencode;
  if (typeof opencode !== 'object' || opencode === null) throw refuse(where, 'it has no "opencode" object');
  const { version, platforms } = opencode as { version?: unknown; platforms?: unknown };
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+\S*$/.test(version)) throw refuse(where, '"opencode.version" is not a version such as "1.18.33"');
  if (typeof platforms !== 'object' || platforms === null || Array.isArray(platforms)) throw refuse(where, '"opencode.platforms" is not an object');
  const entries: Record<string, SidecarEntry> = {};
  for (const [key, value] of Object.entries(platforms)) {
    const { file, sha256 } = (value ?? {}) as { file?: unknown; sha256?: unknown };
    if (typeof file !== 'string' || !FILE_NAME.test(file) || file.includes('..')) {
      throw refuse(where, `"opencode.platforms.${key}.file" must be a plain file name (letters, digits, ".", "_", "-")`);
    }
    if (typeof sha256 !== 'string' || !SHA256.test(sha256.toLowerCase())) throw refuse(where, `"opencode.platforms.${key}.sha256" is not 64 hex digits`);
    entries[key] = { file, sha256: sha256.toLowerCase() };
  }
  return { version, platforms: entries };
}
