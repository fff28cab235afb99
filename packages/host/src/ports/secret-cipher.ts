// Seals secrets before they touch disk. The desktop backs this with Electron's safeStorage,
// the headless host with a private key file, tests with an in-memory key.

export interface SecretCipher {
  /** Which implementation this is ("key-file", "memory", "safe-storage"), for diagnostics. */
  readonly kind: string;
  /** Seals `plain` into versioned text that is safe to store. */
  encrypt(plain: string): Promise<string>;
  /** Opens text from `encrypt`; rejects with a CodedError (SECRET_UNREADABLE, …) otherwise. */
  decrypt(sealed: string): Promise<string>;
}
