// The headless host's cipher: AES-256-GCM with a random key kept in a file only the user
// can read (0600, in a 0700 directory), created on first use. A key file that others
// could have read is refused: every secret sealed with it must be presumed known.
import { randomBytes } from 'node:crypto';
import { constants, type FileHandle, link, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { CodedError, HostErrorCode } from '@open-cowork/contracts';
import { KEY_BYTES, seal, unseal } from './aes-gcm.js';
import { ensurePrivateDir, IS_POSIX, octalMode } from './private-dir.js';
import type { SecretCipher } from './secret-cipher.js';

export class KeyFileCipher implements SecretCipher {
  readonly kind = 'key-file';
  readonly keyFile: string;
  #key: Promise<Buffer> | undefined;

  constructor(keyFile: string) {
    this.keyFile = path.resolve(keyFile);
  }

  async encrypt(plain: string): Promise<string> {
    return seal(await this.#loadKey(), plain);
  }

  async decrypt(sealed: string): Promise<string> {
    return unseal(await this.#loadKey(), sealed, this.keyFile);
  }

  #loadKey(): Promise<Buffer> {
    // A refused key is not remembered, so fixing the file's mode fixes the running host.
    this.#key ??= loadOrCreateKey(this.keyFile).catch((error: unknown) => {
      this.#key = undefined;
      throw error;
    });
    return this.#key;
  }
}

async function loadOrCreateKey(file: string): Promise<Buffer> {
  try {
    return await readKey(file);
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error;
  }
  await ensurePrivateDir(path.dirname(file), { tighten: true });
  // Write the key aside, then link it into place: the key file appears complete or not at
  // all, and when two processes race, both end up using the one that won.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${randomBytes(KEY_BYTES).toString('base64')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
  } catch (error) {
    if (errno(error) !== 'EEXIST') throw error;
  } finally {
    await rm(temp, { force: true });
  }
  return readKey(file);
}

async function readKey(file: string): Promise<Buffer> {
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: a symlink could point the cipher at a key someone else controls.
    handle = await open(file, constants.O_RDONLY | (IS_POSIX ? constants.O_NOFOLLOW : 0));
  } catch (error) {
    if (errno(error) === 'ELOOP') throw insecure(file, 'it is a symbolic link');
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw damaged(file, 'it is not a regular file');
    if (IS_POSIX) {
      if ((info.mode & 0o077) !== 0) {
        throw insecure(file, `its mode is ${octalMode(info.mode)}, so other users on this machine can read it`, {
          mode: octalMode(info.mode),
          fix: `chmod 600 '${file}'`,
        });
      }
      const uid = process.getuid?.();
      if (uid !== undefined && info.uid !== uid) throw insecure(file, `it belongs to another user (uid ${info.uid})`);
    }
    const text = (await handle.readFile('utf8')).trim();
    const key = Buffer.from(text, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || key.length !== KEY_BYTES) {
      throw damaged(file, `it does not hold a base64 ${KEY_BYTES}-byte key`);
    }
    return key;
  } finally {
    await handle.close();
  }
}

function insecure(file: string, why: string, extra: Record<string, string> = {}): CodedError {
  return new CodedError(
    HostErrorCode.SecretKeyInsecure,
    `Refusing to use the key file ${file}: ${why}. Secrets sealed with a key others could read are not secret. ` +
      `If you are sure nobody else read it, run \`chmod 600 '${file}'\`; otherwise delete it and enter your credentials again.`,
    { file, ...extra },
  );
}

function damaged(file: string, why: string): CodedError {
  return new CodedError(
    HostErrorCode.SecretKeyDamaged,
    `The key file ${file} is damaged: ${why}. Delete it to start over; stored credentials must then be entered again.`,
    { file },
  );
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}
