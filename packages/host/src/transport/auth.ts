import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh bearer token: 32 random bytes, base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Returns a checker that compares a presented token with `token` in constant time.
 * Both sides are hashed first so the comparison always runs on two 32-byte digests:
 * `timingSafeEqual` needs equal lengths, and comparing lengths directly would leak the
 * token's length.
 */
export function createTokenVerifier(token: string): (presented: string | undefined) => boolean {
  if (token.length === 0) throw new Error('The host transport needs a non-empty bearer token.');
  const expected = digest(token);
  return (presented) => presented !== undefined && timingSafeEqual(digest(presented), expected);
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * The token a request presents: `Authorization: Bearer <token>`, or — only where
 * `allowQuery` is set — a `token` query parameter. The query form exists because a
 * browser's EventSource cannot set headers; it is accepted on the event stream alone,
 * since URLs end up in history, proxy logs and process listings (the request log
 * strips query strings, and every response sends `Referrer-Policy: no-referrer`).
 */
export function presentedToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) return BEARER.exec(header)?.[1] ?? '';
  if (allowQuery) return url.searchParams.get('token') ?? undefined;
  return undefined;
}
