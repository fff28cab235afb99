// A throwaway certificate authority and a server certificate for 127.0.0.1 and localhost,
// made with the openssl command line in a temp folder when a test file starts. Tests that
// need them skip (saying why) where openssl is missing.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

/** Why TLS tests cannot run here, or undefined when they can. */
export const OPENSSL_MISSING: string | undefined = probeOpenssl();

export interface TestTls {
  /** PEM of the test CA: pass as the guarded fetch's `ca`. */
  readonly ca: string;
  /** PEM server certificate (127.0.0.1, localhost) and its key. */
  readonly cert: string;
  readonly key: string;
  dispose(): Promise<void>;
}

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
    return { ca, cert, key, dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface LocalHttps {
  readonly origin: string;
  readonly port: number;
  readonly requests: SeenRequest[];
  /** Replaces the handler. */
  handle(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): void;
  close(): Promise<void>;
}

/** An https server on 127.0.0.1 with the test certificate; records every request. */
export async function startLocalHttps(tls: Pick<TestTls, 'cert' | 'key'>): Promise<LocalHttps> {
  const requests: SeenRequest[] = [];
  let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_req, res) => {
    res.writeHead(404).end();
  };
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    requests,
    handle(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
