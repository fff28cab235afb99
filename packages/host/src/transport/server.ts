import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CodedError } from '@open-cowork/contracts';
import { createTokenVerifier, presentedToken } from './auth.js';
import { TransportErrorCode } from './errors.js';
import type { CallDispatcher } from '../dispatch/index.js';
import { FailureLimiter, type FailureLimiterOptions } from './rate-limit.js';
import { trackConnections } from './connections.js';
import { sendError, sendJson, setBaseHeaders } from './respond.js';
import { handleMethodCall } from './router.js';
import { SseHub, type SseHubOptions } from './sse.js';
import { serveStatic } from './static.js';

/** One line of the request log. Never holds bodies, headers, tokens or query strings. */
export interface RequestLogEntry {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  /** The client went away before the response was complete. */
  readonly aborted?: boolean;
}

/** Where events come from besides `publish`: a subscription that returns its disposer. */
export interface HostEventSource {
  subscribe(listener: (type: string, payload: unknown) => void): () => void;
}

export interface HostServerOptions {
  /** Bearer token every /api route (except GET /api/health) requires. */
  readonly token: string;
  /** Answers `POST /api/<method>` (the host's dispatcher). */
  readonly dispatcher: CallDispatcher;
  /** Interface to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** Must be true to listen on anything but a loopback address. */
  readonly allowRemote?: boolean;
  /** Directory of the built renderer; unset serves a placeholder page. */
  readonly staticDir?: string;
  /** Product name for the placeholder page. Default "Open Cowork". */
  readonly appName?: string;
  readonly events?: HostEventSource;
  readonly sse?: SseHubOptions;
  /** Largest request body accepted. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** HTTP status per error code, over the contract's mapping (see statusOfCode). */
  readonly errorStatus?: Readonly<Record<string, number>>;
  /** Limits on failed authentication per remote address. */
  readonly authFailures?: FailureLimiterOptions;
  readonly log?: (entry: RequestLogEntry) => void;
  /** Set false to log no requests. Default true (when `log` is given). */
  readonly requestLog?: boolean;
  /** Told about every error answered with a 500 (with its stack), and failures of the event source. */
  readonly onError?: (error: unknown, where: { readonly path: string }) => void;
  /**
   * Host names (with or without a port) accepted besides the bound address and localhost, for
   * a remote host reached by name. Requests naming any other Host are refused (DNS rebinding).
   */
  readonly allowedHosts?: readonly string[];
  /** How long close() lets in-flight requests finish before cutting connections. Default 5000 ms. */
  readonly closeGraceMs?: number;
}

export interface HostServer {
  /** Base URL, e.g. http://127.0.0.1:43121 */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Sends an event to every SSE client (and buffers it for reconnects); returns its id. */
  publish(type: string, payload: unknown): number;
  readonly clientCount: number;
  /** Stops listening, ends event streams and waits for connections to close. Idempotent. */
  close(): Promise<void>;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const family = isIP(host);
  if (family === 0) return false;
  return loopback.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

const MAX_LOGGED_PATH = 256;

/** The path as it may be logged: the token, should a client put it there, blanked out. */
function redactToken(path: string, token: string): string {
  return path.includes(token) ? path.split(token).join('[redacted]') : path;
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

/**
 * Whether a request's Host names this server: the bound address or a loopback name on the
 * listening port; any IP literal when bound to every interface; or a name listed in
 * `allowedHosts`. A DNS name that merely resolves here is refused.
 */
export function hostAllowed(header: string | undefined, bound: string, port: number, allowedHosts: readonly string[]): boolean {
  if (header === undefined || header === '') return false;
  const parsed = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.trim().toLowerCase());
  if (parsed === null) return false;
  const name = parsed[1]!.replace(/^\[|\]$/g, '');
  const claimed = parsed[2] === undefined ? 80 : Number(parsed[2]);
  if (allowedHosts.some((allowed) => allowed.toLowerCase() === header.trim().toLowerCase() || allowed.toLowerCase() === name)) return true;
  if (claimed !== port) return false;
  if (name === 'localhost' || name === bound.toLowerCase()) return true;
  if (isIP(name) === 0) return false;
  return isLoopbackHost(name) ? isLoopbackHost(bound) || WILDCARD.has(bound) : WILDCARD.has(bound);
}

export async function createHostServer(options: HostServerOptions): Promise<HostServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && options.allowRemote !== true) {
    throw new CodedError(
      TransportErrorCode.RemoteBindRefused,
      `Refusing to listen on ${host}: it is not a loopback address, so other machines could reach the host API. ` +
        'Pass allowRemote: true (open-cowork --allow-remote) to accept remote connections on purpose.',
      { host },
    );
  }
  const verifyToken = createTokenVerifier(options.token);
  const limiter = new FailureLimiter(options.authFailures);
  const hub = new SseHub(options.sse);
  const onError = options.onError ?? (() => undefined);
  const log = options.requestLog === false ? undefined : options.log;
  const routerOptions = {
    dispatcher: options.dispatcher,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    errorStatus: options.errorStatus ?? {},
    onError: (error: unknown, method: string) => onError(error, { path: `/api/${method}` }),
  };
  const siteOptions = { root: options.staticDir, appName: options.appName ?? 'Open Cowork' };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { pathname } = url;
    if (pathname !== '/api' && !pathname.startsWith('/api/')) {
      await serveStatic(req, res, url, siteOptions);
      return;
    }
    // Health is public on purpose: it says only that a host is listening, which a port scan
    // says too, and lets `status` tell "nothing runs" from "wrong token".
    if (pathname === '/api/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      sendJson(res, 200, { ok: true });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
      // A page on another origin (a cross-site "simple" POST, an EventSource) never reaches the API.
      sendError(res, 403, { code: TransportErrorCode.ForeignOrigin, message: 'Requests from other web pages are refused' });
      return;
    }
    const isEvents = pathname === '/api/events';
    // The right token always passes: failures are limited, never the user. Only a caller that
    // keeps presenting wrong tokens is slowed down (429 instead of 401), per address.
    if (!verifyToken(presentedToken(req, url, isEvents && req.method === 'GET'))) {
      const address = req.socket.remoteAddress ?? '';
      const limit = limiter.check(address);
      if (limit.blocked) {
        sendError(
          res,
          429,
          {
            code: TransportErrorCode.RateLimited,
            message: 'Too many failed authentication attempts; try again later',
            data: { retryAfterMs: limit.retryAfterMs },
          },
          { 'Retry-After': String(limit.retryAfterSeconds) },
        );
        return;
      }
      limiter.recordFailure(address);
      sendError(res, 401, { code: TransportErrorCode.Unauthorized, message: 'Missing or invalid bearer token' }, {
        'WWW-Authenticate': 'Bearer',
      });
      return;
    }
    if (isEvents && req.method === 'GET') {
      hub.attach(req, res, url);
      return;
    }
    if (req.method === 'POST' && !isEvents) {
      await handleMethodCall(req, res, pathname.slice('/api/'.length), routerOptions);
      return;
    }
    sendError(res, 405, { code: TransportErrorCode.MethodNotAllowed, message: `${req.method ?? ''} is not allowed here` }, {
      Allow: isEvents ? 'GET' : 'POST',
    });
  }

  let port = options.port ?? 0;
  const server = createServer((req, res) => {
    const started = performance.now();
    setBaseHeaders(res);
    if (!hostAllowed(req.headers.host, host, port, options.allowedHosts ?? [])) {
      // DNS rebinding: a name that resolves to this machine must not make the host its origin.
      sendError(res, 421, { code: TransportErrorCode.HostNotAllowed, message: 'This host name is not served here' }, { Connection: 'close' });
      return;
    }
    // Only the path and query matter. Prefixing (rather than resolving against a base) keeps
    // "//x" a path instead of a host; absolute-form targets are not served.
    const target = req.url?.startsWith('/') === true ? req.url : '/';
    let url: URL;
    try {
      url = new URL(`http://host.invalid${target}`);
    } catch {
      url = new URL('http://host.invalid/');
    }
    if (log !== undefined) {
      res.once('close', () => {
        log({
          method: req.method ?? '',
          path: redactToken(url.pathname.slice(0, MAX_LOGGED_PATH), options.token),
          status: res.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          ...(res.writableFinished ? {} : { aborted: true }),
        });
      });
    }
    route(req, res, url).catch((error: unknown) => {
      onError(error, { path: url.pathname });
      if (res.headersSent) res.destroy();
      else sendError(res, 500, { code: TransportErrorCode.Internal, message: 'Internal error' });
    });
  });

  const connections = trackConnections(server);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: options.port ?? 0 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    hub.close();
    throw error;
  }
  server.on('error', (error) => onError(error, { path: '' }));

  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const publish = (type: string, payload: unknown): number => hub.publish(type, payload);
  const unsubscribe = options.events?.subscribe((type, payload) => {
    try {
      publish(type, payload);
    } catch (error) {
      onError(error, { path: '/api/events' });
    }
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      unsubscribe?.();
      const force = setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? 5000);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      // Idle sockets go now, busy ones once their response is done; event streams end here.
      connections.shutdown();
      hub.close();
    });
    return closing;
  };

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    publish,
    get clientCount() {
      return hub.clientCount;
    },
    close,
  };
}
