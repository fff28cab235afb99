// A local receiver of signed deliveries: verifies each one's direction-bound signature and
// timestamp, and keeps the first of every delivery id (later copies count as duplicates).
// Used by `smoke`, the tests and the benchmark; it is also a reference for channel bridges.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { HEADER_DELIVERY_ID, HEADER_DELIVERY_SIGNATURE, HEADER_DELIVERY_TIMESTAMP, MAX_SKEW_SECONDS, signDelivery } from './signing.js';

export interface Delivery {
  readonly deliveryId: string;
  readonly chatId: string;
  readonly threadId: string | null;
  readonly text: string;
  readonly chunk: number;
  readonly chunks: number;
  readonly inReplyTo: string;
  /** Absent for replies; approval, pairing or notice otherwise. */
  readonly kind?: 'approval' | 'pairing' | 'notice';
  readonly approvalId?: string;
  readonly actions?: readonly { readonly id: string; readonly label: string }[];
}

export interface DeliveryPeer {
  readonly url: string;
  /** First copy of every delivery, by arrival. */
  readonly deliveries: readonly Delivery[];
  /** POSTs whose signature or timestamp did not verify. */
  readonly rejected: number;
  /** Verified POSTs of a delivery id already received. */
  readonly duplicates: number;
  /** Answer the next `count` verified POSTs with `status` (e.g. 503) instead of 204. */
  failNext(count: number, status: number): void;
  /** Resolves once every chunk of the reply (not approvals or notices) to `inReplyTo` has arrived. */
  waitForReply(inReplyTo: string, timeoutMs: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

export async function startDeliveryPeer(secret: string, options: { readonly port?: number } = {}): Promise<DeliveryPeer> {
  const deliveries: Delivery[] = [];
  const seen = new Set<string>();
  const waiters = new Set<() => void>();
  let rejected = 0;
  let duplicates = 0;
  let failing = { count: 0, status: 503 };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const timestamp = String(req.headers[HEADER_DELIVERY_TIMESTAMP] ?? '');
      const signature = Buffer.from(String(req.headers[HEADER_DELIVERY_SIGNATURE] ?? ''));
      const expected = Buffer.from(signDelivery(secret, timestamp, body));
      const fresh = /^\d+$/.test(timestamp) && Math.abs(Date.now() / 1000 - Number(timestamp)) <= MAX_SKEW_SECONDS;
      if (!fresh || signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
        rejected += 1;
        res.writeHead(401).end();
        return;
      }
      if (failing.count > 0) {
        failing.count -= 1;
        res.writeHead(failing.status).end();
        return;
      }
      const delivery = JSON.parse(body.toString('utf8')) as Delivery;
      if (delivery.deliveryId !== req.headers[HEADER_DELIVERY_ID]) {
        rejected += 1;
        res.writeHead(400).end();
        return;
      }
      if (seen.has(delivery.deliveryId)) duplicates += 1;
      else {
        seen.add(delivery.deliveryId);
        deliveries.push(delivery);
        for (const wake of [...waiters]) wake();
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/deliveries`,
    get deliveries() {
      return deliveries;
    },
    get rejected() {
      return rejected;
    },
    get duplicates() {
      return duplicates;
    },
    failNext(count, status) {
      failing = { count, status };
    },
    waitForReply(inReplyTo, timeoutMs) {
      const complete = (): Delivery[] | undefined => {
        const parts = deliveries.filter((d) => d.inReplyTo === inReplyTo && d.kind === undefined);
        return parts.length > 0 && parts.length === parts[0]!.chunks ? parts.sort((a, b) => a.chunk - b.chunk) : undefined;
      };
      return new Promise((resolve, reject) => {
        const done = complete();
        if (done) return resolve(done);
        const check = (): void => {
          const parts = complete();
          if (!parts) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(parts);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No complete reply to ${inReplyTo} within ${timeoutMs} ms.`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
