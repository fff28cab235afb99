import { chmod, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HostErrorCode } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { KeyFileCipher, MemoryCipher } from '../../src/ports/index.js';
import { modeOf, tempDir } from './temp-dir.js';

const posix = process.platform !== 'win32';

describe('KeyFileCipher', () => {
  it('creates its key on first use: 0600 in a 0700 directory', async () => {
    const keyFile = path.join(await tempDir(), 'keys', 'secrets.key');
    const cipher = new KeyFileCipher(keyFile);
    const sealed = await cipher.encrypt('sk-live-123');
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain('sk-live-123');
    expect(await cipher.decrypt(sealed)).toBe('sk-live-123');
    expect(Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'base64')).toHaveLength(32);
    if (posix) {
      expect(modeOf(await stat(keyFile))).toBe(0o600);
      expect(modeOf(await stat(path.dirname(keyFile)))).toBe(0o700);
    }
  });

  it('seals the same text differently each time, and another instance on the same file opens it', async () => {
    const keyFile = path.join(await tempDir(), 'keys', 'secrets.key');
    const first = await new KeyFileCipher(keyFile).encrypt('hello');
    const second = await new KeyFileCipher(keyFile).encrypt('hello');
    expect(first).not.toBe(second);
    expect(await new KeyFileCipher(keyFile).decrypt(first)).toBe('hello');
  });

  it('agrees on one key when several instances start at once', async () => {
    const keyFile = path.join(await tempDir(), 'keys', 'secrets.key');
    const ciphers = Array.from({ length: 8 }, () => new KeyFileCipher(keyFile));
    const sealed = await Promise.all(ciphers.map((cipher, index) => cipher.encrypt(`value ${index}`)));
    const opened = await Promise.all(sealed.map((text, index) => ciphers[(index + 1) % ciphers.length]!.decrypt(text)));
    expect(opened).toEqual(sealed.map((_, index) => `value ${index}`));
  });

  it.runIf(posix)('refuses a key file other users can read, says why and how to fix it, and recovers once fixed', async () => {
    const keyFile = path.join(await tempDir(), 'keys', 'secrets.key');
    const sealed = await new KeyFileCipher(keyFile).encrypt('secret');
    await chmod(keyFile, 0o644);
    const cipher = new KeyFileCipher(keyFile);
    const failure = await cipher.decrypt(sealed).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: HostErrorCode.SecretKeyInsecure, data: { file: keyFile, mode: '0644' } });
    expect((failure as Error).message).toContain(keyFile);
    expect((failure as Error).message).toContain('mode is 0644');
    expect((failure as Error).message).toContain('chmod 600');
    await expect(cipher.encrypt('x')).rejects.toMatchObject({ code: HostErrorCode.SecretKeyInsecure });
    await chmod(keyFile, 0o600);
    expect(await cipher.decrypt(sealed)).toBe('secret');
  });

  it.runIf(posix)('refuses a key file that is a symbolic link', async () => {
    const dir = await tempDir();
    const real = path.join(dir, 'elsewhere.key');
    await writeFile(real, `${Buffer.alloc(32, 7).toString('base64')}\n`, { mode: 0o600 });
    const keyFile = path.join(dir, 'secrets.key');
    await symlink(real, keyFile);
    await expect(new KeyFileCipher(keyFile).encrypt('x')).rejects.toMatchObject({
      code: HostErrorCode.SecretKeyInsecure,
      message: expect.stringContaining('symbolic link'),
    });
  });

  it('calls a key file without a key damaged and does not overwrite it', async () => {
    const keyFile = path.join(await tempDir(), 'secrets.key');
    await writeFile(keyFile, 'not a key', { mode: 0o600 });
    await expect(new KeyFileCipher(keyFile).encrypt('x')).rejects.toMatchObject({
      code: HostErrorCode.SecretKeyDamaged,
      message: expect.stringContaining(keyFile),
    });
    expect(await readFile(keyFile, 'utf8')).toBe('not a key');
  });

  it('fails clearly on tampered, truncated, foreign-format or other-key text', async () => {
    const dir = await tempDir();
    const cipher = new KeyFileCipher(path.join(dir, 'a.key'));
    const sealed = await cipher.encrypt('the secret');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1]! ^= 0x01;
    const tampered = `v1:${bytes.toString('base64')}`;
    const cases: [string, RegExp][] = [
      [tampered, /altered, or it was sealed with a different key/],
      ['v1:AAAA', /truncated/],
      ['v9:AAAA', /format "v9"/],
      ['plain text', /not sealed text/],
      [await new KeyFileCipher(path.join(dir, 'b.key')).encrypt('the secret'), /different key/],
    ];
    for (const [text, message] of cases) {
      const failure = await cipher.decrypt(text).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: HostErrorCode.SecretUnreadable });
      expect((failure as Error).message).toMatch(message);
      expect((failure as Error).message).not.toContain('the secret');
    }
  });
});

describe('MemoryCipher', () => {
  it('really encrypts: round trip, fresh IVs, and a different key cannot open it', async () => {
    const cipher = new MemoryCipher();
    const sealed = await cipher.encrypt('hunter2');
    expect(sealed).not.toContain('hunter2');
    expect(await cipher.encrypt('hunter2')).not.toBe(sealed);
    expect(await cipher.decrypt(sealed)).toBe('hunter2');
    await expect(new MemoryCipher().decrypt(sealed)).rejects.toMatchObject({ code: HostErrorCode.SecretUnreadable });
    const key = Buffer.alloc(32, 1);
    expect(await new MemoryCipher(key).decrypt(await new MemoryCipher(key).encrypt('shared'))).toBe('shared');
  });
});
