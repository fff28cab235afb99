// Local HTTPS feed servers for the update tests (the test kit's CA and recording server;
// skipped, with the reason, where openssl is missing), feed files and small fakes.
import type { UpdateStatus } from '@open-cowork/contracts';
import type { HostEventName } from '@open-cowork/contracts';
import { makeTestTls, OPENSSL_MISSING, startLocalHttps, type HttpsHandler, type LocalHttps, type TestTls } from '@open-cowork/testing';
import type { HostEventSink } from '../../src/event-bus.js';
import type { GoogleTokenSource } from '../../src/identity/index.js';
import { Logger, type LogRecord } from '../../src/log/index.js';
import type { DriverCheck, ResolvedFeed, UpdateDriver } from '../../src/updates/index.js';

/** The test TLS material, or undefined where openssl is missing (see {@link TLS_MISSING}). */
export const TLS: TestTls | undefined = OPENSSL_MISSING === undefined ? await makeTestTls() : undefined;
/** Why the HTTPS tests are skipped, when they are. */
export const TLS_MISSING: string = OPENSSL_MISSING ?? '';

export type Route = HttpsHandler;
export type { TestTls };

/** A recording HTTPS server for feeds: unknown paths answer 404. */
export type FeedServer = LocalHttps;
export const startFeedServer = (tls: TestTls): Promise<FeedServer> => startLocalHttps(tls);

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
