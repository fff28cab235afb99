import { describe, expect, it } from 'vitest';
import { MemoryCipher } from '@open-cowork/host';
import { DesktopErrorCode, SafeStorageCipher } from '../src/safe-storage-cipher.js';
import { FakeSafeStorage, recordingLogger } from './fakes.js';

describe('SafeStorageCipher', () => {
  it('seals with the OS keychain: versioned, not the plaintext, and opens again', async () => {
    const cipher = new SafeStorageCipher({ safeStorage: new FakeSafeStorage(), isPackaged: true });
    const sealed = await cipher.encrypt('sk-live-123');
    expect(sealed.startsWith('ss1:')).toBe(true);
    expect(sealed).not.toContain('sk-live-123');
    await expect(cipher.decrypt(sealed)).resolves.toBe('sk-live-123');
    expect(cipher.kind).toBe('safe-storage');
  });

  it('refuses to save secrets in a packaged build when encryption is unavailable, even with a fallback at hand', async () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.available = false;
    const fallback = new MemoryCipher();
    const cipher = new SafeStorageCipher({ safeStorage, isPackaged: true, fallback });
    await expect(cipher.encrypt('sk-live-123')).rejects.toMatchObject({
      code: DesktopErrorCode.SecretStorageUnavailable,
      message: expect.stringContaining('will not save'),
    });
  });

  it('reports whether it can seal now: the keychain, or a development fallback', () => {
    const safeStorage = new FakeSafeStorage();
    expect(new SafeStorageCipher({ safeStorage, isPackaged: true }).available()).toBe(true);
    safeStorage.available = false;
    expect(new SafeStorageCipher({ safeStorage, isPackaged: true, fallback: new MemoryCipher() }).available()).toBe(false);
    expect(new SafeStorageCipher({ safeStorage, isPackaged: false, fallback: new MemoryCipher() }).available()).toBe(true);
    expect(new SafeStorageCipher({ safeStorage, isPackaged: false }).available()).toBe(false);
  });

  it("treats Linux's basic_text backend as unavailable (its key is built into Chromium)", async () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.getSelectedStorageBackend = () => 'basic_text';
    const cipher = new SafeStorageCipher({ safeStorage, isPackaged: true });
    await expect(cipher.encrypt('x')).rejects.toMatchObject({ code: 'SECRET_STORAGE_UNAVAILABLE', data: { backend: 'basic_text' } });
  });

  it('falls back to the key-file cipher in a development build, warning once', async () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.available = false;
    const { logger, records } = recordingLogger();
    const cipher = new SafeStorageCipher({ safeStorage, isPackaged: false, fallback: new MemoryCipher(), logger });
    const one = await cipher.encrypt('a');
    const two = await cipher.encrypt('b');
    expect(one.startsWith('v1:')).toBe(true);
    await expect(cipher.decrypt(two)).resolves.toBe('b');
    expect(records.filter((record) => record.level === 'warn')).toHaveLength(1);
  });

  it('reports SECRET_UNREADABLE for keychain text it cannot open now, and for key-file text in a packaged build', async () => {
    const safeStorage = new FakeSafeStorage();
    const cipher = new SafeStorageCipher({ safeStorage, isPackaged: true });
    const sealed = await cipher.encrypt('secret');
    safeStorage.available = false;
    await expect(cipher.decrypt(sealed)).rejects.toMatchObject({ code: 'SECRET_UNREADABLE' });
    const devSealed = await new MemoryCipher().encrypt('secret');
    safeStorage.available = true;
    await expect(cipher.decrypt(devSealed)).rejects.toMatchObject({ code: 'SECRET_UNREADABLE' });
    safeStorage.decryptString = () => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    };
    await expect(cipher.decrypt(sealed)).rejects.toMatchObject({ code: 'SECRET_UNREADABLE' });
  });
});
