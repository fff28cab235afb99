// The sealed-text format shared by the key-file and in-memory ciphers:
// "v1:" + base64(iv[12] | tag[16] | AES-256-GCM ciphertext).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CodedError, HostErrorCode } from '@open-cowork/contracts';

export const KEY_BYTES = 32;
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** Opens sealed text; `keySource` says where the key came from, for the error message. */
export function unseal(key: Buffer, sealed: string, keySource: string): string {
  const colon = typeof sealed === 'string' ? sealed.indexOf(':') : -1;
  if (colon < 0) throw unreadable('it is not sealed text (expected "v1:…")', keySource);
  const version = sealed.slice(0, colon);
  if (version !== VERSION) throw unreadable(`it uses format "${version}", which this version cannot read`, keySource);
  const payload = sealed.slice(colon + 1);
  const bytes = BASE64.test(payload) ? Buffer.from(payload, 'base64') : Buffer.alloc(0);
  if (bytes.length < IV_BYTES + TAG_BYTES) throw unreadable('it is truncated or not valid base64', keySource);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw unreadable('it was altered, or it was sealed with a different key', keySource);
  }
}

function unreadable(why: string, keySource: string): CodedError {
  return new CodedError(HostErrorCode.SecretUnreadable, `Cannot decrypt a stored secret: ${why} (key: ${keySource}).`, {
    keySource,
  });
}
