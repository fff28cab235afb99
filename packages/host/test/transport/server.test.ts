import { afterEach, describe, expect, it } from 'vitest';
import { isLoopbackHost, type HostServer, type RequestLogEntry } from '../../src/transport/index.js';
import { call, SseReader, startServer, TOKEN, until } from './helpers.js';

let server: HostServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('binding', () => {
  it('listens on 127.0.0.1 and a free port by default', async () => {
    server = await startServer();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('refuses a non-loopback address unless remote access is asked for explicitly', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      await expect(startServer({ host }), host).rejects.toMatchObject({
        code: 'HOST_REMOTE_BIND_REFUSED',
        message: expect.stringContaining('allowRemote'),
      });
    }
    server = await startServer({ host: '0.0.0.0', allowRemote: true });
    expect((await fetch(`http://127.0.0.1:${server.port}/api/health`)).status).toBe(200);
  });

  it('rejects when the port is taken', async () => {
    server = await startServer();
    await expect(startServer({ port: server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('knows the loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.evil.com']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('formats an IPv6 URL with brackets', async () => {
    server = await startServer({ host: '::1' }).catch(() => undefined);
    if (server === undefined) return; // no IPv6 loopback on this machine
    expect(server.url).toBe(`http://[::1]:${server.port}`);
  });
});

describe('request log', () => {
  it('logs method, path, status and duration — never tokens, bodies or query strings', async () => {
    const entries: RequestLogEntry[] = [];
    server = await startServer({ log: (entry) => entries.push(entry) });
    await call(server, 'echo', JSON.stringify({ text: 'body-secret' }));
    await call(server, 'echo', '{}', 'wrong-token-value');
    const stream = await SseReader.open(`${server.url}/api/events?token=${TOKEN}`, {});
    await until(() => server?.clientCount === 1);
    stream.close();
    await until(() => entries.length === 3);

    expect(entries.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'POST', path: '/api/echo', status: 200 },
      { method: 'POST', path: '/api/echo', status: 401 },
      { method: 'GET', path: '/api/events', status: 200 },
    ]);
    for (const entry of entries) {
      expect(Object.keys(entry).sort()).toEqual(expect.arrayContaining(['durationMs', 'method', 'path', 'status']));
      expect(typeof entry.durationMs).toBe('number');
    }
    const text = JSON.stringify(entries);
    for (const secret of [TOKEN, 'body-secret', 'wrong-token-value', 'token=']) expect(text).not.toContain(secret);
  });

  it('can be switched off', async () => {
    const entries: RequestLogEntry[] = [];
    server = await startServer({ log: (entry) => entries.push(entry), requestLog: false });
    await call(server, 'echo', '{"text":"x"}');
    expect(entries).toEqual([]);
  });
});

describe('close', () => {
  it('is idempotent and stops listening', async () => {
    server = await startServer();
    const { url } = server;
    await Promise.all([server.close(), server.close()]);
    await server.close();
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });

  it('lets an in-flight call finish', async () => {
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    server = await startServer({
      methods: {
        wait: {
          validate: () => undefined,
          handle: async () => {
            entered();
            await new Promise<void>((resolve) => (release = resolve));
            return 'done';
          },
        },
      },
    });
    const pending = call(server, 'wait', '{}');
    await inside;
    const closed = server.close();
    release();
    expect((await pending).body).toEqual({ result: 'done' });
    await closed;
  });
});
