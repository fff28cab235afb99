// Tests' cipher: real AES-GCM with a key that lives only in memory, so a test can prove
// that what reaches disk is never the plaintext.
import { randomBytes } from 'node:crypto';
import { KEY_BYTES, seal, unseal } from './aes-gcm.js';
import type { SecretCipher } from './secret-cipher.js';

export class MemoryCipher implements SecretCipher {
  readonly kind = 'memory';
  readonly #key: Buffer;

  /** Two ciphers built from the same `key` can open each other's text; by default the key is random. */
  constructor(key: Buffer = randomBytes(KEY_BYTES)) {
    if (key.length !== KEY_BYTES) throw new RangeError(`MemoryCipher needs a ${KEY_BYTES}-byte key`);
    this.#key = Buffer.from(key);
  }

  async encrypt(plain: string): Promise<string> {
    return seal(this.#key, plain);
  }

  async decrypt(sealed: string): Promise<string> {
    return unseal(this.#key, sealed, 'in-memory key');
  }
}
