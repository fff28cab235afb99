// HMAC-SHA256 signatures of the signed webhook channel. The signed text names its direction:
// inbound messages sign "v1:<timestamp>:<body>", deliveries "v1:delivery:<timestamp>:<body>",
// so a delivery the gateway sent can never be replayed to it as an inbound message.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const HEADER_TIMESTAMP = 'x-open-cowork-gateway-webhook-timestamp';
export const HEADER_SIGNATURE = 'x-open-cowork-gateway-webhook-signature';
export const HEADER_DELIVERY_ID = 'x-open-cowork-gateway-delivery-id';
export const HEADER_DELIVERY_TIMESTAMP = 'x-open-cowork-gateway-delivery-timestamp';
export const HEADER_DELIVERY_SIGNATURE = 'x-open-cowork-gateway-delivery-signature';

/** Accepted distance between the sender's timestamp and the gateway's clock. */
export const MAX_SKEW_SECONDS = 300;

const hmac = (secret: string, text: string | Buffer, prefix: string): string =>
  createHmac('sha256', secret).update(prefix).update(text).digest('hex');

export function signInbound(secret: string, timestamp: string, body: string | Buffer): string {
  return `v1=${hmac(secret, body, `v1:${timestamp}:`)}`;
}

export function signDelivery(secret: string, timestamp: string, body: string | Buffer): string {
  return `v1=${hmac(secret, body, `v1:delivery:${timestamp}:`)}`;
}

export type VerifyFailure = { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'skew' | 'mismatch'; readonly message: string };
export type VerifyResult = { readonly ok: true; readonly timestamp: string; readonly signature: string } | VerifyFailure;

/** Compares hex digests in constant time; a value of the wrong shape never matches. */
function sameSignature(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks an inbound request's timestamp (±300 s of `nowSeconds`) and signature over the raw body. */
export function verifyInbound(secret: string, timestampHeader: string | undefined, signatureHeader: string | undefined, body: Buffer, nowSeconds: number): VerifyResult {
  if (timestampHeader === undefined || signatureHeader === undefined) {
    return { ok: false, reason: 'missing', message: `Both ${HEADER_TIMESTAMP} and ${HEADER_SIGNATURE} are required.` };
  }
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: 'malformed', message: `${HEADER_TIMESTAMP} must be unix seconds.` };
  if (!/^v1=[0-9a-f]{64}$/.test(signatureHeader)) return { ok: false, reason: 'malformed', message: `${HEADER_SIGNATURE} must be v1=<64 hex digits>.` };
  if (Math.abs(nowSeconds - Number(timestampHeader)) > MAX_SKEW_SECONDS) {
    return { ok: false, reason: 'skew', message: `The timestamp is more than ${MAX_SKEW_SECONDS} s away from the gateway's clock.` };
  }
  if (!sameSignature(signatureHeader, signInbound(secret, timestampHeader, body))) {
    return { ok: false, reason: 'mismatch', message: 'The signature does not match the body.' };
  }
  return { ok: true, timestamp: timestampHeader, signature: signatureHeader };
}
