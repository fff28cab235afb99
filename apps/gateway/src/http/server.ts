// The gateway's HTTP surface: /health, /ready, /metrics, the signed webhook ingress and its
// approval actions, the Telegram webhook, the operator dashboard, the Task API (/tasks,
// /events) and the runner protocol (/runner).
// Errors are JSON {"error":{"code","message"}}; bodies are capped at 1 MiB; failed
// authentications are rate-limited per source, but a valid credential is never refused.
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BodyTooLarge, fail, MAX_BODY_BYTES, readBody, send } from './respond.js';
import type { AddressInfo, Socket } from 'node:net';
import { createTokenVerifier, FailureLimiter } from '@open-cowork/host';
import { GatewayErrorCode, messageOf } from '../errors.js';
import type { DoctorReport } from '../doctor/checks.js';
import { countJobsByStatus } from '../queue/jobs.js';
import type { GatewayContext } from '../work/context.js';
import { handleWebhookAction } from '../webhook/actions.js';
import { handleWebhook, type IngressResult } from '../webhook/ingress.js';
import { createTelegramWebhookHandler, TELEGRAM_SECRET_HEADER, TELEGRAM_WEBHOOK_PATH } from '../telegram/webhook.js';
import { createDashboard } from '../dashboard/routes.js';
import type { PollerState } from '../telegram/poller.js';
import { HEADER_SIGNATURE, HEADER_TIMESTAMP } from '../webhook/signing.js';
import { createSourceResolver } from './source.js';
import { createTaskRoutes } from '../tasks/routes.js';
import { createRunnerRoutes } from '../tasks/runner-routes.js';

export interface GatewayServerOptions {
  readonly ctx: GatewayContext;
  readonly readiness: () => Promise<DoctorReport>;
  /** What the dashboard shows about this process: leadership and Telegram polling. */
  readonly status: () => { readonly leader: boolean; readonly telegram: PollerState };
}

export interface GatewayServer {
  listen(): Promise<{ readonly url: string; readonly port: number }>;
  close(): Promise<void>;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  const { ctx } = options;
  const config = ctx.config;
  const verifyAdmin = config.adminToken === undefined ? () => false : createTokenVerifier(config.adminToken);
  const limiter = new FailureLimiter({ maxFailures: config.rateLimitFailures, windowMs: 60_000 });
  const sourceOf = createSourceResolver(config.trustProxyHeaders, config.trustedProxyCidrs);
  const sockets = new Set<Socket>();
  const telegramWebhook = ctx.telegram !== undefined && config.telegram?.mode === 'webhook' ? createTelegramWebhookHandler(ctx, ctx.telegram) : undefined;

  /** undefined: no credential; true/false: one was presented and did or did not match. */
  const adminCredential = (req: IncomingMessage): boolean | undefined => {
    const header = req.headers.authorization;
    if (header === undefined) return undefined;
    const token = BEARER.exec(header)?.[1];
    return token !== undefined && verifyAdmin(token);
  };

  const dashboard = createDashboard({ ctx, readiness: options.readiness, bearer: adminCredential, verifyAdmin: (token) => token !== undefined && verifyAdmin(token), limiter, status: options.status });

  /** 401 or 429 for a failed authentication; a blocked source is refused only while it keeps failing. */
  const refuse = (res: ServerResponse, source: string, message: string, code: string = GatewayErrorCode.Unauthorized): void => {
    const state = limiter.check(source);
    if (state.blocked) {
      fail(res, 429, GatewayErrorCode.RateLimited, 'Too many failed attempts from this address; try again later.', { 'retry-after': String(state.retryAfterSeconds) });
      return;
    }
    limiter.recordFailure(source);
    fail(res, 401, code, message, { 'www-authenticate': 'Bearer' });
  };

  // Long polls (task reads, runner polls) end at once when the server stops.
  const stopping = new AbortController();
  // Every waiting request listens to it (through AbortSignal.any); there is no leak to warn of.
  setMaxListeners(0, stopping.signal);
  const taskAccess = { ctx, verifyAdmin: (token: string) => verifyAdmin(token), refuse: (res: ServerResponse, source: string, message: string) => refuse(res, source, message), stopping: stopping.signal };
  const taskRoutes = createTaskRoutes(taskAccess);
  const runnerRoutes = createRunnerRoutes(taskAccess);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const source = sourceOf(req);
    const method = req.method ?? 'GET';
    const path = url.pathname;

    if (path === '/health') {
      if (method !== 'GET' && method !== 'HEAD') return fail(res, 405, GatewayErrorCode.BadRequest, 'Use GET.', { allow: 'GET' });
      return send(res, 200, { status: 'ok' });
    }
    if (path === '/ready') {
      if (method !== 'GET') return fail(res, 405, GatewayErrorCode.BadRequest, 'Use GET.', { allow: 'GET' });
      const admin = adminCredential(req);
      if (admin === false) return refuse(res, source, 'The admin token is wrong.');
      const report = await options.readiness();
      const status = report.ok ? 200 : 503;
      return send(res, status, admin === true ? report : { ready: report.ok });
    }
    if (path === '/metrics') {
      if (method !== 'GET') return fail(res, 405, GatewayErrorCode.BadRequest, 'Use GET.', { allow: 'GET' });
      // No loopback exception: a local process is not necessarily the operator.
      if (adminCredential(req) !== true) return refuse(res, source, 'GET /metrics needs the admin token (Authorization: Bearer …).');
      const counts = await countJobsByStatus(ctx.db);
      ctx.metrics.jobs.reset();
      for (const [status, n] of Object.entries(counts)) ctx.metrics.jobs.set({ status }, n);
      return send(res, 200, await ctx.metrics.registry.metrics(), { 'content-type': ctx.metrics.registry.contentType });
    }
    const header = (name: string): string | undefined => {
      const value = req.headers[name];
      return Array.isArray(value) ? undefined : value;
    };
    const answer = (result: IngressResult): void => {
      if (result.authFailure === true) {
        const body = result.body as { error: { code: string; message: string } };
        return refuse(res, source, body.error.message, body.error.code);
      }
      return send(res, result.status, result.body);
    };
    const webhook = /^\/webhooks\/([a-z0-9][a-z0-9_-]{0,62})(\/actions)?$/.exec(path);
    if (webhook) {
      if (method !== 'POST') return fail(res, 405, GatewayErrorCode.BadRequest, 'Use POST.', { allow: 'POST' });
      const type = req.headers['content-type'] ?? '';
      if (!/^application\/json\b/i.test(type)) return fail(res, 415, GatewayErrorCode.BadRequest, 'The body must be application/json.');
      const body = await readBody(req);
      const signed = { timestamp: header(HEADER_TIMESTAMP), signature: header(HEADER_SIGNATURE) };
      return answer(webhook[2] === undefined ? await handleWebhook(ctx, webhook[1]!, signed, body) : await handleWebhookAction(ctx, webhook[1]!, signed, body));
    }
    if (path === TELEGRAM_WEBHOOK_PATH && telegramWebhook !== undefined) {
      if (method !== 'POST') return fail(res, 405, GatewayErrorCode.BadRequest, 'Use POST.', { allow: 'POST' });
      return answer(await telegramWebhook(header(TELEGRAM_SECRET_HEADER), await readBody(req)));
    }
    if (path === '/dashboard' || path.startsWith('/dashboard/')) return dashboard(req, res, url, source);
    if (await taskRoutes(req, res, url, source)) return;
    if (await runnerRoutes(req, res, url, source)) return;
    return fail(res, 404, GatewayErrorCode.NotFound, `Nothing at ${method} ${path}.`);
  };

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) {
        fail(res, 413, GatewayErrorCode.PayloadTooLarge, `The body is larger than ${MAX_BODY_BYTES} bytes.`, { connection: 'close' });
        return;
      }
      ctx.log.log('error', 'http.failed', { path: (req.url ?? '').split('?')[0], error: messageOf(error) });
      if (!res.headersSent) fail(res, 500, GatewayErrorCode.Internal, 'The gateway could not handle this request; see its log.');
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ url: `http://${host}:${address.port}`, port: address.port });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        stopping.abort();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 2000).unref();
      }),
  };
}
