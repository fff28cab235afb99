// Shared pieces for the network guard tests. Everything listens on 127.0.0.1; names are
// answered by scripted lookups, never by a real resolver.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Dial, LookupAddress, LookupAll } from '../../src/network/index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Self-signed certificate for mcp.example.test and redirect.example.test. */
export const TLS_CERT = fixture('tls-cert.pem');
export const TLS_KEY = fixture('tls-key.pem');

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface TestServer {
  readonly port: number;
  /** http(s)://127.0.0.1:<port> */
  readonly origin: string;
  readonly received: Received[];
  /** Open sockets right now. */
  connections(): Promise<number>;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function listen(server: Server, scheme: string, received: Received[]): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `${scheme}://127.0.0.1:${port}`,
    received,
    connections: () => new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function recording(handler: Handler, received: Received[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body });
      handler(req, res, body);
    });
  };
}

export function startHttp(handler: Handler): Promise<TestServer> {
  const received: Received[] = [];
  return listen(createHttpServer(recording(handler, received)), 'http', received);
}

export function startHttps(handler: Handler): Promise<TestServer> {
  const received: Received[] = [];
  return listen(createHttpsServer({ cert: TLS_CERT, key: TLS_KEY }, recording(handler, received)), 'https', received);
}

/** Answers 200 with a fixed text naming the server, so a test sees who answered. */
export const answer =
  (name: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(name);
  };

export const redirectTo =
  (location: string, status = 302): Handler =>
  (_req, res) => {
    res.writeHead(status, { location });
    res.end();
  };

export interface ScriptedLookup extends LookupAll {
  /** Names asked, in order. */
  readonly calls: string[];
}

/**
 * A resolver from a table. A list of strings is the answer every time; a list of lists is
 * one answer per call (the last repeats), which is how DNS rebinding is scripted. Unknown
 * names fail with ENOTFOUND, as a real resolver would.
 */
export function scriptedLookup(table: Readonly<Record<string, readonly string[] | readonly (readonly string[])[]>>): ScriptedLookup {
  const calls: string[] = [];
  const counts = new Map<string, number>();
  const lookup = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const entry = table[hostname];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const n = counts.get(hostname) ?? 0;
    counts.set(hostname, n + 1);
    const perCall = Array.isArray(entry[0]);
    const addresses = (perCall ? ((entry as readonly (readonly string[])[])[Math.min(n, entry.length - 1)] ?? []) : entry) as readonly string[];
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

/** Dials checked addresses to local test servers: address → port on 127.0.0.1. Unmapped addresses fail. */
export function dialTable(table: Readonly<Record<string, number>>): Dial & { readonly dialled: string[] } {
  const dialled: string[] = [];
  const dial: Dial = (target) => {
    dialled.push(target.address);
    const port = table[target.address];
    // An unmapped address goes to port 9 (discard) on loopback, which refuses the connection.
    return { host: '127.0.0.1', port: port ?? 9 };
  };
  return Object.assign(dial, { dialled });
}

/** Public documentation addresses the tests use as "the internet". */
export const PUBLIC_A = '203.0.113.10';
export const PUBLIC_B = '203.0.113.11';
