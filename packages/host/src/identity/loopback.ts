// The redirect target of a desktop OAuth flow (RFC 8252 §7.3): an HTTP listener on
// 127.0.0.1 and a random port, alive for one sign-in. The first request to the callback path
// decides the flow; its handler says what page to show, the browser gets that page, and the
// listener closes. Requests whose Host is not this listener (a DNS-rebinding page) and other
// paths (favicon) are answered and otherwise ignored.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CALLBACK_PAGE_CSP, callbackPageHtml, type CallbackPage } from './callback-page.js';

export const CALLBACK_PATH = '/callback';

/** The query of the redirect, as the authorization server sent it. */
export interface RedirectParams {
  readonly code?: string;
  readonly state?: string;
  readonly error?: string;
  readonly errorDescription?: string;
}

export interface LoopbackOptions {
  /** The brand shown on the page. */
  readonly brand: string;
  /** Decides the outcome of the redirect; what it resolves to is shown to the user. */
  readonly handle: (params: RedirectParams) => Promise<CallbackPage>;
}

export interface LoopbackListener {
  /** `http://127.0.0.1:<port>/callback`. */
  readonly redirectUri: string;
  /** Stops listening and drops open connections. Idempotent. */
  close(): Promise<void>;
}

export async function listenForRedirect(options: LoopbackOptions): Promise<LoopbackListener> {
  let decided = false;
  let closing: Promise<void> | undefined;
  const server = createServer((request, response) => {
    void serve(request, response);
  });
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    return closing;
  };

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.headers.host !== `127.0.0.1:${port}`) return plain(response, 421, 'Misdirected request.');
    if (request.method !== 'GET') return plain(response, 405, 'Method not allowed.');
    if (url.pathname !== CALLBACK_PATH) return plain(response, 404, 'Not found.');
    if (decided) return page(response, { ok: false, message: 'This sign-in has already finished.' });
    decided = true;
    const params: RedirectParams = {
      ...optional('code', url.searchParams.get('code')),
      ...optional('state', url.searchParams.get('state')),
      ...optional('error', url.searchParams.get('error')),
      ...optional('errorDescription', url.searchParams.get('error_description')),
    };
    let outcome: CallbackPage;
    try {
      outcome = await options.handle(params);
    } catch (error) {
      outcome = { ok: false, message: (error as Error).message };
    }
    page(response, outcome, () => void close());
  }

  function page(response: ServerResponse, outcome: CallbackPage, then?: () => void): void {
    const body = callbackPageHtml(options.brand, outcome);
    response.writeHead(outcome.ok ? 200 : 400, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CALLBACK_PAGE_CSP,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      connection: 'close',
    });
    response.end(body, then);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, close };
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  response.end(text);
}

function optional<K extends string>(key: K, value: string | null): { [P in K]?: string } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: string };
}
