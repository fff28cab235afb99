import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchRetryingReset } from '../src/reset-retry-fetch.js';

/** A TCP server that resets the first `resets` connections and answers later ones with the body it got. */
async function resettingServer(resets: number): Promise<{ server: Server; url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket: Socket) => {
    connections += 1;
    const mine = connections;
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (mine <= resets) return socket.resetAndDestroy();
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(received)?.[1] ?? 0);
      const body = received.slice(end + 4);
      if (body.length < length) return;
      socket.end(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/session`, connections: () => connections };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('fetchRetryingReset', () => {
  it('sends a request again, body and all, when its connection was reset before any answer', async () => {
    const { server, url, connections } = await resettingServer(1);
    servers.push(server);
    const response = await fetchRetryingReset(new Request(url, { method: 'POST', body: '{"title":"one"}', headers: { 'content-type': 'application/json' } }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"title":"one"}');
    expect(connections()).toBe(2);
  });

  it('retries once only: a second reset is reported', async () => {
    const { server, url, connections } = await resettingServer(5);
    servers.push(server);
    await expect(fetchRetryingReset(new Request(url, { method: 'POST', body: 'x' }))).rejects.toMatchObject({ cause: { code: 'ECONNRESET' } });
    expect(connections()).toBe(2);
  });

  it('does not retry a refused connection (a server that is gone)', async () => {
    const { server, url } = await resettingServer(0);
    await new Promise((resolve) => server.close(resolve));
    await expect(fetchRetryingReset(new Request(url))).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  });
});
