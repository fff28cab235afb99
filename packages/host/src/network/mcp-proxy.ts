// A loopback front for remote MCP servers. OpenCode connects to remote MCPs itself, so it is
// given a URL on this proxy instead of the real one: the proxy checks and resolves the real
// host for every request, connects to the checked address, never follows a redirect, and adds
// the server's secret headers, which therefore never appear in OpenCode's config.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { Agent, Dispatcher } from 'undici';
import { createTokenVerifier, generateToken } from '../transport/auth.js';
import { NetworkGuardError, NetworkRefusal, type NetworkRefusalCode, type NetworkRefusalData } from './errors.js';
import { createPinnedAgent, type Dial } from './pinned-agent.js';
import { downstreamResponseHeaders, upstreamRequestHeaders, validateAddedHeaders } from './proxy-headers.js';
import { checkTarget, type CheckedTarget, type LookupAll } from './resolve.js';
import { checkRemoteUrl, describeUrl } from './url-policy.js';

export interface RemoteMcpProxyOptions {
  /** Default: the system resolver. Every proxied request resolves the server's host once. */
  readonly lookup?: LookupAll;
  /** Bearer token clients must present. Default: 32 random bytes. */
  readonly token?: string;
  /** Waiting for the server's response headers. Default 300 000 ms (a tool call may be slow). */
  readonly headersTimeoutMs?: number;
  /** Per address attempt. Default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /** Connection pools kept for reuse (one per server and address set). Default 16. */
  readonly maxPools?: number;
  /** Extra trusted CA certificates (PEM). */
  readonly ca?: ConnectionOptions['ca'];
  /** Test seam, see {@link Dial}. Never set in production. */
  readonly dial?: Dial;
}

export interface RemoteMcpRegistration {
  /** The server's Streamable HTTP endpoint: https, or http to this machine. */
  readonly url: string;
  /** Added to every forwarded request (e.g. Authorization). Kept in the host's memory only. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Allow private, link-local and resolved-loopback addresses for this server. */
  readonly allowPrivateNetwork?: boolean;
}

/** What OpenCode is configured with instead of the server's own URL and headers. */
export interface RemoteMcpEndpoint {
  readonly url: string;
  readonly headers: { readonly authorization: string };
}

interface Entry {
  readonly id: string;
  readonly secret: Buffer;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly allowPrivateNetwork: boolean;
}

const PROXIED_METHODS = new Set(['GET', 'POST', 'DELETE']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const LOOPBACK_HOST_NAMES = new Set(['127.0.0.1', 'localhost']);

const sha = (value: string | Buffer): Buffer => createHash('sha256').update(value).digest();

function sendError(res: ServerResponse, status: number, code: string, message: string, data?: NetworkRefusalData, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: data === undefined ? { code, message } : { code, message, data } });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

function hasRequestBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? '0');
  return Number.isFinite(length) && length > 0;
}

/**
 * Loopback reverse proxy for remote MCP servers (Streamable HTTP).
 *
 * - Listens on 127.0.0.1 only, on a free port (`start()`).
 * - `register(id, …)` answers `http://127.0.0.1:<port>/mcp/<id>/<secret>` and an
 *   `Authorization: Bearer <proxy token>` header. Both are needed: a wrong or missing token
 *   is 401 (checked first, so ids cannot be probed), an unknown id or secret is 404. The
 *   per-registration secret makes an old URL dead after unregister or re-register.
 * - Each request: the server's URL is checked and its host resolved once; a refusal is a
 *   502 with `{error: {code, message, data}}`. Allowed requests go to the checked address
 *   with the method, allowlisted headers, the registration's headers and the body streamed;
 *   the response streams back unbuffered (event streams included), minus hop-by-hop
 *   headers and Set-Cookie.
 * - Redirects are never followed and never passed back (the client would follow them
 *   around the proxy): a 3xx with Location becomes a 502 NETWORK_REDIRECT_REFUSED that says
 *   where it pointed, so the registration can be fixed.
 */
export class RemoteMcpProxy {
  readonly #options: RemoteMcpProxyOptions;
  readonly #token: string;
  readonly #verify: (presented: string | undefined) => boolean;
  readonly #entries = new Map<string, Entry>();
  readonly #pools = new Map<string, Agent>();
  readonly #inFlight = new Set<AbortController>();
  #server: Server | undefined;
  #port = 0;
  #closing: Promise<void> | undefined;

  constructor(options: RemoteMcpProxyOptions = {}) {
    this.#options = options;
    this.#token = options.token ?? generateToken();
    this.#verify = createTokenVerifier(this.#token);
  }

  /** `http://127.0.0.1:<port>` once started. */
  get origin(): string {
    if (this.#server === undefined) throw new Error('The MCP proxy is not started.');
    return `http://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<void> {
    if (this.#closing) throw new Error('The MCP proxy is closed.');
    if (this.#server) return;
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        sendError(res, 500, 'INTERNAL', error instanceof Error ? error.message : 'Internal error');
      });
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#port = (server.address() as AddressInfo).port;
  }

  /**
   * Registers (or replaces) a server. Throws a NetworkGuardError when the URL itself is
   * refused (scheme, credentials, metadata, a refused IP literal); names are resolved per
   * request, so a later DNS change cannot slip past.
   */
  register(id: string, registration: RemoteMcpRegistration): RemoteMcpEndpoint {
    if (this.#server === undefined || this.#closing) throw new Error('Start the MCP proxy before registering servers.');
    if (id === '') throw new TypeError('A remote MCP needs a non-empty id.');
    const checked = checkRemoteUrl(registration.url, { allowPrivateNetwork: registration.allowPrivateNetwork ?? false });
    if (!checked.ok) throw NetworkGuardError.from(checked);
    const url = new URL(checked.url);
    url.hash = '';
    const secret = randomBytes(18).toString('base64url');
    this.#entries.set(id, {
      id,
      secret: sha(secret),
      url,
      headers: validateAddedHeaders(registration.headers),
      allowPrivateNetwork: registration.allowPrivateNetwork ?? false,
    });
    return {
      url: `${this.origin}/mcp/${encodeURIComponent(id)}/${secret}`,
      headers: { authorization: `Bearer ${this.#token}` },
    };
  }

  unregister(id: string): boolean {
    return this.#entries.delete(id);
  }

  /** Stops listening, ends every client and server connection. Safe to call more than once. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#entries.clear();
    for (const controller of this.#inFlight) controller.abort();
    const server = this.#server;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => undefined)));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostHeader = req.headers.host ?? '';
    const hostName = hostHeader.replace(/:\d+$/, '').toLowerCase();
    if (!LOOPBACK_HOST_NAMES.has(hostName)) {
      sendError(res, 403, 'FORBIDDEN', 'This proxy only answers requests addressed to 127.0.0.1.');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parts = path.pathname.split('/');
    const authorization = req.headers.authorization;
    const presented = authorization === undefined ? undefined : (/^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization)?.[1] ?? '');
    if (!this.#verify(presented)) {
      sendError(res, 401, 'UNAUTHORIZED', 'Missing or wrong proxy token.');
      return;
    }
    const entry = parts.length === 4 && parts[0] === '' && parts[1] === 'mcp' ? this.#lookupEntry(parts[2] ?? '', parts[3] ?? '') : undefined;
    if (entry === undefined) {
      sendError(res, 404, 'NOT_FOUND', 'No remote MCP server is registered at this address.');
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    if (!PROXIED_METHODS.has(method)) {
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not proxied.`, undefined, { allow: 'GET, POST, DELETE' });
      return;
    }

    const target = await checkTarget(entry.url, { lookup: this.#options.lookup, allowPrivateNetwork: entry.allowPrivateNetwork });
    if (!target.ok) {
      req.resume();
      sendError(res, 502, target.code, `Remote MCP "${entry.id}": ${target.message}`, target.data);
      return;
    }
    await this.#forward(req, res, entry, target, path.search);
  }

  #lookupEntry(encodedId: string, secret: string): Entry | undefined {
    let id: string;
    try {
      id = decodeURIComponent(encodedId);
    } catch {
      return undefined;
    }
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    return timingSafeEqual(sha(secret), entry.secret) ? entry : undefined;
  }

  async #forward(req: IncomingMessage, res: ServerResponse, entry: Entry, target: CheckedTarget, search: string): Promise<void> {
    const upstreamUrl = new URL(entry.url);
    if (search !== '') for (const [key, value] of new URLSearchParams(search)) upstreamUrl.searchParams.append(key, value);
    const controller = new AbortController();
    this.#inFlight.add(controller);
    const done = (): void => {
      this.#inFlight.delete(controller);
    };
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
      done();
    });

    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await this.#pool(target).request({
        origin: upstreamUrl.origin,
        path: `${upstreamUrl.pathname}${upstreamUrl.search}`,
        method: req.method as Dispatcher.HttpMethod,
        headers: upstreamRequestHeaders(req.headers, entry.headers),
        body: hasRequestBody(req) ? req : null,
        signal: controller.signal,
      });
    } catch (error) {
      done();
      req.resume();
      if (controller.signal.aborted) {
        res.destroy();
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      sendError(res, 502, NetworkRefusal.Unreachable, `Remote MCP "${entry.id}" could not be reached at ${describeUrl(entry.url)}: ${reason}`, {
        url: describeUrl(entry.url),
        host: target.host,
      });
      return;
    }

    const location = upstream.headers.location;
    if (REDIRECTS.has(upstream.statusCode) && location !== undefined) {
      upstream.body.on('error', () => undefined);
      upstream.body.destroy();
      const pointed = (() => {
        try {
          // Origin and path (no query): enough to fix the registration.
          const next = new URL(String(location), upstreamUrl);
          return `${describeUrl(next)}${next.pathname}`;
        } catch {
          return undefined;
        }
      })();
      const code: NetworkRefusalCode = NetworkRefusal.RedirectRefused;
      sendError(
        res,
        502,
        code,
        `Remote MCP "${entry.id}" answered ${upstream.statusCode} with a redirect${pointed ? ` to ${pointed}` : ''}; the proxy does not follow redirects. Register the final URL instead.`,
        { url: describeUrl(entry.url), ...(pointed ? { location: pointed } : {}) },
      );
      return;
    }

    res.writeHead(upstream.statusCode, downstreamResponseHeaders(upstream.headers));
    res.flushHeaders();
    pipeline(upstream.body, res, () => {
      done();
    });
  }

  /** A pool pinned to exactly this target's checked addresses (reused while DNS answers the same). */
  #pool(target: CheckedTarget): Agent {
    const key = `${target.url.origin}|${target.addresses.map((a) => a.address).join(',')}`;
    const existing = this.#pools.get(key);
    if (existing) {
      this.#pools.delete(key);
      this.#pools.set(key, existing);
      return existing;
    }
    const pool = createPinnedAgent(target, {
      dial: this.#options.dial,
      ca: this.#options.ca,
      connectTimeoutMs: this.#options.connectTimeoutMs,
      headersTimeoutMs: this.#options.headersTimeoutMs ?? 300_000,
      bodyTimeoutMs: 0,
    });
    this.#pools.set(key, pool);
    const max = this.#options.maxPools ?? 16;
    while (this.#pools.size > max) {
      const [oldestKey, oldest] = this.#pools.entries().next().value as [string, Agent];
      this.#pools.delete(oldestKey);
      // Graceful: requests still streaming through it finish first.
      void oldest.close().catch(() => undefined);
    }
    return pool;
  }
}
