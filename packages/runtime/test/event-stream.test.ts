import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpencodeClient } from '@opencode-ai/sdk/v2';
import { afterEach, describe, expect, it } from 'vitest';
import { followEventStream } from '../src/index.js';

/** The SDK client the supervisor would build for a runtime at `base`. */
const clientFor = (base: string, headers: Record<string, string> = {}) => createOpencodeClient({ baseUrl: base, headers });

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

/** An SSE server (at /global/event) whose connections the test can feed and drop; it greets each one as OpenCode does. */
async function sseServer(status = 200) {
  const open = new Set<ServerResponse>();
  let connections = 0;
  let authorization: string | undefined;
  const server = createServer((req, res) => {
    connections += 1;
    authorization = req.headers.authorization;
    if (status !== 200) return void res.writeHead(status).end();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"greeting":true}\n\n');
    open.add(res);
    res.on('close', () => open.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    authorization: () => authorization,
    send: (text: string) => { for (const res of open) res.write(text); },
    drop: () => { for (const res of open) res.destroy(); },
    openCount: () => open.size,
  };
}

const until = async (check: () => boolean, what: string) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('followEventStream (over the SDK\'s global.event())', () => {
  it('parses data lines (also split across chunks and multi-line), skipping comments and non-JSON', async () => {
    const server = await sseServer();
    const events: unknown[] = [];
    const stop = new AbortController();
    const done = followEventStream({ client: clientFor(server.base, { authorization: 'Basic x' }), signal: stop.signal, onEvent: (e) => events.push(e) });
    await until(() => server.openCount() === 1, 'a connection');
    expect(server.authorization()).toBe('Basic x');
    server.send(': keep-alive\n\ndata: {"a":1}\n\n');
    server.send('data: {"b":');
    server.send('2}\r\n\r\ndata: {"c":\ndata: 3}\n\n');
    await until(() => events.length === 4, 'three events after the greeting');
    expect(events).toEqual([{ greeting: true }, { a: 1 }, { b: 2 }, { c: 3 }]);
    stop.abort();
    await done;
  });

  it('reconnects with backoff after a drop or an error status, and reports each change', async () => {
    const server = await sseServer();
    const states: Array<{ connected: boolean; attempt: number }> = [];
    const stop = new AbortController();
    const done = followEventStream({
      client: clientFor(server.base),
      signal: stop.signal,
      onEvent: () => undefined,
      onConnection: ({ connected, attempt }) => states.push({ connected, attempt }),
      initialDelayMs: 5,
    });
    await until(() => server.openCount() === 1, 'the first connection');
    server.drop();
    await until(() => server.connections() === 2 && states.length === 3, 'a reconnection');
    expect(states).toEqual([{ connected: true, attempt: 0 }, { connected: false, attempt: 1 }, { connected: true, attempt: 0 }]);
    stop.abort();
    await done;

    const refusing = await sseServer(503);
    const failures: number[] = [];
    const stop2 = new AbortController();
    const done2 = followEventStream({ client: clientFor(refusing.base), signal: stop2.signal, onEvent: () => undefined, onConnection: (s) => void failures.push(s.attempt), initialDelayMs: 5, maxDelayMs: 10 });
    await until(() => failures.length >= 3, 'three failed attempts');
    expect(failures.slice(0, 3)).toEqual([1, 2, 3]);
    stop2.abort();
    await done2;
  });

  it('ends when aborted, even while connected or waiting to retry', async () => {
    const server = await sseServer();
    const stop = new AbortController();
    const done = followEventStream({ client: clientFor(server.base), signal: stop.signal, onEvent: () => undefined });
    await until(() => server.openCount() === 1, 'a connection');
    stop.abort();
    await expect(done).resolves.toBeUndefined();

    const waiting = new AbortController();
    const dead = followEventStream({ client: clientFor('http://127.0.0.1:9'), signal: waiting.signal, onEvent: () => undefined, initialDelayMs: 60_000 });
    await new Promise((r) => setTimeout(r, 50));
    waiting.abort();
    await expect(dead).resolves.toBeUndefined();
  });
});
