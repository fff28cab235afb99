// User settings and credentials in `<data>/settings.json` (0600, written atomically).
// Credentials are sealed through the SecretCipher before they reach the file; reads show
// secrets masked; only `runtimeSettings()` returns them decrypted, in memory, for the runtime.
import type { Settings, SettingsPatch } from '@open-cowork/contracts';
import type { RuntimeSettings } from '@open-cowork/runtime';
import { systemClock, type Clock } from '../ports/clock.js';
import type { SecretCipher } from '../ports/secret-cipher.js';
import {
  allSecret,
  checkAddress,
  checkValue,
  credentialsView,
  NO_CREDENTIALS,
  openCredentials,
  parseSealedCredentials,
  plainCredentials,
  withCredential,
  withoutCredential,
  type CredentialScope,
  type CredentialSecrecy,
  type CredentialsView,
  type SealedCredentials,
} from './credentials.js';
import { warnProblem, type ProblemSink } from '../state/problems.js';
import { badField, record } from '../state/fields.js';
import { PrivateJsonFile } from '../state/private-file.js';
import { applyPatch, checkCeilings, effectiveSettings, parsePatch, parseStoredSettings, type PermissionPolicy, type StoredSettings } from './schema.js';

const FILE_VERSION = 1;

interface SettingsFile {
  readonly version: typeof FILE_VERSION;
  readonly settings: StoredSettings;
  readonly credentials: SealedCredentials;
}

const EMPTY: SettingsFile = { version: FILE_VERSION, settings: {}, credentials: NO_CREDENTIALS };

function parseFile(raw: unknown): SettingsFile {
  const file = record(raw, 'the file');
  if (file['version'] !== FILE_VERSION) throw badField('version', `must be ${FILE_VERSION}`);
  return {
    version: FILE_VERSION,
    settings: parseStoredSettings(file['settings'] ?? {}),
    credentials: parseSealedCredentials(file['credentials'] ?? {}),
  };
}

export type SettingsChange = 'settings' | 'credentials';

export interface SettingsStoreOptions {
  /** `AppPaths.settingsFile`. */
  readonly file: string;
  readonly cipher: SecretCipher;
  /** The app config's `permissions` (bash, fileWrite, task, web: allow | ask | deny; webSearch). Unset: no limits. */
  readonly ceilings?: PermissionPolicy;
  /** Which credential fields are secrets (masked on read); see `secrecyFromConfig`. Default: all. */
  readonly isSecret?: CredentialSecrecy;
  readonly clock?: Clock;
  /** Hears what the store recovered from (damaged file, unreadable credential). Default: a process warning. */
  readonly report?: ProblemSink;
}

export class SettingsStore {
  readonly #file: PrivateJsonFile<SettingsFile>;
  readonly #cipher: SecretCipher;
  readonly #ceilings: PermissionPolicy;
  readonly #isSecret: CredentialSecrecy;
  readonly #report: ProblemSink;
  readonly #listeners = new Set<(change: SettingsChange, settings?: Settings) => void>();

  constructor(options: SettingsStoreOptions) {
    this.#cipher = options.cipher;
    this.#ceilings = options.ceilings ?? {};
    this.#isSecret = options.isSecret ?? allSecret;
    this.#report = options.report ?? warnProblem;
    this.#file = new PrivateJsonFile({
      file: options.file,
      parse: parseFile,
      clock: options.clock ?? systemClock,
      recover: ({ file, movedTo, reason }) =>
        this.#report({
          kind: 'file-damaged',
          file,
          movedTo,
          message: `Settings file ${file} is damaged (${reason}); kept it as ${movedTo} and started from default settings.`,
        }),
    });
  }

  /** Settings with defaults filled in and choices clamped to the config (the contract's `Settings`; no secrets). */
  async get(): Promise<Settings> {
    return effectiveSettings((await this.#read()).settings, this.#ceilings);
  }

  /** Every stored credential, secrets masked; see CredentialView. */
  async credentials(): Promise<CredentialsView> {
    return credentialsView(await openCredentials((await this.#read()).credentials, this.#cipher), this.#isSecret);
  }

  /**
   * Applies a patch: a value sets a field, null returns it to its default (any field, even
   * one permission). BAD_REQUEST / PERMISSION_CEILING leave the file untouched.
   */
  async update(patch: SettingsPatch): Promise<Settings> {
    const checked = parsePatch(patch);
    checkCeilings(checked, this.#ceilings);
    let result: SettingsFile | undefined;
    const written = await this.#file.update((current = EMPTY) => {
      const settings = applyPatch(current.settings, checked);
      result = { ...current, settings };
      return sameJson(settings, current.settings) ? undefined : result;
    });
    const effective = effectiveSettings((result ?? EMPTY).settings, this.#ceilings);
    if (written !== undefined) this.#emit('settings', effective);
    return effective;
  }

  async setCredential(scope: CredentialScope, id: string, key: string, value: string): Promise<void> {
    const address = checkAddress(scope, id, key);
    const sealed = { cipher: this.#cipher.kind, sealed: await this.#cipher.encrypt(checkValue(value)) };
    await this.#file.update((current = EMPTY) => ({
      ...current,
      credentials: withCredential(current.credentials, address.scope, address.id, key, sealed),
    }));
    this.#emit('credentials');
  }

  /** Removes one credential, or every credential of `id` without a key. Clearing nothing is not an error. */
  async clearCredential(scope: CredentialScope, id: string, key?: string): Promise<void> {
    const address = checkAddress(scope, id, key);
    const written = await this.#file.update((current = EMPTY) => {
      const credentials = withoutCredential(current.credentials, address.scope, address.id, address.key);
      return credentials === undefined ? undefined : { ...current, credentials };
    });
    if (written !== undefined) this.#emit('credentials');
  }

  /**
   * What the runtime needs, credentials decrypted (keep it in memory only). A credential
   * that cannot be decrypted is left out and reported, so one lost key does not stop the runtime.
   */
  async runtimeSettings(): Promise<RuntimeSettings> {
    const file = await this.#read();
    const settings = effectiveSettings(file.settings, this.#ceilings);
    const opened = await openCredentials(file.credentials, this.#cipher);
    for (const { scope, id, key, error } of opened) {
      if (error !== undefined) this.#report({ kind: 'credential-unreadable', scope, id, key, message: error });
    }
    const plain = plainCredentials(opened);
    return {
      ...(settings.model === undefined ? {} : { model: settings.model }),
      ...(settings.smallModel === undefined ? {} : { smallModel: settings.smallModel }),
      ...(settings.enabledProviders === undefined ? {} : { enabledProviders: settings.enabledProviders }),
      permissions: settings.permissions,
      webSearch: settings.webSearch,
      providerCredentials: plain.providers,
      mcpCredentials: plain.mcps,
    };
  }

  /** Called after each successful write with what changed (and the settings now, for a settings change); returns the disposer. */
  onChange(listener: (change: SettingsChange, settings?: Settings) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #read(): Promise<SettingsFile> {
    return (await this.#file.read()) ?? EMPTY;
  }

  #emit(change: SettingsChange, settings?: Settings): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change, settings);
      } catch (error) {
        // The write succeeded; a failing listener must not turn it into a failed update.
        this.#report({ kind: 'listener-failed', message: `A settings listener failed: ${(error as Error).message}` });
      }
    }
  }
}

/** Key-order-independent equality of plain JSON values. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sorted(v)]));
}
