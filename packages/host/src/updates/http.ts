// Small helpers for the feed requests: bounded bodies and failures turned into status reasons.
import type { UpdateReason } from '@open-cowork/contracts';
import { NetworkGuardError, NetworkRefusal, readLimitedBody } from '../network/index.js';
import { UpdateFailure } from './failure.js';

/** Metadata files and API answers are small; anything bigger is not what we asked for. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

const UNREACHABLE: ReadonlySet<string> = new Set([NetworkRefusal.Timeout, NetworkRefusal.DnsFailure, NetworkRefusal.Unreachable]);

/** A failed request as a reason: unreachable → "network", refused by the guard → "blocked". */
export function requestFailure(error: unknown, what: string): UpdateFailure {
  if (error instanceof UpdateFailure) return error;
  if (error instanceof NetworkGuardError) {
    if (UNREACHABLE.has(error.code)) return new UpdateFailure('network', `${what} could not be reached (${error.code})`);
    return new UpdateFailure('blocked', `${what} was refused by the network guard (${error.code})`);
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${(error.cause as NodeJS.ErrnoException).code ?? error.cause.name}` : '';
  return new UpdateFailure('network', `${what} could not be reached${cause}`);
}

/** The failure for a response that is not 2xx. */
export function statusFailure(status: number, what: string): UpdateFailure {
  if (status === 401 || status === 403) return new UpdateFailure('auth-forbidden', `${what} refused access (HTTP ${status})`);
  if (status === 404) return new UpdateFailure('not-found', `${what} was not found (HTTP 404)`);
  return new UpdateFailure('server-error', `${what} answered HTTP ${status}`);
}

/** The body as text, at most {@link MAX_BODY_BYTES}. */
export async function readText(response: Response, what: string, reason: UpdateReason = 'invalid-metadata'): Promise<string> {
  let body: Buffer;
  try {
    body = await readLimitedBody(response, MAX_BODY_BYTES, () => new UpdateFailure(reason, `${what} answered more than ${MAX_BODY_BYTES} bytes`));
  } catch (error) {
    throw requestFailure(error, what);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(body);
}

export async function readJson(response: Response, what: string, reason: UpdateReason): Promise<unknown> {
  const text = await readText(response, what, reason);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UpdateFailure(reason, `${what} did not answer JSON`);
  }
}
