// The signed-in session on disk: one private JSON file (0600 in a 0700 folder) whose tokens
// and email are sealed through the SecretCipher port. Only the client id it belongs to is in
// the clear. When the cipher cannot seal (the desktop without an OS keychain), saving is
// refused with SECRET_STORAGE_UNAVAILABLE — unless this is an unpackaged build run with
// OPEN_COWORK_ALLOW_PLAINTEXT_SECRETS=1, which stores the session unsealed and says so.
import { rm } from 'node:fs/promises';
import { CodedError, HostErrorCode } from '@open-cowork/contracts';
import type { Logger } from '../log/index.js';
import type { Clock } from '../ports/clock.js';
import type { SecretCipher } from '../ports/secret-cipher.js';
import { PrivateJsonFile } from '../state/private-file.js';
import { schemaCheck } from '../state/schema-check.js';

/** The development switch for plaintext sessions; honoured only in unpackaged builds. */
export const ALLOW_PLAINTEXT_ENV = 'OPEN_COWORK_ALLOW_PLAINTEXT_SECRETS';

/** Whether secrets may be stored unsealed: never in a packaged (or unknown) build; in development only when asked. */
export function plaintextSecretsAllowed(options: { readonly packaged: boolean | undefined; readonly env: Readonly<Record<string, string | undefined>> }): boolean {
  return options.packaged === false && options.env[ALLOW_PLAINTEXT_ENV] === '1';
}

/** What a sign-in leaves behind. */
export interface GoogleSession {
  readonly clientId: string;
  readonly refreshToken: string;
  readonly accessToken?: string;
  /** Epoch ms when `accessToken` expires. */
  readonly expiresAt?: number;
  /** Granted scopes. */
  readonly scopes: readonly string[];
  readonly email?: string;
  /** Epoch ms of the sign-in. */
  readonly signedInAt: number;
}

type Secrets = Omit<GoogleSession, 'clientId'>;

interface SealedFile {
  readonly version: 1;
  readonly clientId: string;
  /** The cipher's kind, for diagnostics. */
  readonly cipher: string;
  readonly sealed: string;
}

interface PlaintextFile {
  readonly version: 1;
  readonly clientId: string;
  /** Development only (see ALLOW_PLAINTEXT_ENV). */
  readonly plaintext: Secrets;
}

type StoredFile = SealedFile | PlaintextFile;

export interface GoogleSessionStoreOptions {
  readonly file: string;
  readonly cipher: SecretCipher;
  readonly allowPlaintext: boolean;
  readonly logger: Logger;
  readonly clock?: Clock;
}

export class GoogleSessionStore {
  readonly file: string;
  readonly #data: PrivateJsonFile<StoredFile>;
  readonly #cipher: SecretCipher;
  readonly #allowPlaintext: boolean;
  readonly #logger: Logger;

  constructor(options: GoogleSessionStoreOptions) {
    this.file = options.file;
    this.#cipher = options.cipher;
    this.#allowPlaintext = options.allowPlaintext;
    this.#logger = options.logger;
    this.#data = new PrivateJsonFile<StoredFile>({
      file: options.file,
      parse: parseStoredFile,
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
      recover: (report) => this.#logger.warn(`the stored Google sign-in was damaged and moved aside: ${report.reason}`, { movedTo: report.movedTo }),
    });
  }

  /** Throws SECRET_STORAGE_UNAVAILABLE when a session could not be saved now (checked before a sign-in starts). */
  assertCanSave(): void {
    if (this.#cipher.available?.() === false && !this.#allowPlaintext) throw unavailable(this.#cipher.kind);
  }

  /** The stored session; undefined when there is none. Rejects (SECRET_UNREADABLE, …) when it cannot be opened. */
  async load(): Promise<GoogleSession | undefined> {
    const stored = await this.#data.read();
    if (stored === undefined) return undefined;
    if ('plaintext' in stored) {
      if (!this.#allowPlaintext) {
        this.#logger.warn('ignoring a Google sign-in stored unsealed by a development run; sign in again');
        return undefined;
      }
      return { clientId: stored.clientId, ...stored.plaintext };
    }
    const secrets = parseSecrets(JSON.parse(await this.#cipher.decrypt(stored.sealed)));
    return { clientId: stored.clientId, ...secrets };
  }

  async save(session: GoogleSession): Promise<void> {
    const { clientId, ...secrets } = session;
    if (this.#cipher.available?.() !== false) {
      try {
        await this.#data.write({ version: 1, clientId, cipher: this.#cipher.kind, sealed: await this.#cipher.encrypt(JSON.stringify(secrets)) });
        return;
      } catch (error) {
        if (!(error instanceof CodedError && error.code === HostErrorCode.SecretStorageUnavailable) || !this.#allowPlaintext) throw error;
      }
    }
    if (!this.#allowPlaintext) throw unavailable(this.#cipher.kind);
    this.#logger.warn(`secure storage is unavailable; this development run stores the Google sign-in UNSEALED because ${ALLOW_PLAINTEXT_ENV}=1`, {
      file: this.file,
    });
    await this.#data.write({ version: 1, clientId, plaintext: secrets });
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

function unavailable(cipher: string): CodedError {
  return new CodedError(
    HostErrorCode.SecretStorageUnavailable,
    'This computer offers no secure storage for secrets right now (the system keychain is locked or missing), so the app will not ' +
      'store your Google sign-in. Unlock or set up the keychain, then sign in again.',
    { cipher },
  );
}

const SECRETS = {
  type: 'object',
  properties: {
    refreshToken: { type: 'string', minLength: 1 },
    accessToken: { type: 'string' },
    expiresAt: { type: 'number' },
    scopes: { type: 'array', items: { type: 'string' } },
    email: { type: 'string' },
    signedInAt: { type: 'number' },
  },
  required: ['refreshToken', 'scopes', 'signedInAt'],
} as const;

/** The file: sealed tokens (or, from a development run, plaintext ones) for one client id. */
const parseStoredFile = schemaCheck<StoredFile>({
  type: 'object',
  properties: { version: { const: 1 }, clientId: { type: 'string' } },
  required: ['version', 'clientId'],
  oneOf: [
    { properties: { cipher: { type: 'string' }, sealed: { type: 'string' } }, required: ['cipher', 'sealed'] },
    { properties: { plaintext: SECRETS }, required: ['plaintext'] },
  ],
});

/** What the sealed value opens to. */
const parseSecrets = schemaCheck<Secrets>(SECRETS);
