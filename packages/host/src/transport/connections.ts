import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Counts in-flight requests per socket so shutdown can drop every connection that is not
 * serving one. `server.closeIdleConnections()` alone misses sockets that were opened but
 * never sent a request (fetch opens such spare connections), which would hold `close()`
 * open until the keep-alive timeout.
 */
export function trackConnections(server: Server): { readonly shutdown: () => void } {
  const active = new Map<Socket, number>();
  let closing = false;

  server.on('connection', (socket: Socket) => {
    active.set(socket, 0);
    socket.once('close', () => active.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    active.set(socket, (active.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (active.get(socket) ?? 1) - 1;
      active.set(socket, left);
      if (closing && left === 0) socket.end();
    });
  });

  return {
    shutdown: () => {
      closing = true;
      for (const [socket, requests] of active) if (requests === 0) socket.end();
    },
  };
}
