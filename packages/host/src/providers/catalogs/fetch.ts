// One catalog fetch: https only, through the host's guarded fetch (every hop checked and
// pinned), with one deadline for the whole exchange (headers and body), a size limit, the
// optional SHA-256 pin checked on the exact bytes, then parsed. Every failure is a
// CatalogError whose message is safe to show and log.
import { createHash } from 'node:crypto';
import { guardedFetch, NetworkGuardError, NetworkRefusal, readLimitedBody, type GuardedFetchOptions } from '../../network/index.js';
import { parseCatalog, type ParsedCatalog } from './parse.js';
import { CatalogError, CatalogProblem, originOf } from './problems.js';
import type { CatalogSpec } from './spec.js';

export interface CatalogFetchOptions {
  /** The guarded fetch's options (tests pass `ca` and `lookup`). */
  readonly network?: Omit<GuardedFetchOptions, 'timeoutMs'>;
  /** Deadline for the whole request, body included. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Largest body accepted. Default 16 MiB. */
  readonly maxBytes?: number;
  /** Abandons the request (host shutdown). */
  readonly signal?: AbortSignal;
}

export interface FetchedCatalog extends ParsedCatalog {
  /** Hex SHA-256 of the body. */
  readonly sha256: string;
  readonly bytes: number;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

export async function fetchCatalog(spec: CatalogSpec, options: CatalogFetchOptions = {}): Promise<FetchedCatalog> {
  const origin = originOf(spec.url);
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    throw new CatalogError(CatalogProblem.InsecureUrl, 'The dynamic catalog URL is not an absolute URL.');
  }
  if (url.protocol !== 'https:') {
    throw new CatalogError(
      CatalogProblem.InsecureUrl,
      `Refused to fetch the model catalog from ${origin}: dynamic catalogs must use https:// so the list cannot be altered in transit.`,
    );
  }
  if (spec.authHeader === '') {
    throw new CatalogError(
      CatalogProblem.MissingAuth,
      `The model catalog at ${origin} needs an Authorization header, but dynamicCatalog.authHeader is empty (its {env:…} variable is not set).`,
    );
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new CatalogError(CatalogProblem.Timeout, `${origin} did not send the model catalog within ${timeoutMs} ms.`)), timeoutMs);
  const signal = options.signal === undefined ? deadline.signal : AbortSignal.any([options.signal, deadline.signal]);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (spec.authHeader !== undefined) headers['authorization'] = spec.authHeader;

  try {
    const response = await guardedFetch(url, { headers, signal, redirect: 'follow' }, { ...options.network, timeoutMs });
    if (!response.url.startsWith('https:')) {
      await response.body?.cancel().catch(() => undefined);
      throw new CatalogError(CatalogProblem.InsecureUrl, `${origin} redirected the model catalog to plain http, which is refused.`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new CatalogError(CatalogProblem.HttpStatus, `${origin} answered HTTP ${response.status} for the model catalog.`);
    }
    const body = await readLimitedBody(response, maxBytes, () => tooLarge(origin, maxBytes));
    const sha256 = createHash('sha256').update(body).digest('hex');
    if (spec.sha256 !== undefined && sha256 !== spec.sha256) {
      throw new CatalogError(
        CatalogProblem.HashMismatch,
        `The model catalog from ${origin} does not match its configured sha256 (got ${sha256.slice(0, 12)}…, expected ${spec.sha256.slice(0, 12)}…); it was not used.`,
      );
    }
    const parsed = parseCatalog(body.toString('utf8'), spec);
    return { ...parsed, sha256, bytes: body.length };
  } catch (error) {
    throw asCatalogError(error, deadline.signal, origin);
  } finally {
    clearTimeout(timer);
  }
}

function tooLarge(origin: string, maxBytes: number): CatalogError {
  return new CatalogError(CatalogProblem.TooLarge, `The model catalog from ${origin} is larger than ${Math.round(maxBytes / 1024)} KiB.`);
}

function asCatalogError(error: unknown, deadline: AbortSignal, origin: string): CatalogError {
  if (error instanceof CatalogError) return error;
  if (deadline.aborted && deadline.reason instanceof CatalogError) return deadline.reason;
  if (error instanceof NetworkGuardError) {
    if (error.code === NetworkRefusal.Timeout) return new CatalogError(CatalogProblem.Timeout, `${origin} did not answer in time.`);
    return new CatalogError(CatalogProblem.Refused, `The network guard refused the model catalog at ${origin}: ${error.message}`);
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : (error as Error)?.message;
  if ((error as Error)?.name === 'AbortError') return new CatalogError(CatalogProblem.Unreachable, `The request to ${origin} was abandoned.`);
  return new CatalogError(CatalogProblem.Unreachable, `Could not fetch the model catalog from ${origin}${detail ? ` (${detail})` : ''}.`);
}
