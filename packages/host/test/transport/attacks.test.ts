// The API as an attacker would try it from this machine: a web page (cross-site "simple" POSTs,
// an EventSource, DNS rebinding) and a local process hammering wrong tokens. None of them
// reaches the API, and none of them locks the user's own clients out.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { hostAllowed, type HostServer, type RequestLogEntry } from '../../src/transport/index.js';
import { SseReader, startServer, TOKEN } from './helpers.js';

let server: HostServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Raw {
  readonly status: number;
  readonly body: string;
}

/** One request with exactly these headers (a browser's, or an attacker's), over a plain socket. */
function raw(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('a web page on another origin', () => {
  it('cannot lock the user out: ten cross-site token-less POSTs are refused, and every local client still gets in', async () => {
    server = await startServer({ authFailures: { maxFailures: 10 } });
    const host = `127.0.0.1:${server.port}`;
    for (let i = 0; i < 10; i++) {
      // What a page does with a form or fetch(no-cors): text/plain, no token, its own Origin.
      const attempt = await raw(server.port, '/api/echo', { method: 'POST', headers: { host, origin: 'http://evil.example', 'content-type': 'text/plain' }, body: '{"text":"x"}' });
      expect(attempt.status).toBe(403);
      expect(JSON.parse(attempt.body)).toEqual({ error: { code: 'FOREIGN_ORIGIN', message: 'Requests from other web pages are refused' } });
    }
    // The UI (same origin), the CLI (no Origin) and an event stream all still work.
    const ui = await raw(server.port, '/api/echo', { method: 'POST', headers: { host, origin: `http://${host}`, authorization: `Bearer ${TOKEN}` }, body: '{"text":"ui"}' });
    expect(ui).toEqual({ status: 200, body: '{"result":{"echoed":"ui"}}' });
    const cli = await raw(server.port, '/api/echo', { method: 'POST', headers: { host, authorization: `Bearer ${TOKEN}` }, body: '{"text":"cli"}' });
    expect(cli.status).toBe(200);
  });

  it('cannot read the event stream either', async () => {
    server = await startServer();
    const host = `127.0.0.1:${server.port}`;
    const stream = await raw(server.port, `/api/events?token=${TOKEN}`, { headers: { host, origin: 'http://evil.example', accept: 'text/event-stream' } });
    expect(stream.status).toBe(403);
  });

  it('gets nothing by rebinding its own name to 127.0.0.1: every route refuses a foreign Host', async () => {
    server = await startServer({ staticDir: undefined });
    for (const path of ['/', '/api/health', '/api/echo', '/api/events']) {
      const answer = await raw(server.port, path, { headers: { host: `evil.example:${server.port}`, authorization: `Bearer ${TOKEN}` } });
      expect(answer.status, path).toBe(421);
      expect(answer.body, path).toContain('HOST_NOT_ALLOWED');
    }
    expect((await raw(server.port, '/api/health', { headers: { host: `localhost:${server.port}` } })).status).toBe(200);
    expect((await raw(server.port, '/api/health', { headers: { host: `127.0.0.1:${server.port}` } })).status).toBe(200);
    expect((await raw(server.port, '/api/health', { headers: { host: `127.0.0.1:${server.port + 1}` } })).status).toBe(421);
  });
});

describe('a local process guessing tokens', () => {
  it('is slowed down, while the right token keeps working for every client on 127.0.0.1', async () => {
    server = await startServer({ authFailures: { maxFailures: 10 } });
    const host = `127.0.0.1:${server.port}`;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await raw(server.port, '/api/echo', { method: 'POST', headers: { host, authorization: 'Bearer guess' }, body: '{}' })).status);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    for (const path of ['/api/echo', '/api/nothing']) {
      expect((await raw(server.port, path, { method: 'POST', headers: { host, authorization: `Bearer ${TOKEN}` }, body: '{"text":"ok"}' })).status).toBe(200);
    }
    const events = await SseReader.open(`${server.url}/api/events`);
    expect(events.response.status).toBe(200);
    events.close();
  });
});

describe('the token in a logged path, and the event stream limit', () => {
  it('logs a path holding the token with the token blanked out', async () => {
    const entries: RequestLogEntry[] = [];
    server = await startServer({ log: (entry) => entries.push(entry) });
    await raw(server.port, `/api/${TOKEN}`, { method: 'POST', headers: { host: `127.0.0.1:${server.port}` } });
    await raw(server.port, `/x/${TOKEN}/y`, { headers: { host: `127.0.0.1:${server.port}` } });
    while (entries.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(entries.map((entry) => entry.path)).toEqual(['/api/[redacted]', '/x/[redacted]/y']);
    expect(JSON.stringify(entries)).not.toContain(TOKEN);
  });

  it('serves at most maxClients event streams and refuses the next with 503', async () => {
    server = await startServer({ sse: { maxClients: 2 } });
    const open = [await SseReader.open(`${server.url}/api/events`), await SseReader.open(`${server.url}/api/events`)];
    const third = await fetch(`${server.url}/api/events`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(third.status).toBe(503);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_STREAMS');
    for (const reader of open) reader.close();
  });
});

describe('hostAllowed', () => {
  it('takes the bound address and loopback names on the right port, any IP on a wildcard bind, and listed names', () => {
    expect(hostAllowed('127.0.0.1:8787', '127.0.0.1', 8787, [])).toBe(true);
    expect(hostAllowed('localhost:8787', '127.0.0.1', 8787, [])).toBe(true);
    expect(hostAllowed('[::1]:8787', '::1', 8787, [])).toBe(true);
    expect(hostAllowed('evil.example:8787', '127.0.0.1', 8787, [])).toBe(false);
    expect(hostAllowed('127.0.0.1', '127.0.0.1', 8787, [])).toBe(false);
    expect(hostAllowed(undefined, '127.0.0.1', 8787, [])).toBe(false);
    expect(hostAllowed('192.168.1.20:8787', '0.0.0.0', 8787, [])).toBe(true);
    expect(hostAllowed('cowork.internal:8787', '0.0.0.0', 8787, [])).toBe(false);
    expect(hostAllowed('cowork.internal:8787', '0.0.0.0', 8787, ['cowork.internal'])).toBe(true);
  });
});
