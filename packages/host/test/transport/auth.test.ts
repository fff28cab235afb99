import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenVerifier, FailureLimiter, generateToken, type HostServer } from '../../src/transport/index.js';
import { call, startServer, TOKEN } from './helpers.js';

let server: HostServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A POST from a chosen loopback source address (Linux routes all of 127/8 to lo). */
function postFrom(localAddress: string, url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('bearer token', () => {
  it('refuses a missing, malformed or wrong token with 401 UNAUTHORIZED', async () => {
    server = await startServer();
    for (const token of [null, 'wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const outcome = await call(server, 'echo', '{"text":"x"}', token);
      expect(outcome.status, String(token)).toBe(401);
      expect(outcome.body.error?.code).toBe('UNAUTHORIZED');
      expect(outcome.headers.get('www-authenticate')).toBe('Bearer');
    }
    const basic = await fetch(`${server.url}/api/echo`, { method: 'POST', headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
  });

  it('checks the token before revealing whether a method exists', async () => {
    server = await startServer();
    expect((await call(server, 'no-such-method', '{}', 'wrong')).status).toBe(401);
  });

  it('accepts ?token= only on the event stream', async () => {
    server = await startServer();
    const viaQuery = await fetch(`${server.url}/api/echo?token=${TOKEN}`, { method: 'POST', body: '{"text":"x"}' });
    expect(viaQuery.status).toBe(401);
    const events = new AbortController();
    const stream = await fetch(`${server.url}/api/events?token=${TOKEN}`, { signal: events.signal });
    expect(stream.status).toBe(200);
    events.abort();
  });

  it('leaves /api/health open and says nothing but ok', async () => {
    server = await startServer();
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('compares through digests, so tokens of any length are handled', () => {
    const verify = createTokenVerifier('secret');
    expect(verify('secret')).toBe(true);
    expect(verify('secre')).toBe(false);
    expect(verify('x'.repeat(10_000))).toBe(false);
    expect(verify(undefined)).toBe(false);
    expect(() => createTokenVerifier('')).toThrow(/non-empty/);
    expect(generateToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('failed-authentication rate limit', () => {
  it('answers wrong tokens 429 with retry-after after too many failures, never the right one, then recovers', async () => {
    let now = 1_000_000;
    server = await startServer({ authFailures: { maxFailures: 3, windowMs: 60_000, now: () => now } });
    for (let i = 0; i < 3; i++) expect((await call(server, 'echo', '{"text":"x"}', 'wrong')).status).toBe(401);

    const limited = await call(server, 'echo', '{"text":"x"}', 'wrong');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', data: { retryAfterMs: 60_000 } });
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await call(server, 'echo', '{"text":"x"}')).status).toBe(200);

    now += 30_000;
    expect((await call(server, 'echo', '{"text":"x"}', 'wrong')).headers.get('retry-after')).toBe('30');

    now += 30_001;
    expect((await call(server, 'echo', '{"text":"x"}', 'wrong')).status).toBe(401);
  });

  it('does not block other addresses', async (ctx) => {
    server = await startServer({ host: '127.0.0.1', authFailures: { maxFailures: 2 } });
    const url = `${server.url}/api/nothing`;
    // macOS configures only 127.0.0.1 on lo0 unless told otherwise.
    const first = await postFrom('127.0.0.2', url, 'wrong').catch((error: NodeJS.ErrnoException) => error.code);
    if (first === 'EADDRNOTAVAIL') ctx.skip();
    expect(first).toBe(401);
    expect(await postFrom('127.0.0.2', url, 'wrong')).toBe(401);
    expect(await postFrom('127.0.0.2', url, 'wrong')).toBe(429);
    expect(await postFrom('127.0.0.2', url, TOKEN)).toBe(200);
    expect(await postFrom('127.0.0.3', url, 'wrong')).toBe(401);
  });

  it('keeps a bounded number of addresses', () => {
    const limiter = new FailureLimiter({ maxFailures: 1, maxAddresses: 2, now: () => 0 });
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    limiter.recordFailure('c');
    expect(limiter.check('a').blocked).toBe(false);
    expect(limiter.check('b').blocked).toBe(true);
    expect(limiter.check('c').blocked).toBe(true);
  });
});
