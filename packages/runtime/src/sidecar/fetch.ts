// Fetching the manifest and the binary: HTTPS only (plain HTTP only to this machine's loopback),
// no redirects, a size cap, and the body hashed while it streams to disk.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { CodedError } from '@open-cowork/contracts';
import { RuntimeErrorCode } from '../errors.js';

export interface SidecarFetchOptions {
  /** Extra trusted CA certificates (PEM), e.g. a test CA; default: Node's own list. */
  readonly ca?: string;
  readonly timeoutMs?: number;
}

/** The biggest binary accepted (the real one is about 150 MB). */
export const MAX_SIDECAR_BYTES = 512 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Parses a sidecar URL: https, or http only to a loopback host; never with credentials. */
export function sidecarUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CodedError(RuntimeErrorCode.SidecarRefused, `${what} "${text}" is not a URL.`);
  }
  if (url.username !== '' || url.password !== '') throw new CodedError(RuntimeErrorCode.SidecarRefused, `${what} must not carry a user name or password.`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url;
  throw new CodedError(
    RuntimeErrorCode.SidecarRefused,
    `${what} "${url.origin}" is refused: sidecars are fetched over https (plain http only from 127.0.0.1, ::1 or localhost).`,
  );
}

function request(url: URL, options: SidecarFetchOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const timeout = options.timeoutMs ?? 60_000;
    const done = (response: IncomingMessage) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new CodedError(RuntimeErrorCode.SidecarUnavailable, `${url.href} answered HTTP ${response.statusCode ?? '?'}${response.statusCode !== undefined && response.statusCode >= 300 && response.statusCode < 400 ? ' (redirects are not followed)' : ''}.`));
        return;
      }
      resolve(response);
    };
    const req = url.protocol === 'https:' ? httpsGet(url, { timeout, ...(options.ca === undefined ? {} : { ca: options.ca }) }, done) : httpGet(url, { timeout }, done);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeout} ms`)));
    req.on('error', (error) => reject(new CodedError(RuntimeErrorCode.SidecarUnavailable, `Could not fetch ${url.href}: ${error.message}.`)));
  });
}

/** A small text document (the manifest). */
export async function fetchText(url: URL, options: SidecarFetchOptions = {}): Promise<string> {
  const response = await request(url, options);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_MANIFEST_BYTES) {
      response.destroy();
      throw new CodedError(RuntimeErrorCode.SidecarRefused, `${url.href} is larger than ${MAX_MANIFEST_BYTES} bytes; not a manifest.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Streams `url` into `file` (created 0700) and returns the body's SHA-256; a failure leaves no file. */
export async function downloadFile(url: URL, file: string, options: SidecarFetchOptions = {}): Promise<string> {
  const hash = createHash('sha256');
  try {
    const response = await request(url, options);
    const out = createWriteStream(file, { mode: 0o700, flags: 'wx' });
    let size = 0;
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_SIDECAR_BYTES) {
          response.destroy();
          throw new CodedError(RuntimeErrorCode.SidecarRefused, `${url.href} is larger than ${MAX_SIDECAR_BYTES} bytes.`);
        }
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
    } finally {
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    }
    return hash.digest('hex');
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}
