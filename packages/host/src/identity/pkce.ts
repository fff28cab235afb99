// Proof Key for Code Exchange (RFC 7636, method S256) and the anti-forgery `state`.
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes as base64url: a 43-character verifier (the RFC allows 43–128). */
export function newVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** BASE64URL(SHA-256(verifier)), what the authorization request carries. */
export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable value tying the browser's answer to this sign-in. */
export function newState(): string {
  return randomBytes(24).toString('base64url');
}
