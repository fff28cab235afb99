// The host's side of the socket bridge: a loopback TCP port that forwards each connection to
// the unix socket the relay (bin/socket-relay.mjs) serves inside a boundary whose network is
// off. HTTP clients that take only a URL (fetch, the OpenCode SDK) can then reach the server.
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The relay program, run with Node inside the boundary. */
export const SOCKET_RELAY = fileURLToPath(new URL('../bin/socket-relay.mjs', import.meta.url));

/** The port the sandboxed server listens on inside: any fixed one is free in a private network. */
export const BRIDGED_PORT = 4096;

export interface SocketBridge {
  /** e.g. http://127.0.0.1:43121 */
  readonly url: string;
  readonly port: number;
  /** Stops listening and cuts open connections. Idempotent. */
  close(): Promise<void>;
}

export async function openSocketBridge(socketPath: string): Promise<SocketBridge> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(socketPath);
    open.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      })),
  };
}
