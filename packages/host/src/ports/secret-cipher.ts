// Seals secrets before they touch disk. The desktop backs this with Electron's safeStorage,
// the headless host with a private key file, tests with an in-memory key.

export interface SecretCipher {
  /** Which implementation this is ("key-file", "memory", "safe-storage"), for diagnostics. */
  readonly kind: string;
  /** Seals `plain` into versioned text that is safe to store. */
  encrypt(plain: string): Promise<string>;
  /** Opens text from `encrypt`; rejects with a CodedError (SECRET_UNREADABLE, …) otherwise. */
  decrypt(sealed: string): Promise<string>;
  /**
   * Whether `encrypt` can seal right now. Absent means always (the key-file and memory
   * ciphers). The desktop's safeStorage cipher answers false when the OS offers no secure
   * storage and it may not fall back, so callers can refuse up front (SECRET_STORAGE_UNAVAILABLE)
   * instead of failing half-way.
   */
  available?(): boolean;
}
