// One signed POST to an outside endpoint (webhook deliveries, task callbacks), and what the
// answer means for a retry: 5xx, 408 and 429 are worth another try (after Retry-After when the
// endpoint names one); other HTTP errors and network-guard refusals are not.
import { NetworkGuardError, type GuardedFetch } from '@open-cowork/host';
import { messageOf } from '../errors.js';
import { HEADER_DELIVERY_ID, HEADER_DELIVERY_SIGNATURE, HEADER_DELIVERY_TIMESTAMP, signDelivery } from './signing.js';

const TIMEOUT_MS = 15_000;

export type PostOutcome =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly retryable: boolean; readonly reason: string; readonly status?: number; readonly retryAfterMs?: number };

export interface SignedPost {
  readonly url: string;
  readonly secret: string;
  readonly deliveryId: string;
  /** Unix seconds, signed with the body. */
  readonly timestamp: string;
  readonly body: string;
  /** What is being sent, for the reasons: "delivery", "callback". */
  readonly what: string;
}

/** HTTP Retry-After as milliseconds (seconds or a date), or undefined. */
function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export async function postSigned(fetch: GuardedFetch, post: SignedPost, signal: AbortSignal): Promise<PostOutcome> {
  try {
    const response = await fetch(post.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [HEADER_DELIVERY_ID]: post.deliveryId,
        [HEADER_DELIVERY_TIMESTAMP]: post.timestamp,
        [HEADER_DELIVERY_SIGNATURE]: signDelivery(post.secret, post.timestamp, post.body),
      },
      body: post.body,
      redirect: 'error',
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return { ok: true, status: response.status };
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    const wait = retryAfterMs(response.headers.get('retry-after'));
    return { ok: false, retryable, status: response.status, reason: `The ${post.what} endpoint answered HTTP ${response.status}.`, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  } catch (error) {
    if (error instanceof NetworkGuardError && error.code !== 'NETWORK_TIMEOUT') return { ok: false, retryable: false, reason: `Refused by the network guard: ${error.message}` };
    return { ok: false, retryable: true, reason: `The ${post.what} did not get through: ${messageOf(error)}` };
  }
}
