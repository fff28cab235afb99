// The host's SecretCipher over Electron's safeStorage (the macOS Keychain, DPAPI on Windows,
// the Secret Service or KWallet on Linux). When the system offers no real encryption a
// packaged build refuses to store secrets instead of writing something anyone could read;
// a development build falls back to the headless host's key-file cipher and says so.
import { CodedError, HostErrorCode } from '@open-cowork/contracts';
import type { Logger, SecretCipher } from '@open-cowork/host';
import type { SafeStoragePort } from './ports.js';

/** Codes only the desktop produces. They cross IPC like the contract's own codes. */
export const DesktopErrorCode = {
  /** The OS secret store is unavailable, so a packaged build will not save secrets (now a contract code). */
  SecretStorageUnavailable: HostErrorCode.SecretStorageUnavailable,
} as const;

/** Sealed text: "ss1:" + base64 of safeStorage's output. */
const PREFIX = 'ss1:';

export interface SafeStorageCipherOptions {
  readonly safeStorage: SafeStoragePort;
  readonly isPackaged: boolean;
  /** Unpackaged builds only: seals secrets while safeStorage cannot (the data dir's key file). */
  readonly fallback?: SecretCipher;
  readonly logger?: Logger;
}

export class SafeStorageCipher implements SecretCipher {
  readonly kind = 'safe-storage';
  readonly #safeStorage: SafeStoragePort;
  readonly #fallback: SecretCipher | undefined;
  readonly #logger: Logger | undefined;
  #warned = false;

  constructor(options: SafeStorageCipherOptions) {
    this.#safeStorage = options.safeStorage;
    // A packaged build never seals with a key file: that file sits next to what it protects.
    this.#fallback = options.isPackaged ? undefined : options.fallback;
    this.#logger = options.logger;
  }

  /** False when nothing can seal now: no OS keychain and no (development) fallback. */
  available(): boolean {
    return this.#available() || this.#fallback !== undefined;
  }

  async encrypt(plain: string): Promise<string> {
    if (this.#available()) return PREFIX + this.#safeStorage.encryptString(plain).toString('base64');
    if (this.#fallback === undefined) {
      throw new CodedError(
        DesktopErrorCode.SecretStorageUnavailable,
        'This computer offers no secure storage for secrets (the system keychain is locked or missing), so the app will not save ' +
          'credentials. Unlock or set up the keychain, then try again.',
        { backend: this.#backend() ?? 'unknown' },
      );
    }
    if (!this.#warned) {
      this.#warned = true;
      this.#logger?.warn('safeStorage is unavailable; this development build seals secrets with the key file in the data dir instead', {
        cipher: this.#fallback.kind,
      });
    }
    return this.#fallback.encrypt(plain);
  }

  async decrypt(sealed: string): Promise<string> {
    if (typeof sealed === 'string' && sealed.startsWith(PREFIX)) {
      if (!this.#available()) throw unreadable('the system keychain that sealed it is not available now');
      try {
        return this.#safeStorage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
      } catch {
        throw unreadable('the system keychain could not open it (it was sealed on another computer or by another app)');
      }
    }
    if (this.#fallback !== undefined) return this.#fallback.decrypt(sealed);
    throw unreadable('it was not sealed by the system keychain (a development build may have written it)');
  }

  /** Linux's "basic_text" backend encrypts with a key built into Chromium: not a secret. */
  #available(): boolean {
    return this.#safeStorage.isEncryptionAvailable() && this.#backend() !== 'basic_text';
  }

  #backend(): string | undefined {
    return this.#safeStorage.getSelectedStorageBackend?.();
  }
}

function unreadable(why: string): CodedError {
  return new CodedError(HostErrorCode.SecretUnreadable, `Cannot decrypt a stored secret: ${why}. Enter it again.`, {
    keySource: 'safe-storage',
  });
}
