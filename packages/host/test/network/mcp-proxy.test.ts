import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createGuardedFetch,
  NetworkGuardError,
  NetworkRefusal,
  RemoteMcpProxy,
  type RemoteMcpEndpoint,
  type RemoteMcpProxyOptions,
} from '../../src/network/index.js';
import { answer, dialTable, PUBLIC_A, PUBLIC_B, redirectTo, scriptedLookup, startHttp, startHttps, TLS_CERT, type Handler, type TestServer } from './support.js';

// --- A stateful Streamable HTTP MCP server (the real SDK) on 127.0.0.1 -----------------------

interface McpTestServer {
  readonly url: string;
  /** Method and headers of every request it got. */
  readonly requests: { method: string; headers: IncomingHttpHeaders }[];
  connections(): Promise<number>;
  close(): Promise<void>;
}

function toolServer(): McpServer {
  const server = new McpServer({ name: 'remote-math', version: '1.0.0' }, { capabilities: { logging: {} } });
  server.registerTool('add', { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({
    content: [{ type: 'text', text: String(a + b) }],
  }));
  server.registerTool('count', { description: 'Reports progress, then answers.', inputSchema: { to: z.number() } }, async ({ to }, extra) => {
    for (let i = 1; i <= to; i += 1) {
      await extra.sendNotification({ method: 'notifications/message', params: { level: 'info', data: `step ${i}` } });
    }
    return { content: [{ type: 'text', text: `counted to ${to}` }] };
  });
  return server;
}

async function startMcpServer(): Promise<McpTestServer> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const requests: McpTestServer['requests'] = [];
  const http: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', headers: { ...req.headers } });
    void (async () => {
      const id = req.headers['mcp-session-id'];
      let transport = typeof id === 'string' ? sessions.get(id) : undefined;
      if (transport === undefined) {
        if (id !== undefined || req.method !== 'POST') {
          res.writeHead(404).end();
          return;
        }
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sessionId) => void sessions.set(sessionId, created),
        });
        created.onclose = () => {
          if (created.sessionId !== undefined) sessions.delete(created.sessionId);
        };
        await toolServer().connect(created);
        transport = created;
      }
      await transport.handleRequest(req, res);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests,
    connections: () => new Promise((resolve, reject) => http.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    close: async () => {
      await Promise.all([...sessions.values()].map((t) => t.close()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

// --- Fixtures ---------------------------------------------------------------------------------

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxy(options: RemoteMcpProxyOptions = {}): Promise<RemoteMcpProxy> {
  const started = new RemoteMcpProxy(options);
  await started.start();
  cleanups.push(() => started.close());
  return started;
}

async function upstream(kind: 'http' | 'https', handler: Handler): Promise<TestServer> {
  const server = kind === 'http' ? await startHttp(handler) : await startHttps(handler);
  cleanups.push(() => server.close());
  return server;
}

async function mcpServer(): Promise<McpTestServer> {
  const server = await startMcpServer();
  cleanups.push(() => server.close());
  return server;
}

async function connectClient(endpoint: RemoteMcpEndpoint): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'proxy-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint.url), { requestInit: { headers: { ...endpoint.headers } } });
  await client.connect(transport);
  cleanups.push(() => client.close());
  return { client, transport };
}

const jsonError = async (response: Response): Promise<{ code: string; message: string; data?: Record<string, string> }> =>
  ((await response.json()) as { error: { code: string; message: string; data?: Record<string, string> } }).error;

// --- Tests ------------------------------------------------------------------------------------

describe('RemoteMcpProxy with the real MCP SDK', () => {
  it('lists and calls tools through the proxy, adding the secret headers on the server side only', async () => {
    const server = await mcpServer();
    const front = await proxy();
    const endpoint = front.register('math', { url: server.url, headers: { Authorization: 'Bearer upstream-secret', 'X-Api-Key': 'key-123' } });
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp\/math\/[A-Za-z0-9_-]{24}$/);
    expect(endpoint.headers.authorization).toMatch(/^Bearer [A-Za-z0-9_-]{43}$/);

    const { client, transport } = await connectClient(endpoint);
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name).sort()).toEqual(['add', 'count']);
    const sum = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
    expect(sum.content).toEqual([{ type: 'text', text: '42' }]);

    // A tool that streams notifications before its result: the POST answers text/event-stream.
    const messages: unknown[] = [];
    client.fallbackNotificationHandler = async (notification) => {
      messages.push(notification.params?.data);
    };
    const counted = await client.callTool({ name: 'count', arguments: { to: 3 } });
    expect(counted.content).toEqual([{ type: 'text', text: 'counted to 3' }]);
    expect(messages).toEqual(['step 1', 'step 2', 'step 3']);

    const sessionId = transport.sessionId;
    expect(sessionId).toBeTruthy();
    await transport.terminateSession();

    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    for (const received of server.requests) {
      expect(received.headers.authorization).toBe('Bearer upstream-secret');
      expect(received.headers['x-api-key']).toBe('key-123');
      expect(JSON.stringify(received.headers)).not.toContain(endpoint.headers.authorization.slice(7));
      expect(received.headers.host).toBe(new URL(server.url).host);
    }
    const afterInit = server.requests.slice(1);
    expect(afterInit.every((r) => r.headers['mcp-session-id'] === sessionId)).toBe(true);
    expect(afterInit.some((r) => typeof r.headers['mcp-protocol-version'] === 'string')).toBe(true);
    // POST (messages, answered as event streams), GET (the standalone event stream), DELETE (end of session).
    expect(new Set(server.requests.map((r) => r.method))).toEqual(new Set(['POST', 'GET', 'DELETE']));
  });

  it('serves the SDK client through guardedFetch as its fetch', async () => {
    const server = await mcpServer();
    const client = new Client({ name: 'guarded', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(server.url), { fetch: createGuardedFetch({ lookup: scriptedLookup({}) }) });
    await client.connect(transport);
    cleanups.push(() => client.close());
    expect((await client.callTool({ name: 'add', arguments: { a: 1, b: 1 } })).content).toEqual([{ type: 'text', text: '2' }]);
  });
});

describe('RemoteMcpProxy: access', () => {
  it('answers 401 for a missing or wrong token before saying whether the id exists', async () => {
    const server = await upstream('http', answer('x'));
    const front = await proxy({ token: 'proxy-token' });
    const endpoint = front.register('one', { url: `${server.origin}/mcp` });
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic proxy-token' }];
    for (const headers of attempts) {
      const known = await fetch(endpoint.url, { headers });
      expect(known.status).toBe(401);
      expect((await jsonError(known)).code).toBe('UNAUTHORIZED');
      expect((await fetch(`${front.origin}/mcp/nope/secret`, { headers })).status).toBe(401);
    }
    expect(server.received).toEqual([]);
  });

  it('answers 404 for an unknown id, a wrong secret, a bad path, and after unregister', async () => {
    const server = await upstream('http', answer('x'));
    const front = await proxy();
    const endpoint = front.register('one', { url: `${server.origin}/mcp` });
    const headers = endpoint.headers;
    const secret = endpoint.url.split('/').at(-1) ?? '';
    for (const url of [`${front.origin}/mcp/two/${secret}`, `${front.origin}/mcp/one/${secret}x`, `${front.origin}/mcp/one`, `${front.origin}/other`, `${endpoint.url}/more`]) {
      expect((await fetch(url, { headers })).status, url).toBe(404);
    }
    expect((await fetch(endpoint.url, { headers })).status).toBe(200);
    expect(front.unregister('one')).toBe(true);
    expect((await fetch(endpoint.url, { headers })).status).toBe(404);
    // Re-registering gives a new secret: the old URL stays dead.
    const again = front.register('one', { url: `${server.origin}/mcp` });
    expect(again.url).not.toBe(endpoint.url);
    expect((await fetch(endpoint.url, { headers })).status).toBe(404);
    expect((await fetch(again.url, { headers })).status).toBe(200);
  });

  it('encodes ids that are not plain path segments', async () => {
    const server = await upstream('http', answer('odd'));
    const front = await proxy();
    const endpoint = front.register('my server/ü', { url: `${server.origin}/mcp` });
    expect(endpoint.url).toContain('/mcp/my%20server%2F%C3%BC/');
    expect(await (await fetch(endpoint.url, { headers: endpoint.headers })).text()).toBe('odd');
  });

  it('refuses requests not addressed to 127.0.0.1, and methods MCP does not use', async () => {
    const server = await upstream('http', answer('x'));
    const front = await proxy();
    const endpoint = front.register('one', { url: `${server.origin}/mcp` });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(endpoint.url, { headers: { ...endpoint.headers, host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const put = await fetch(endpoint.url, { method: 'PUT', headers: endpoint.headers, body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, DELETE');
    expect(server.received).toEqual([]);
  });

  it('refuses registrations whose URL is refused, or whose headers cannot be sent', async () => {
    const front = await proxy();
    const cases: [string, boolean, string][] = [
      ['http://169.254.169.254/latest', true, NetworkRefusal.Metadata],
      ['https://metadata.google.internal/', true, NetworkRefusal.Metadata],
      ['http://mcp.example.test/mcp', false, NetworkRefusal.InsecureHttp],
      ['https://10.0.0.1/mcp', false, NetworkRefusal.PrivateAddress],
      ['https://user:pw@mcp.example.test/', false, NetworkRefusal.CredentialsInUrl],
    ];
    for (const [url, allowPrivateNetwork, code] of cases) {
      const error = (() => {
        try {
          front.register('bad', { url, allowPrivateNetwork });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, url).toBeInstanceOf(NetworkGuardError);
      expect((error as NetworkGuardError).code).toBe(code);
    }
    expect(() => front.register('h', { url: 'https://mcp.example.test/', headers: { 'x-bad': 'a\r\nb' } })).toThrow(/line break/);
    expect(() => front.register('h', { url: 'https://mcp.example.test/', headers: { host: 'other' } })).toThrow(/connection/);
    expect(() => front.register('h', { url: 'https://mcp.example.test/', headers: { 'bad name': 'x' } })).toThrow(/not a valid/);
    expect(() => new RemoteMcpProxy().register('x', { url: 'https://mcp.example.test/' })).toThrow(/Start/);
  });
});

describe('RemoteMcpProxy: the guard on every request', () => {
  it('answers 502 with the reason when the name resolves to a refused address', async () => {
    const internal = await upstream('https', answer('internal'));
    const lookup = scriptedLookup({ 'mcp.example.test': ['10.0.0.1'], 'meta.example.test': ['169.254.169.254'] });
    const front = await proxy({ lookup, dial: dialTable({ '10.0.0.1': internal.port }), ca: TLS_CERT });
    const endpoint = front.register('priv', { url: 'https://mcp.example.test/mcp' });
    const response = await fetch(endpoint.url, { method: 'POST', headers: endpoint.headers, body: '{}' });
    expect(response.status).toBe(502);
    const error = await jsonError(response);
    expect(error.code).toBe(NetworkRefusal.PrivateAddress);
    expect(error.message).toContain('10.0.0.1');
    expect(error.data).toMatchObject({ host: 'mcp.example.test', address: '10.0.0.1', url: 'https://mcp.example.test' });

    const meta = front.register('meta', { url: 'https://meta.example.test/', allowPrivateNetwork: true });
    const metaResponse = await fetch(meta.url, { headers: meta.headers });
    expect((await jsonError(metaResponse)).code).toBe(NetworkRefusal.Metadata);
    expect(internal.received).toEqual([]);
  });

  it('resolves per request and connects only to that answer (DNS rebinding)', async () => {
    const publicSite = await upstream('https', answer('public'));
    const internal = await upstream('https', answer('internal'));
    const lookup = scriptedLookup({ 'mcp.example.test': [[PUBLIC_A], ['127.0.0.1']] });
    const dial = dialTable({ [PUBLIC_A]: publicSite.port, '127.0.0.1': internal.port });
    const front = await proxy({ lookup, dial, ca: TLS_CERT });
    const endpoint = front.register('rebind', { url: 'https://mcp.example.test/mcp' });

    const first = await fetch(endpoint.url, { headers: endpoint.headers });
    expect(await first.text()).toBe('public');
    const second = await fetch(endpoint.url, { headers: endpoint.headers });
    expect(second.status).toBe(502);
    expect((await jsonError(second)).code).toBe(NetworkRefusal.PrivateAddress);
    expect(lookup.calls).toEqual(['mcp.example.test', 'mcp.example.test']);
    expect(dial.dialled).toEqual([PUBLIC_A]);
    expect(internal.received).toEqual([]);
  });

  it('does not reuse a connection to an old answer once the name moved', async () => {
    const siteA = await upstream('https', answer('A'));
    const siteB = await upstream('https', answer('B'));
    const lookup = scriptedLookup({ 'mcp.example.test': [[PUBLIC_A], [PUBLIC_B]] });
    const front = await proxy({ lookup, dial: dialTable({ [PUBLIC_A]: siteA.port, [PUBLIC_B]: siteB.port }), ca: TLS_CERT });
    const endpoint = front.register('moving', { url: 'https://mcp.example.test/mcp' });
    expect(await (await fetch(endpoint.url, { headers: endpoint.headers })).text()).toBe('A');
    expect(await (await fetch(endpoint.url, { headers: endpoint.headers })).text()).toBe('B');
  });

  it('never follows a redirect: 502 naming where it pointed, and the target is not contacted', async () => {
    const elsewhere = await upstream('http', answer('elsewhere'));
    const server = await upstream('http', redirectTo(`${elsewhere.origin}/mcp`, 307));
    const front = await proxy();
    const endpoint = front.register('moved', { url: `${server.origin}/mcp` });
    const response = await fetch(endpoint.url, { method: 'POST', headers: endpoint.headers, body: '{}' });
    expect(response.status).toBe(502);
    const error = await jsonError(response);
    expect(error.code).toBe(NetworkRefusal.RedirectRefused);
    expect(error.data?.location).toBe(`${elsewhere.origin}/mcp`);
    expect(elsewhere.received).toEqual([]);
    // A 304 is not a redirect and passes.
    const notModified = await upstream('http', (_req, res) => res.writeHead(304).end());
    const cached = front.register('cached', { url: notModified.origin });
    expect((await fetch(cached.url, { headers: cached.headers })).status).toBe(304);
  });

  it('answers 502 NETWORK_UNREACHABLE when the checked address does not answer', async () => {
    const lookup = scriptedLookup({ 'mcp.example.test': [PUBLIC_A] });
    const front = await proxy({ lookup, dial: dialTable({}) });
    const endpoint = front.register('down', { url: 'https://mcp.example.test/mcp' });
    const response = await fetch(endpoint.url, { headers: endpoint.headers });
    expect(response.status).toBe(502);
    expect((await jsonError(response)).code).toBe(NetworkRefusal.Unreachable);
  });
});

describe('RemoteMcpProxy: forwarding', () => {
  it('forwards allowlisted headers, the query and the body; drops hop-by-hop headers and cookies', async () => {
    const server = await upstream('http', (req, res, body) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        connection: 'x-private-hop',
        'x-private-hop': 'drop me',
        'set-cookie': 'sid=1',
        'x-pass': 'yes',
        'mcp-session-id': 'session-from-server',
      });
      res.end(JSON.stringify({ body, url: req.url }));
    });
    const front = await proxy();
    const endpoint = front.register('fwd', { url: `${server.origin}/mcp?fixed=1`, headers: { 'x-api-key': 'k' } });
    const response = await fetch(`${endpoint.url}?extra=2`, {
      method: 'POST',
      headers: {
        ...endpoint.headers,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': 'abc',
        'last-event-id': 'ev-7',
        cookie: 'secret=1',
        'x-api-key': 'from-client',
        'x-other': 'nope',
      },
      body: '{"jsonrpc":"2.0"}',
    });
    expect(await response.json()).toEqual({ body: '{"jsonrpc":"2.0"}', url: '/mcp?fixed=1&extra=2' });
    expect(response.headers.get('x-pass')).toBe('yes');
    expect(response.headers.get('mcp-session-id')).toBe('session-from-server');
    expect(response.headers.get('x-private-hop')).toBeNull();
    expect(response.headers.get('set-cookie')).toBeNull();
    const seen = server.received[0]?.headers ?? {};
    expect(seen).toMatchObject({
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': 'abc',
      'last-event-id': 'ev-7',
      'x-api-key': 'k',
    });
    expect(seen.cookie).toBeUndefined();
    expect(seen['x-other']).toBeUndefined();
    expect(seen.authorization).toBeUndefined();
  });

  it('streams an event stream as it is written, without buffering', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await upstream('http', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('data: one\n\n');
      void released.then(() => res.end('data: two\n\n'));
    });
    const front = await proxy();
    const endpoint = front.register('sse', { url: `${server.origin}/mcp` });
    const response = await fetch(endpoint.url, { headers: { ...endpoint.headers, accept: 'text/event-stream' } });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('data: one\n\n');
    release();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
    expect(rest).toBe('data: two\n\n');
  });

  it('closes the upstream request when the client goes away', async () => {
    let upstreamClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => {
      upstreamClosed = resolve;
    });
    const server = await upstream('http', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: hello\n\n');
      res.on('close', () => upstreamClosed());
    });
    const front = await proxy();
    const endpoint = front.register('sse', { url: `${server.origin}/mcp` });
    const controller = new AbortController();
    const response = await fetch(endpoint.url, { headers: endpoint.headers, signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await closed;
  });
});

describe('RemoteMcpProxy: close', () => {
  it('ends open streams, closes every socket, and can be called twice', async () => {
    const server = await upstream('http', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: open\n\n');
    });
    const front = new RemoteMcpProxy();
    await front.start();
    const endpoint = front.register('sse', { url: `${server.origin}/mcp` });
    const origin = front.origin;
    const response = await fetch(endpoint.url, { headers: endpoint.headers });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    expect(await server.connections()).toBe(1);

    await Promise.all([front.close(), front.close()]);
    await front.close();
    await expect(
      (async () => {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
      })(),
    ).rejects.toThrow();
    await expect.poll(() => server.connections()).toBe(0);
    await expect(fetch(`${origin}/mcp/sse/x`, { headers: endpoint.headers })).rejects.toThrow();
    await expect(front.start()).rejects.toThrow(/closed/);
    expect(() => front.register('again', { url: `${server.origin}/mcp` })).toThrow();
  });
});
