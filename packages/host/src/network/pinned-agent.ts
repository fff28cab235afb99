// An undici dispatcher that can only connect to addresses that were already checked.
//
// The connection is opened to the checked IP itself (no second DNS lookup can happen),
// and TLS is negotiated with the URL's host name as SNI and as the name the certificate is
// verified against, so pinning changes where the socket goes, never what is trusted.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { Agent, type buildConnector } from 'undici';
import type { CheckedTarget } from './resolve.js';
import type { IpFamily } from './ip.js';

/** Where a checked address is dialled. */
export interface DialTarget {
  /** The URL's host (a name, or an address without brackets). */
  readonly host: string;
  readonly address: string;
  readonly family: IpFamily;
  readonly port: number;
}

/**
 * Test seam: maps a checked address to the IP and port actually dialled (tests map the
 * documentation address 203.0.113.10:443 to a loopback server). It only ever sees
 * addresses that passed the check, and must answer an IP address (never a name).
 * Production code leaves it unset: the checked address and the URL's port are dialled.
 */
export type Dial = (target: DialTarget) => { readonly host: string; readonly port: number };

export interface PinnedAgentOptions {
  readonly dial?: Dial;
  /** Extra trusted CA certificates (PEM), e.g. a company CA, or a test's self-signed one. */
  readonly ca?: ConnectionOptions['ca'];
  /** Per address attempt. Default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /** Between request end and response headers. Default 300 000 ms (undici's default). */
  readonly headersTimeoutMs?: number;
  /** Between body chunks; 0 disables it (event streams may idle). Default 0. */
  readonly bodyTimeoutMs?: number;
}

function tcpConnect(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`Connecting to ${host}:${port} timed out after ${timeoutMs} ms.`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function tlsUpgrade(socket: Socket, host: string, ca: ConnectionOptions['ca'], timeoutMs: number): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({
      socket,
      // Verify the certificate against the URL's host. SNI only takes names, so an IP literal
      // is checked through `host` alone (certificate IP SANs).
      host,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ALPNProtocols: ['http/1.1'],
      ...(ca === undefined ? {} : { ca }),
    });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(new Error(`TLS handshake with ${host} timed out after ${timeoutMs} ms.`));
    }, timeoutMs);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      resolve(secure);
    });
    secure.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}

/** Opens a socket to the first reachable checked address, in resolver order. */
export async function connectPinned(target: CheckedTarget, options: PinnedAgentOptions = {}): Promise<Socket> {
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  let lastError: unknown = new Error(`No address to connect to for ${target.host}.`);
  for (const checked of target.addresses) {
    const to = options.dial?.({ host: target.host, address: checked.address, family: checked.family, port: target.port }) ?? {
      host: checked.address,
      port: target.port,
    };
    if (isIP(to.host) === 0) throw new Error(`dial must answer an IP address, not "${to.host}".`);
    try {
      const socket = await tcpConnect(to.host, to.port, timeoutMs);
      if (target.url.protocol !== 'https:') return socket;
      return await tlsUpgrade(socket, target.host, options.ca, timeoutMs);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * An Agent bound to one checked target: every connection goes to one of its addresses, and
 * a request for any other origin fails instead of connecting somewhere unchecked.
 */
export function createPinnedAgent(target: CheckedTarget, options: PinnedAgentOptions = {}): Agent {
  const expectedPort = String(target.port);
  const connector: buildConnector.connector = (request, callback) => {
    const port = request.port === '' ? (request.protocol === 'https:' ? '443' : '80') : request.port;
    const hostname = request.hostname.toLowerCase().replace(/\.$/, '');
    if (hostname !== target.host || port !== expectedPort || request.protocol !== target.url.protocol) {
      callback(new Error(`This connection is pinned to ${target.url.origin}; refusing ${request.protocol}//${request.hostname}:${port}.`), null);
      return;
    }
    connectPinned(target, options).then(
      (socket) => callback(null, socket),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
  return new Agent({
    connect: connector,
    headersTimeout: options.headersTimeoutMs ?? 300_000,
    bodyTimeout: options.bodyTimeoutMs ?? 0,
  });
}
