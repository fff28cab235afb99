// Every secret value the host knows, so the sanitizer can blank them out wherever they show
// up: the config's secret values (by isSecretPointer: provider catalog auth headers, MCP and
// telemetry headers, credential-like options and environment entries, …) and every value
// that came from an {env:NAME} placeholder (the loader treats those as secrets too), the stored
// provider and MCP credentials whose fields are secrets, and every value of the user's custom
// MCP servers (headers and environment). Kept in memory only; refreshed when they change.
import { isSecretPointer, type OpenCoworkConfig } from '@open-cowork/config';
import type { CredentialsView } from '../settings/index.js';
import type { OpenedCustomMcp } from '../mcps/store.js';
import { SECRET_KEY } from './sanitize.js';

export interface KnownSecretsSources {
  readonly config: OpenCoworkConfig;
  /** Pointers of config values that came from {env:NAME} placeholders (LoadResult.placeholders). */
  readonly placeholders?: ReadonlyMap<string, string>;
  /** Stored credentials in plain text (SettingsStore.runtimeSettings()). */
  readonly plainCredentials?: () => Promise<{
    readonly providerCredentials?: Readonly<Record<string, Readonly<Record<string, string>>>>;
    readonly mcpCredentials?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  }>;
  /** Which stored credentials are secrets (SettingsStore.credentials()). */
  readonly credentialViews?: () => Promise<CredentialsView>;
  /** The user's custom MCP servers with their values opened. */
  readonly customMcps?: () => Promise<readonly Pick<OpenedCustomMcp, 'environment' | 'headers'>[]>;
  /** More, e.g. the signed-in account's tokens. */
  readonly extra?: () => Promise<Iterable<string>> | Iterable<string>;
}

/** Shorter values are too likely to be ordinary words ("local", "test") to blank out everywhere. */
const MIN_LENGTH = 6;
/** An environment value under a name that does not say "secret" must be at least this long. */
const MIN_PLAIN_ENV_LENGTH = 8;

export class KnownSecrets {
  readonly #sources: KnownSecretsSources;
  readonly #fromConfig: ReadonlySet<string>;
  #stored = new Set<string>();
  #refreshing: Promise<void> | undefined;

  constructor(sources: KnownSecretsSources) {
    this.#sources = sources;
    this.#fromConfig = configSecrets(sources.config, sources.placeholders);
  }

  /** Every known secret now (what the last refresh found plus the config's). */
  values(): Set<string> {
    return new Set([...this.#fromConfig, ...this.#stored]);
  }

  /** Reads the stored values again (credentials, custom MCPs). Never rejects; overlapping calls share one read. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#read().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #read(): Promise<void> {
    const found = new Set<string>();
    const [plain, views, custom, extra] = await Promise.all([
      this.#sources.plainCredentials?.().catch(() => undefined),
      this.#sources.credentialViews?.().catch(() => undefined),
      this.#sources.customMcps?.().catch(() => undefined),
      Promise.resolve(this.#sources.extra?.() ?? []).catch(() => []),
    ]);
    const secretField = (scope: 'providers' | 'mcps', id: string, key: string): boolean => {
      const view = views?.[scope]?.[id]?.[key];
      // Without the view, every field counts as a secret.
      return view === undefined || view.secret;
    };
    for (const [id, fields] of Object.entries(plain?.providerCredentials ?? {})) {
      for (const [key, value] of Object.entries(fields)) if (secretField('providers', id, key)) add(found, value);
    }
    for (const [id, fields] of Object.entries(plain?.mcpCredentials ?? {})) {
      for (const [key, value] of Object.entries(fields)) if (secretField('mcps', id, key)) add(found, value);
    }
    for (const server of custom ?? []) {
      for (const value of Object.values(server.headers)) add(found, value);
      for (const [name, value] of Object.entries(server.environment)) {
        if (SECRET_KEY.test(name) || value.length >= MIN_PLAIN_ENV_LENGTH) add(found, value);
      }
    }
    for (const value of extra) add(found, value);
    this.#stored = found;
  }
}

/** The config's secret values: strings at secret pointers, and those supplied by placeholders. */
export function configSecrets(config: OpenCoworkConfig, placeholders: ReadonlyMap<string, string> = new Map()): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown, pointer: string): void => {
    if (typeof value === 'string') {
      if (isSecretPointer(pointer) || placeholders.has(pointer)) add(found, value);
      return;
    }
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${pointer}/${index}`));
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(config, '');
  return found;
}

/** Adds a secret, and for "Bearer x" / "Basic x" the credential part on its own too. */
function add(found: Set<string>, value: string): void {
  const trimmed = value.trim();
  if (trimmed.length < MIN_LENGTH) return;
  found.add(trimmed);
  const scheme = /^(?:Bearer|Basic|Token)\s+(\S+)$/i.exec(trimmed);
  if (scheme?.[1] !== undefined && scheme[1].length >= MIN_LENGTH) found.add(scheme[1]);
}
