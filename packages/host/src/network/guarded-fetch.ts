// fetch() for URLs that come from configuration or users: every hop is checked, resolved once,
// and connected to exactly the address that was checked.
import type { ConnectionOptions } from 'node:tls';
import { fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { NetworkGuardError, NetworkRefusal } from './errors.js';
import { createPinnedAgent, type Dial } from './pinned-agent.js';
import { checkTarget, type LookupAll } from './resolve.js';
import { checkRemoteUrl, describeUrl } from './url-policy.js';

export interface GuardedFetchOptions {
  /** Default: the system resolver. Each hop is looked up exactly once. */
  readonly lookup?: LookupAll;
  /** Allow private, link-local and resolved-loopback addresses. Metadata stays refused. */
  readonly allowPrivateNetwork?: boolean;
  /**
   * Bound on everything before the final response headers (lookups, connects, redirects).
   * The body is not bounded (an event stream may last); use init.signal for that. Default 30 000.
   */
  readonly timeoutMs?: number;
  /** Redirects followed at most (redirect "follow" only). Default 5. */
  readonly maxRedirects?: number;
  /** Extra trusted CA certificates (PEM). */
  readonly ca?: ConnectionOptions['ca'];
  /** Test seam, see {@link Dial}. Never set in production. */
  readonly dial?: Dial;
}

/** The MCP SDK's FetchLike (and the global fetch, for URL inputs). */
export type GuardedFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/**
 * The only request headers kept when a redirect leaves the origin. Stricter than fetch (which
 * drops Authorization alone): servers take keys in any header (X-Api-Key…), and none of
 * them may reach a host they were not meant for.
 */
const CROSS_ORIGIN_HEADERS = new Set([
  'accept',
  'accept-language',
  'cache-control',
  'content-language',
  'content-type',
  'last-event-id',
  'mcp-protocol-version',
  'pragma',
  'user-agent',
]);
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

interface PreparedBody {
  readonly bytes?: Uint8Array;
  readonly stream?: ReadableStream<Uint8Array>;
}

/** Reads any non-stream body into bytes once, so a 307/308 can send it again. */
async function prepareBody(body: RequestInit['body'], headers: Headers): Promise<PreparedBody | null> {
  if (body === null || body === undefined) return null;
  if (body instanceof ReadableStream) return { stream: body as ReadableStream<Uint8Array> };
  // The global Response does the spec's body extraction (strings, forms, blobs, buffers…),
  // including the content type it implies.
  const extracted = new Response(body);
  const type = extracted.headers.get('content-type');
  if (type !== null && !headers.has('content-type')) headers.set('content-type', type);
  return { bytes: new Uint8Array(await extracted.arrayBuffer()) };
}

function asGlobalResponse(upstream: Awaited<ReturnType<typeof undiciFetch>>, url: URL, redirected: boolean): Response {
  const headers = new Headers();
  for (const [name, value] of upstream.headers) headers.append(name, value);
  let body = upstream.body as ReadableStream<Uint8Array> | null;
  if (NULL_BODY.has(upstream.status)) {
    void body?.cancel().catch(() => undefined);
    body = null;
  }
  const response = new Response(body, { status: upstream.status, statusText: upstream.statusText, headers });
  Object.defineProperty(response, 'url', { value: url.href });
  Object.defineProperty(response, 'redirected', { value: redirected });
  return response;
}

/**
 * Like fetch(input, init), but:
 * - the URL must pass {@link checkRemoteUrl} (https, or http to this machine; no credentials);
 * - its host is resolved once and every address must pass {@link resolveAndCheck};
 * - the connection goes to one of those addresses (TLS still verifies the URL's host name);
 * - redirects are followed by hand (redirect "follow", the default): each Location is
 *   checked and resolved like the first URL, at most `maxRedirects` of them, and a
 *   redirect from elsewhere to this machine needs allowPrivateNetwork. When a redirect
 *   changes origin only content-negotiation headers go along (no credentials of any kind).
 *   redirect "manual" returns the
 *   3xx response; redirect "error" throws NETWORK_REDIRECT_REFUSED.
 * Refusals throw a {@link NetworkGuardError}; network failures throw fetch's TypeError.
 */
export async function guardedFetch(input: string | URL, init: RequestInit = {}, options: GuardedFetchOptions = {}): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const mode = init.redirect ?? 'follow';
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort(new NetworkGuardError(NetworkRefusal.Timeout, `No response within ${timeoutMs} ms.`));
  }, timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;

  try {
    const headers = new Headers(init.headers);
    headers.delete('host');
    let method = (init.method ?? 'GET').toUpperCase();
    let body = await prepareBody(init.body, headers);
    const first = checkRemoteUrl(input, options);
    if (!first.ok) throw NetworkGuardError.from(first);
    let url = first.url;
    let from: URL | undefined;
    // The exception for URLs naming this machine holds only while every hop so far did.
    let loopbackChain = true;

    for (let hop = 0; ; hop += 1) {
      const target = await checkTarget(url, {
        lookup: options.lookup,
        allowPrivateNetwork: options.allowPrivateNetwork,
        allowNamedLoopback: loopbackChain,
        signal,
      });
      if (!target.ok) {
        if (from === undefined) throw NetworkGuardError.from(target);
        throw new NetworkGuardError(target.code, `Refused to follow the redirect from ${describeUrl(from)}: ${target.message}`, {
          ...target.data,
          redirectFrom: describeUrl(from),
        });
      }
      loopbackChain &&= target.loopbackNamed;

      const agent = createPinnedAgent(target, { dial: options.dial, ca: options.ca, headersTimeoutMs: timeoutMs });
      let response: Awaited<ReturnType<typeof undiciFetch>>;
      try {
        const request: UndiciRequestInit = {
          method,
          headers: [...headers],
          body: (body?.bytes ?? body?.stream ?? null) as UndiciRequestInit['body'],
          redirect: 'manual',
          signal,
          dispatcher: agent,
          ...(body?.stream ? { duplex: 'half' as const } : {}),
        };
        response = await undiciFetch(url.href, request);
      } catch (error) {
        void agent.destroy().catch(() => undefined);
        throw error;
      }

      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || location === null || mode === 'manual') {
        clearTimeout(timer);
        // Closing waits for the body to be read or cancelled, then frees the socket.
        void agent.close().catch(() => undefined);
        return asGlobalResponse(response, url, hop > 0);
      }
      await response.body?.cancel().catch(() => undefined);
      void agent.destroy().catch(() => undefined);
      if (mode === 'error') {
        throw new NetworkGuardError(NetworkRefusal.RedirectRefused, `${describeUrl(url)} redirected, and redirects were not allowed.`, {
          url: describeUrl(url),
        });
      }
      if (hop >= maxRedirects) {
        throw new NetworkGuardError(NetworkRefusal.TooManyRedirects, `More than ${maxRedirects} redirects, starting at ${describeUrl(first.url)}.`, {
          url: describeUrl(url),
        });
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new NetworkGuardError(NetworkRefusal.InvalidUrl, `${describeUrl(url)} redirected to something that is not a URL.`, {
          url: describeUrl(url),
        });
      }
      const status = response.status;
      if (((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD')) {
        method = 'GET';
        body = null;
        for (const name of BODY_HEADERS) headers.delete(name);
      } else if (body?.stream) {
        throw new NetworkGuardError(
          NetworkRefusal.RedirectBody,
          `${describeUrl(url)} answered ${status}, which asks for the body again, but it was a stream and is gone.`,
          { url: describeUrl(url) },
        );
      }
      if (next.origin !== url.origin) {
        for (const name of [...headers.keys()]) if (!CROSS_ORIGIN_HEADERS.has(name)) headers.delete(name);
      }
      from = url;
      url = next;
    }
  } catch (error) {
    clearTimeout(timer);
    if (deadline.signal.aborted && !(init.signal?.aborted ?? false)) throw deadline.signal.reason;
    throw error;
  }
}

/** A fetch with the options bound, e.g. for `new StreamableHTTPClientTransport(url, { fetch })`. */
export function createGuardedFetch(options: GuardedFetchOptions = {}): GuardedFetch {
  return (input, init) => guardedFetch(input, init, options);
}
