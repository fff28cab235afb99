// HTTPS for tests: a throwaway certificate authority and a server certificate for 127.0.0.1
// and localhost, made with the openssl command line when asked, and a local HTTPS server that
// records every request. Tests that need them skip (saying why) where openssl is missing.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function probeOpenssl(): string | undefined {
  try {
    const probe = spawnSync('openssl', ['version'], { encoding: 'utf8', timeout: 10_000 });
    if (probe.error !== undefined) return `the openssl command is not available (${probe.error.message})`;
    if (probe.status !== 0) return `"openssl version" exited with ${probe.status}`;
    return undefined;
  } catch (error) {
    return `the openssl command is not available (${(error as Error).message})`;
  }
}

/** Why HTTPS tests cannot run here, or undefined when they can. */
export const OPENSSL_MISSING: string | undefined = probeOpenssl();

export interface TestTls {
  /** PEM of the test CA: pass it as the guarded fetch's `ca`. */
  readonly ca: string;
  /** PEM server certificate for 127.0.0.1 and localhost, and its key. */
  readonly cert: string;
  readonly key: string;
}

/** A fresh CA and a server certificate it signed (valid for two days); the files are removed at once. */
export async function makeTestTls(): Promise<TestTls> {
  const dir = await mkdtemp(path.join(tmpdir(), 'oc-test-tls-'));
  const file = (name: string) => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await run('openssl', [
      'req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2',
      '-subj', '/CN=Open Cowork test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await run('openssl', ['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost']);
    await writeFile(
      file('server.ext'),
      ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1,DNS:localhost', ''].join('\n'),
    );
    await run('openssl', [
      'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
      '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext'),
    ]);
    const [ca, cert, key] = await Promise.all([readFile(file('ca.pem'), 'utf8'), readFile(file('server.pem'), 'utf8'), readFile(file('server.key'), 'utf8')]);
    return { ca, cert, key };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type HttpsHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface LocalHttps {
  /** https://127.0.0.1:<port> */
  readonly origin: string;
  readonly port: number;
  /** Every request, in order (clear it with `requests.length = 0`). */
  readonly requests: SeenRequest[];
  /** Answers requests for one path (query ignored) with `handler`. */
  route(pathname: string, handler: HttpsHandler): void;
  /** Answers every request no route takes (default: 404). */
  handle(handler: HttpsHandler): void;
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 with the test certificate; records every request. */
export async function startLocalHttps(tls: Pick<TestTls, 'cert' | 'key'>): Promise<LocalHttps> {
  const requests: SeenRequest[] = [];
  const routes = new Map<string, HttpsHandler>();
  let fallback: HttpsHandler = (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not here');
  };
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body });
      (routes.get(new URL(req.url ?? '/', 'https://127.0.0.1').pathname) ?? fallback)(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    requests,
    route: (pathname, handler) => void routes.set(pathname, handler),
    handle(handler) {
      fallback = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
