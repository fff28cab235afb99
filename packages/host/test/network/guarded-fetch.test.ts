import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedFetch, guardedFetch, NetworkGuardError, NetworkRefusal, type GuardedFetchOptions } from '../../src/network/index.js';
import {
  answer,
  dialTable,
  PUBLIC_A,
  PUBLIC_B,
  redirectTo,
  scriptedLookup,
  startHttp,
  startHttps,
  TLS_CERT,
  type TestServer,
} from './support.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function http(handler: Parameters<typeof startHttp>[0]): Promise<TestServer> {
  const server = await startHttp(handler);
  servers.push(server);
  return server;
}

async function https(handler: Parameters<typeof startHttps>[0]): Promise<TestServer> {
  const server = await startHttps(handler);
  servers.push(server);
  return server;
}

async function refusal(promise: Promise<unknown>): Promise<NetworkGuardError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetworkGuardError);
  return error as NetworkGuardError;
}

describe('guardedFetch: direct requests', () => {
  it('reaches a developer server named by a loopback literal, without any lookup', async () => {
    const local = await http(answer('local'));
    const lookup = scriptedLookup({});
    const response = await guardedFetch(`${local.origin}/hello`, {}, { lookup });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('local');
    expect(response.url).toBe(`${local.origin}/hello`);
    expect(response.redirected).toBe(false);
    expect(lookup.calls).toEqual([]);
  });

  it('reaches [::1] and localhost (127.0.0.1 first, then ::1) without any lookup', async () => {
    const v6 = createServer((_req, res) => res.end('v6 only'));
    await new Promise<void>((resolve) => v6.listen(0, '::1', resolve));
    const { port } = v6.address() as AddressInfo;
    try {
      const lookup = scriptedLookup({});
      expect(await (await guardedFetch(`http://[::1]:${port}/`, {}, { lookup })).text()).toBe('v6 only');
      expect(await (await guardedFetch(`http://localhost:${port}/`, {}, { lookup })).text()).toBe('v6 only');
      expect(lookup.calls).toEqual([]);
    } finally {
      v6.closeAllConnections();
      await new Promise<void>((resolve) => v6.close(() => resolve()));
    }
  });

  it('connects to the checked address and verifies TLS against the URL host name', async () => {
    const site = await https(answer('site'));
    const lookup = scriptedLookup({ 'mcp.example.test': [PUBLIC_A] });
    const dial = dialTable({ [PUBLIC_A]: site.port });
    const response = await guardedFetch('https://mcp.example.test/mcp', {}, { lookup, dial, ca: TLS_CERT });
    expect(await response.text()).toBe('site');
    expect(dial.dialled).toEqual([PUBLIC_A]);
    expect(site.received[0]?.headers.host).toBe('mcp.example.test');
  });

  it('accepts a fully qualified name with a trailing dot', async () => {
    const site = await https(answer('site'));
    const lookup = scriptedLookup({ 'mcp.example.test': [PUBLIC_A] });
    const response = await guardedFetch('https://MCP.example.test./x', {}, { lookup, dial: dialTable({ [PUBLIC_A]: site.port }), ca: TLS_CERT });
    expect(await response.text()).toBe('site');
  });

  it('fails when the certificate does not name the URL host, even at the checked address', async () => {
    const site = await https(answer('site'));
    const lookup = scriptedLookup({ 'other.example.test': [PUBLIC_A] });
    const dial = dialTable({ [PUBLIC_A]: site.port });
    const error = await guardedFetch('https://other.example.test/', {}, { lookup, dial, ca: TLS_CERT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as { cause?: { code?: string } }).cause?.code)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(site.received).toEqual([]);
  });

  it('fails on an untrusted certificate (no ca given)', async () => {
    const site = await https(answer('site'));
    const lookup = scriptedLookup({ 'mcp.example.test': [PUBLIC_A] });
    const error = await guardedFetch('https://mcp.example.test/', {}, { lookup, dial: dialTable({ [PUBLIC_A]: site.port }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(site.received).toEqual([]);
  });

  it('tries the next checked address when one does not answer', async () => {
    const site = await https(answer('site'));
    const lookup = scriptedLookup({ 'mcp.example.test': [PUBLIC_B, PUBLIC_A] });
    const dial = dialTable({ [PUBLIC_A]: site.port });
    const response = await guardedFetch('https://mcp.example.test/', {}, { lookup, dial, ca: TLS_CERT });
    expect(await response.text()).toBe('site');
    expect(dial.dialled).toEqual([PUBLIC_B, PUBLIC_A]);
  });

  it('refuses a name that resolves to loopback, and connects nowhere', async () => {
    const local = await http(answer('local'));
    const lookup = scriptedLookup({ 'mcp.example.test': ['127.0.0.1'] });
    const dial = dialTable({ '127.0.0.1': local.port });
    const error = await refusal(guardedFetch('https://mcp.example.test/', {}, { lookup, dial }));
    expect(error.code).toBe(NetworkRefusal.PrivateAddress);
    expect(error.data).toMatchObject({ host: 'mcp.example.test', address: '127.0.0.1' });
    expect(dial.dialled).toEqual([]);
    expect(local.received).toEqual([]);
  });

  it('allows that with allowPrivateNetwork', async () => {
    const site = await https(answer('internal'));
    const lookup = scriptedLookup({ 'mcp.example.test': ['127.0.0.1'] });
    const dial = dialTable({ '127.0.0.1': site.port });
    const response = await guardedFetch('https://mcp.example.test/', {}, { lookup, dial, ca: TLS_CERT, allowPrivateNetwork: true });
    expect(await response.text()).toBe('internal');
  });

  it('refuses a mixed answer (one public, one private) before connecting', async () => {
    const site = await https(answer('site'));
    const lookup = scriptedLookup({ 'mcp.example.test': [PUBLIC_A, '10.0.0.7'] });
    const dial = dialTable({ [PUBLIC_A]: site.port, '10.0.0.7': site.port });
    const error = await refusal(guardedFetch('https://mcp.example.test/', {}, { lookup, dial, ca: TLS_CERT }));
    expect(error.code).toBe(NetworkRefusal.PrivateAddress);
    expect(dial.dialled).toEqual([]);
  });

  it('refuses metadata endpoints even with allowPrivateNetwork', async () => {
    const lookup = scriptedLookup({ 'evil.example.test': ['169.254.169.254'] });
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'https://metadata.google.internal/', 'https://evil.example.test/']) {
      const error = await refusal(guardedFetch(url, {}, { lookup, allowPrivateNetwork: true }));
      expect(error.code, url).toBe(NetworkRefusal.Metadata);
    }
  });

  it('refuses what is not a URL with a NetworkGuardError', async () => {
    expect((await refusal(guardedFetch('not a url'))).code).toBe(NetworkRefusal.InvalidUrl);
    expect((await refusal(guardedFetch('ftp://127.0.0.1/'))).code).toBe(NetworkRefusal.UnsupportedScheme);
  });

  it('refuses plain http to a public name', async () => {
    const error = await refusal(guardedFetch('http://mcp.example.test/', {}, { lookup: scriptedLookup({ 'mcp.example.test': [PUBLIC_A] }) }));
    expect(error.code).toBe(NetworkRefusal.InsecureHttp);
  });

  it('sends method, headers and body, and streams the response', async () => {
    const echo = await http((req, res, body) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-seen': String(req.headers['x-test']) });
      res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] }));
    });
    const response = await guardedFetch(`${echo.origin}/items`, {
      method: 'post',
      headers: { 'x-test': 'yes', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-seen')).toBe('yes');
    expect(await response.json()).toEqual({ method: 'POST', body: '{"a":1}', type: 'application/json' });
    const form = await guardedFetch(`${echo.origin}/form`, { method: 'POST', body: new URLSearchParams({ q: 'x y' }) });
    expect(await form.json()).toMatchObject({ body: 'q=x+y', type: 'application/x-www-form-urlencoded;charset=UTF-8' });
  });

  it('times out while waiting for headers, but not while a body streams', async () => {
    const slow = await http((req, res) => {
      if (req.url === '/stall') return; // never answers
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first ');
      setTimeout(() => res.end('second'), 300);
    });
    const error = await refusal(guardedFetch(`${slow.origin}/stall`, {}, { timeoutMs: 200 }));
    expect(error.code).toBe(NetworkRefusal.Timeout);
    const streamed = await guardedFetch(`${slow.origin}/stream`, {}, { timeoutMs: 200 });
    expect(await streamed.text()).toBe('first second');
  });

  it('honours the caller signal', async () => {
    const stall = await http(() => undefined);
    const controller = new AbortController();
    const pending = guardedFetch(stall.origin, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    await expect(pending).rejects.toThrow('caller gave up');
  });
});

describe('guardedFetch: DNS rebinding', () => {
  it('resolves once and connects to that answer even if the name now resolves to loopback', async () => {
    const publicSite = await https(answer('public'));
    const internal = await https(answer('internal'));
    // First answer public, every later answer loopback.
    const lookup = scriptedLookup({ 'mcp.example.test': [[PUBLIC_A], ['127.0.0.1']] });
    const dial = dialTable({ [PUBLIC_A]: publicSite.port, '127.0.0.1': internal.port });
    const options: GuardedFetchOptions = { lookup, dial, ca: TLS_CERT };

    const first = await guardedFetch('https://mcp.example.test/a', {}, options);
    expect(await first.text()).toBe('public');
    expect(lookup.calls).toEqual(['mcp.example.test']);

    const second = await refusal(guardedFetch('https://mcp.example.test/b', {}, options));
    expect(second.code).toBe(NetworkRefusal.PrivateAddress);
    expect(lookup.calls).toEqual(['mcp.example.test', 'mcp.example.test']);

    expect(dial.dialled).toEqual([PUBLIC_A]);
    expect(internal.received).toEqual([]);
    expect(publicSite.received.map((r) => r.url)).toEqual(['/a']);
  });

  it('checks the answer again at a same-host redirect, and refuses it when it turned to loopback', async () => {
    const publicSite = await https(redirectTo('/next', 307));
    const internal = await https(answer('internal'));
    const lookup = scriptedLookup({ 'mcp.example.test': [[PUBLIC_A], ['127.0.0.1']] });
    const dial = dialTable({ [PUBLIC_A]: publicSite.port, '127.0.0.1': internal.port });
    const error = await refusal(guardedFetch('https://mcp.example.test/start', {}, { lookup, dial, ca: TLS_CERT }));
    expect(error.code).toBe(NetworkRefusal.PrivateAddress);
    expect(error.data?.redirectFrom).toBe('https://mcp.example.test');
    expect(lookup.calls).toEqual(['mcp.example.test', 'mcp.example.test']);
    expect(dial.dialled).toEqual([PUBLIC_A]);
    expect(internal.received).toEqual([]);
  });
});

describe('guardedFetch: redirects', () => {
  it('follows a redirect between loopback URLs', async () => {
    const local = await http((req, res) => (req.url === '/start' ? redirectTo('/final')(req, res, '') : answer('final')(req, res, '')));
    const response = await guardedFetch(`${local.origin}/start`);
    expect(await response.text()).toBe('final');
    expect(response.url).toBe(`${local.origin}/final`);
    expect(response.redirected).toBe(true);
  });

  it('follows a redirect to another allowed host, checking it too', async () => {
    const first = await https(redirectTo('https://redirect.example.test/landing', 301));
    const second = await https(answer('landed'));
    const lookup = scriptedLookup({ 'mcp.example.test': [PUBLIC_A], 'redirect.example.test': [PUBLIC_B] });
    const dial = dialTable({ [PUBLIC_A]: first.port, [PUBLIC_B]: second.port });
    const response = await guardedFetch(
      'https://mcp.example.test/start',
      { headers: { authorization: 'Bearer secret', 'x-api-key': 'k', cookie: 'c=1', accept: 'text/plain' } },
      { lookup, dial, ca: TLS_CERT },
    );
    expect(await response.text()).toBe('landed');
    expect(response.url).toBe('https://redirect.example.test/landing');
    expect(lookup.calls).toEqual(['mcp.example.test', 'redirect.example.test']);
    expect(first.received[0]?.headers.authorization).toBe('Bearer secret');
    // No credential of any kind follows the request to another origin.
    expect(second.received[0]?.headers).not.toHaveProperty('authorization');
    expect(second.received[0]?.headers).not.toHaveProperty('x-api-key');
    expect(second.received[0]?.headers).not.toHaveProperty('cookie');
    expect(second.received[0]?.headers.accept).toBe('text/plain');
  });

  it('keeps every header on a same-origin redirect', async () => {
    const local = await http((req, res) =>
      req.url === '/a' ? redirectTo('/b', 307)(req, res, '') : answer(`${req.headers.authorization} ${req.headers['x-api-key']}`)(req, res, ''),
    );
    const response = await guardedFetch(`${local.origin}/a`, { headers: { authorization: 'Bearer t', 'x-api-key': 'k' } });
    expect(await response.text()).toBe('Bearer t k');
  });

  it.each([
    ['a loopback literal', 'http://127.0.0.1:PORT/internal', NetworkRefusal.PrivateAddress],
    ['localhost', 'http://localhost:PORT/internal', NetworkRefusal.PrivateAddress],
    ['a private literal', 'https://10.0.0.1/', NetworkRefusal.PrivateAddress],
    ['a name resolving to private', 'https://intranet.example.test/', NetworkRefusal.PrivateAddress],
    ['the metadata address', 'http://169.254.169.254/latest/meta-data/iam/', NetworkRefusal.Metadata],
    ['the metadata name', 'http://metadata.google.internal/computeMetadata/v1/', NetworkRefusal.Metadata],
    ['plain http', 'http://redirect.example.test/', NetworkRefusal.InsecureHttp],
    ['another scheme', 'file:///etc/passwd', NetworkRefusal.UnsupportedScheme],
  ])('refuses a redirect from a public host to %s', async (_name, location, code) => {
    const internal = await http(answer('internal'));
    const first = await https(redirectTo(location.replace('PORT', String(internal.port))));
    const lookup = scriptedLookup({ 'mcp.example.test': [PUBLIC_A], 'intranet.example.test': ['192.168.10.10'], 'redirect.example.test': [PUBLIC_B] });
    const dial = dialTable({ [PUBLIC_A]: first.port, '192.168.10.10': internal.port });
    const error = await refusal(guardedFetch('https://mcp.example.test/', {}, { lookup, dial, ca: TLS_CERT }));
    expect(error.code).toBe(code);
    expect(error.data?.redirectFrom).toBe('https://mcp.example.test');
    expect(error.message).toMatch(/^Refused to follow the redirect from https:\/\/mcp\.example\.test: /);
    expect(internal.received).toEqual([]);
  });

  it('follows a redirect to the local network when allowPrivateNetwork is on (metadata stays refused)', async () => {
    const internal = await https(answer('internal'));
    const first = await https((req, res) =>
      redirectTo(req.url === '/meta' ? 'https://metadata.goog/' : 'https://intranet.example.test/')(req, res, ''),
    );
    const lookup = scriptedLookup({ 'mcp.example.test': [PUBLIC_A], 'intranet.example.test': ['192.168.10.10'] });
    const dial = dialTable({ [PUBLIC_A]: first.port, '192.168.10.10': internal.port });
    // The fixture certificate does not name intranet.example.test: seeing that TLS error
    // proves the connection went to the checked private address.
    const options = { lookup, dial, ca: TLS_CERT, allowPrivateNetwork: true };
    const error = await guardedFetch('https://mcp.example.test/', {}, options).catch((e: unknown) => e);
    expect(String((error as { cause?: { code?: string } }).cause?.code)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(dial.dialled).toEqual([PUBLIC_A, '192.168.10.10']);
    expect((await refusal(guardedFetch('https://mcp.example.test/meta', {}, options))).code).toBe(NetworkRefusal.Metadata);
  });

  it('resolves each hop once: a rebinding answer at the second hop is refused', async () => {
    const site = await https((req, res) => (req.url === '/start' ? redirectTo('https://redirect.example.test/next')(req, res, '') : answer('x')(req, res, '')));
    const internal = await https(answer('internal'));
    const lookup = scriptedLookup({ 'mcp.example.test': [PUBLIC_A], 'redirect.example.test': ['127.0.0.1'] });
    const dial = dialTable({ [PUBLIC_A]: site.port, '127.0.0.1': internal.port });
    const error = await refusal(guardedFetch('https://mcp.example.test/start', {}, { lookup, dial, ca: TLS_CERT }));
    expect(error.code).toBe(NetworkRefusal.PrivateAddress);
    expect(internal.received).toEqual([]);
  });

  it('stops after maxRedirects', async () => {
    let n = 0;
    const loop = await http((req, res) => redirectTo(`/hop${(n += 1)}`)(req, res, ''));
    const error = await refusal(guardedFetch(`${loop.origin}/`, {}, { maxRedirects: 3 }));
    expect(error.code).toBe(NetworkRefusal.TooManyRedirects);
    expect(loop.received).toHaveLength(4);
    n = 0;
    const within = await http((req, res) => (n < 2 ? redirectTo(`/hop${(n += 1)}`)(req, res, '') : answer('done')(req, res, '')));
    expect(await (await guardedFetch(`${within.origin}/`, {}, { maxRedirects: 2 })).text()).toBe('done');
  });

  it('returns the redirect itself with redirect "manual", and throws with "error"', async () => {
    const site = await http(redirectTo('http://169.254.169.254/'));
    const manual = await guardedFetch(site.origin, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('http://169.254.169.254/');
    const error = await refusal(guardedFetch(site.origin, { redirect: 'error' }));
    expect(error.code).toBe(NetworkRefusal.RedirectRefused);
  });

  it('resends the body on 307/308 and switches to GET on 303', async () => {
    const site = await http((req, res, body) => {
      if (req.url === '/307') return redirectTo('/echo', 307)(req, res, body);
      if (req.url === '/303') return redirectTo('/echo', 303)(req, res, body);
      res.end(`${req.method} ${body} ${req.headers['content-type'] ?? '-'}`);
    });
    const init = { method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain' } };
    expect(await (await guardedFetch(`${site.origin}/307`, init)).text()).toBe('POST payload text/plain');
    expect(await (await guardedFetch(`${site.origin}/303`, init)).text()).toBe('GET  -');
  });

  it('refuses to resend a streamed body', async () => {
    const site = await http(redirectTo('/again', 308));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('once'));
        controller.close();
      },
    });
    const error = await refusal(guardedFetch(site.origin, { method: 'POST', body, duplex: 'half' } as RequestInit));
    expect(error.code).toBe(NetworkRefusal.RedirectBody);
  });
});

describe('createGuardedFetch', () => {
  it('binds the options into a fetch-shaped function', async () => {
    const site = await https(answer('bound'));
    const fetchLike = createGuardedFetch({ lookup: scriptedLookup({ 'mcp.example.test': [PUBLIC_A] }), dial: dialTable({ [PUBLIC_A]: site.port }), ca: TLS_CERT });
    expect(await (await fetchLike(new URL('https://mcp.example.test/'))).text()).toBe('bound');
  });
});
