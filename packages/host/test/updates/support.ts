// Local HTTPS feed servers for the update tests: a throwaway CA and a certificate for
// 127.0.0.1/localhost made with the openssl CLI at test time (skipped, with the reason, where
// openssl is missing), servers that record every request, and small fakes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { UpdateStatus } from '@open-cowork/contracts';
import type { HostEventName } from '@open-cowork/contracts';
import type { HostEventSink } from '../../src/handlers.js';
import type { GoogleTokenSource } from '../../src/identity/index.js';
import { Logger, type LogRecord } from '../../src/log/index.js';
import type { DriverCheck, ResolvedFeed, UpdateDriver } from '../../src/updates/index.js';

export interface TestTls {
  /** The CA to trust (PEM). */
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A CA and a server certificate it signed for 127.0.0.1 and localhost, or why there is none. */
function makeTls(): TestTls | { readonly missing: string } {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
  } catch {
    return { missing: 'the openssl command is not installed, so no test certificate can be made' };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-updates-tls-'));
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Open Cowork update tests CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
    openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
    writeFileSync(
      path.join(dir, 'server.ext'),
      'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n',
    );
    openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'], dir);
    const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    return { ca: read('ca.pem'), cert: read('server.pem'), key: read('server.key') };
  } catch (error) {
    return { missing: `openssl could not make a test certificate: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const made = makeTls();
/** The test TLS material, or undefined (see {@link TLS_MISSING}). */
export const TLS: TestTls | undefined = 'missing' in made ? undefined : made;
/** Why the HTTPS tests are skipped, when they are. */
export const TLS_MISSING: string = 'missing' in made ? made.missing : '';

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface FeedServer {
  /** https://127.0.0.1:<port> */
  readonly origin: string;
  readonly received: Received[];
  /** Replaces the answer for one path (query ignored). Unknown paths answer 404. */
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

export async function startFeedServer(tls: TestTls): Promise<FeedServer> {
  const received: Received[] = [];
  const routes = new Map<string, Route>();
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body });
      const route = routes.get(new URL(req.url ?? '/', 'https://x').pathname);
      if (route === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not here');
      } else route(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    received,
    route: (where, route) => void routes.set(where, route),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const text =
  (body: string, status = 200, type = 'text/yaml'): Route =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };

export const json = (value: unknown, status = 200): Route => text(JSON.stringify(value), status, 'application/json');

/** latest-mac.yml as electron-builder writes it. */
export function latestMac(version: string, options: { readonly releaseDate?: string; readonly name?: string } = {}): string {
  const name = options.name ?? 'Open Cowork';
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${name.replace(/ /g, '-')}-${version}-arm64-mac.zip`,
    '    sha512: 3Zr0cmV5b3VyZmVlZGhhc2g0NTY3ODkwYWJjZGVm+/A==',
    '    size: 104857600',
    `  - url: ${name.replace(/ /g, '-')}-${version}-arm64.dmg`,
    '    sha512: ZG1naGFzaDEyMzQ1Njc4OTBhYmNkZWZnaGlqa2xt+/B==',
    '    size: 109051904',
    `path: ${name.replace(/ /g, '-')}-${version}-arm64-mac.zip`,
    'sha512: 3Zr0cmV5b3VyZmVlZGhhc2g0NTY3ODkwYWJjZGVm+/A==',
    `releaseDate: '${options.releaseDate ?? '2025-03-04T05:06:07.890Z'}'`,
    '',
  ].join('\n');
}

export function testLogger(into: LogRecord[] = []): Logger {
  return new Logger({ runId: 'updates-test', sink: (record) => into.push(record), level: 'debug' });
}

/** Every updates.changed payload, in order. */
export class RecordingEvents implements HostEventSink {
  readonly statuses: UpdateStatus[] = [];
  publish<E extends HostEventName>(type: E, payload: unknown): void {
    if (type === 'updates.changed') this.statuses.push(payload as UpdateStatus);
  }
}

/** A Google sign-in with fixed scopes (none signed in when token is undefined). */
export class FakeTokens implements GoogleTokenSource {
  readonly asked: (string[] | undefined)[] = [];
  constructor(
    private readonly token: string | undefined,
    private readonly scopes: readonly string[] = [],
  ) {}
  async accessToken(requiredScopes?: string[]): Promise<string | undefined> {
    this.asked.push(requiredScopes);
    if (this.token === undefined) return undefined;
    return (requiredScopes ?? []).every((scope) => this.scopes.includes(scope)) ? this.token : undefined;
  }
}

/** An updater that records what it was pointed at. */
export class FakeDriver implements UpdateDriver {
  readonly feeds: ResolvedFeed[] = [];
  installs = 0;
  downloads = 0;
  found: DriverCheck = { available: true, version: '9.9.9' };
  failDownload: Error | undefined;
  #release: (() => void) | undefined;
  /** Downloads wait for `finishDownload()` while this is set. */
  hold = false;

  async check(feed: ResolvedFeed): Promise<DriverCheck> {
    this.feeds.push(feed);
    return this.found;
  }

  async download(onProgress?: (percent: number) => void): Promise<void> {
    this.downloads += 1;
    onProgress?.(12.5);
    onProgress?.(57.9);
    if (this.hold) await new Promise<void>((resolve) => (this.#release = resolve));
    if (this.failDownload) throw this.failDownload;
    onProgress?.(100);
  }

  finishDownload(): void {
    this.#release?.();
  }

  async install(): Promise<void> {
    this.installs += 1;
  }
}

/** Resolves once `predicate` holds for the events seen so far. */
export async function until(events: RecordingEvents, predicate: (status: UpdateStatus) => boolean, timeoutMs = 5_000): Promise<UpdateStatus> {
  const started = Date.now();
  for (;;) {
    const found = events.statuses.find(predicate);
    if (found) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`no matching updates.changed in ${timeoutMs} ms: ${JSON.stringify(events.statuses.map((s) => s.state))}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
