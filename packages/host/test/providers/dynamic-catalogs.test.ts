// Dynamic model catalogs against a local https server with a test CA: fetch and mapping, the
// sha256 pin, a timeout, malformed bodies, plain http refused, the disk cache within its TTL
// and after a failure, and the static models as the last fallback.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DynamicCatalog, OpenCoworkConfig } from '@open-cowork/config';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CatalogProblem, DynamicCatalogs, fetchCatalog, catalogSpec, type CatalogSnapshot } from '../../src/providers/catalogs/index.js';
import { ManualClock } from '../../src/ports/index.js';
import { tempDir, testLogger } from '../support/catalog-runtime.js';
import { makeTestTls, OPENSSL_MISSING, startLocalHttps, type LocalHttps, type TestTls } from '@open-cowork/testing';

const FEATURED = [
  { id: 'acme/large', name: 'Acme Large (featured)', limit: { context: 200_000 } },
  { id: 'acme/small', name: 'Acme Small (featured)' },
];

const BODY = JSON.stringify({
  result: {
    items: [
      { slug: 'acme/large', title: 'Acme Large', blurb: 'The big one.', window: 100_000 },
      { slug: 'acme/vision', title: 'Acme Vision', blurb: 'Sees   things.\nWell.', window: '32768' },
      { slug: 'acme/vision', title: 'Acme Vision again' },
      { title: 'no id' },
      'not a record',
      { slug: 'acme/bare' },
    ],
  },
});
const FIELDS = { responsePath: 'result.items', idField: 'slug', nameField: 'title', descriptionField: 'blurb', contextLengthField: 'window' } as const;

function configWith(block: Omit<DynamicCatalog, 'url'> & { url?: string }, url: string): Pick<OpenCoworkConfig, 'providers'> {
  return {
    providers: {
      available: ['acme'],
      defaultProvider: 'acme',
      descriptors: { acme: { name: 'Acme', models: FEATURED, dynamicCatalog: { url, ...block } } },
    },
  } as unknown as Pick<OpenCoworkConfig, 'providers'>;
}

describe.skipIf(OPENSSL_MISSING !== undefined)(`dynamic model catalogs over https${OPENSSL_MISSING ? ` (skipped: ${OPENSSL_MISSING})` : ''}`, () => {
  let tls: TestTls;
  let server: LocalHttps;
  const clock = new ManualClock(Date.UTC(2026, 10, 21, 9, 0, 0));

  beforeAll(async () => {
    tls = await makeTestTls();
    server = await startLocalHttps(tls);
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    server.requests.splice(0);
    serve(200, BODY);
  });

  function serve(status: number, body: string, type = 'application/json'): void {
    server.handle((_req, res) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
  }

  async function catalogs(block: Omit<DynamicCatalog, 'url'> & { url?: string } = FIELDS, options: { dir?: string; timeoutMs?: number } = {}) {
    const dir = options.dir ?? (await tempDir('oc-catalogs-'));
    const { logger, records } = testLogger();
    const service = new DynamicCatalogs({
      config: configWith(block, block.url ?? `${server.origin}/v1/models?key=PATH-SECRET`),
      dir,
      logger,
      clock,
      network: { ca: tls.ca },
      timeoutMs: options.timeoutMs ?? 5_000,
    });
    return { service, dir, records };
  }

  it('fetches over https, maps records through responsePath and the field names, and caches the list privately', async () => {
    serve(200, BODY);
    const { service, dir, records } = await catalogs({ ...FIELDS, authHeader: 'Bearer catalog-token-123' });
    const snapshot = (await service.load('acme'))!;
    expect(snapshot).toMatchObject({ providerId: 'acme', source: 'network', stale: false, fetchedAt: clock.now() });
    expect(snapshot.problem).toBeUndefined();
    expect(snapshot.models).toEqual([
      { id: 'acme/large', name: 'Acme Large', description: 'The big one.', contextLength: 100_000 },
      { id: 'acme/vision', name: 'Acme Vision', description: 'Sees things. Well.', contextLength: 32_768 },
      { id: 'acme/bare' },
    ]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['authorization']).toBe('Bearer catalog-token-123');
    expect(server.requests[0]!.headers['accept']).toBe('application/json');

    const file = path.join(dir, 'acme.json');
    const cached = JSON.parse(await readFile(file, 'utf8')) as { models: unknown[]; sha256: string };
    expect(cached.models).toHaveLength(3);
    expect(cached.sha256).toBe(createHash('sha256').update(BODY).digest('hex'));
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    // Neither the auth header nor the URL's path and query reach the log or the cache.
    const logged = JSON.stringify(records);
    expect(logged).toContain('model catalog fetched');
    for (const secret of ['catalog-token-123', 'PATH-SECRET']) {
      expect(logged).not.toContain(secret);
      expect(await readFile(file, 'utf8')).not.toContain(secret);
    }
  });

  it('accepts a body whose sha256 matches, and refuses a tampered one (falls back, says why)', async () => {
    const pinned = createHash('sha256').update(BODY).digest('hex');
    serve(200, BODY);
    const good = await catalogs({ ...FIELDS, sha256: pinned.toUpperCase() });
    expect((await good.service.load('acme'))!.source).toBe('network');

    const tampered = BODY.replace('Acme Vision', 'Evil Vision');
    serve(200, tampered);
    const bad = await catalogs({ ...FIELDS, sha256: pinned });
    const snapshot = (await bad.service.load('acme'))!;
    expect(snapshot.source).toBe('static');
    expect(snapshot.models.map((m) => m.id)).toEqual(['acme/large', 'acme/small']);
    expect(snapshot.problem).toMatchObject({ code: CatalogProblem.HashMismatch });
    expect(snapshot.problem!.message).toMatch(/does not match its configured sha256.*not used/);
    expect(JSON.stringify(snapshot)).not.toContain('Evil');
    expect(bad.records.some((r) => r.level === 'warn' && r.message.includes('sha256'))).toBe(true);

    // With a good copy on disk, the tampered answer leaves the copy in place.
    clock.advance(61 * 60_000);
    const again = await catalogs({ ...FIELDS, sha256: pinned }, { dir: good.dir });
    const fallback = (await again.service.load('acme'))!;
    expect(fallback).toMatchObject({ source: 'cache', stale: true, problem: { code: CatalogProblem.HashMismatch } });
    expect(fallback.models.map((m) => m.name)).toContain('Acme Vision');
  });

  it('gives up after the timeout when the server stalls, and falls back', async () => {
    server.handle((_req, res) => {
      // Headers, then a body that never finishes.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"result": {"items": [');
    });
    const { service } = await catalogs(FIELDS, { timeoutMs: 300 });
    const snapshot = (await service.load('acme'))!;
    expect(snapshot.source).toBe('static');
    expect(snapshot.problem).toMatchObject({ code: CatalogProblem.Timeout });
    expect(snapshot.problem!.message).toContain('within 300 ms');

    server.handle(() => undefined); // no headers at all
    const silent = await catalogs(FIELDS, { timeoutMs: 300 });
    expect((await silent.service.load('acme'))!.problem?.code).toBe(CatalogProblem.Timeout);
  });

  it('calls a malformed payload malformed: not JSON, no array at the path, no usable record', async () => {
    const cases: Array<[string, RegExp]> = [
      ['<html>oops</html>', /not JSON/],
      [JSON.stringify({ result: { items: { slug: 'x' } } }), /"result\.items" in the catalog response is not an array/],
      [JSON.stringify({ data: [] }), /is missing/],
      [JSON.stringify({ result: { items: [{ title: 'no id' }, 42, { slug: '' }] } }), /none of its 3 records has a usable "slug"/],
      [JSON.stringify({ result: { items: [] } }), /the list is empty/],
    ];
    for (const [body, message] of cases) {
      serve(200, body);
      const { service } = await catalogs();
      const snapshot = (await service.load('acme'))!;
      expect(snapshot.problem?.code, body).toBe(CatalogProblem.Malformed);
      expect(snapshot.problem?.message, body).toMatch(message);
      expect(snapshot.source).toBe('static');
    }
    serve(503, 'busy');
    expect((await (await catalogs()).service.load('acme'))!.problem).toMatchObject({ code: CatalogProblem.HttpStatus, message: expect.stringContaining('HTTP 503') });
  });

  it('refuses plain http before any request, with a clear reason', async () => {
    const { service } = await catalogs({ ...FIELDS, url: `http://127.0.0.1:${server.port}/models` });
    const snapshot = (await service.load('acme'))!;
    expect(snapshot.problem).toMatchObject({ code: CatalogProblem.InsecureUrl });
    expect(snapshot.problem!.message).toMatch(/must use https:\/\//);
    expect(snapshot.source).toBe('static');
    expect(server.requests).toHaveLength(0);
    // The same for a direct fetch.
    await expect(fetchCatalog(catalogSpec('acme', { url: 'http://example.test/models' }))).rejects.toMatchObject({ code: CatalogProblem.InsecureUrl });
  });

  it('refuses to send an empty Authorization (its placeholder is unset)', async () => {
    const { service } = await catalogs({ ...FIELDS, authHeader: '' });
    expect((await service.load('acme'))!.problem).toMatchObject({ code: CatalogProblem.MissingAuth, message: expect.stringContaining('authHeader is empty') });
    expect(server.requests).toHaveLength(0);
  });

  it('uses the disk cache within its TTL without a request, refetches after it, and keeps the cache when that fails', async () => {
    serve(200, BODY);
    const first = await catalogs({ ...FIELDS, cacheTtlMinutes: 30 });
    await first.service.load('acme');
    expect(server.requests).toHaveLength(1);

    // A new host run: the copy on disk answers while it is fresh.
    clock.advance(29 * 60_000);
    const second = await catalogs({ ...FIELDS, cacheTtlMinutes: 30 }, { dir: first.dir });
    expect(await second.service.current('acme')).toMatchObject({ source: 'cache', stale: false });
    expect(await second.service.load('acme')).toMatchObject({ source: 'cache', stale: false });
    expect(server.requests).toHaveLength(1);

    // Past the TTL it fetches again; a failure keeps the cached list, marked stale.
    clock.advance(2 * 60_000);
    serve(500, 'down');
    const stale = (await second.service.load('acme'))!;
    expect(server.requests).toHaveLength(2);
    expect(stale).toMatchObject({ source: 'cache', stale: true, problem: { code: CatalogProblem.HttpStatus } });
    expect(stale.models).toHaveLength(3);

    // The server is back: a forced refresh replaces the list.
    serve(200, JSON.stringify({ result: { items: [{ slug: 'acme/new', title: 'Acme New' }] } }));
    const fresh = (await second.service.load('acme', { force: true }))!;
    expect(fresh).toMatchObject({ source: 'network', stale: false });
    expect(fresh.problem).toBeUndefined();
    expect(fresh.models).toEqual([{ id: 'acme/new', name: 'Acme New' }]);

    // A copy made for another URL or other field names does not count.
    const moved = await catalogs({ ...FIELDS, cacheTtlMinutes: 30, url: `${server.origin}/other` }, { dir: first.dir });
    expect((await moved.service.current('acme'))!.source).toBe('static');
  });

  it('falls back to the static models when nothing answers and nothing is cached', async () => {
    const closed = await startLocalHttps(tls);
    const url = `${closed.origin}/models`;
    await closed.close();
    const { service } = await catalogs({ ...FIELDS, url });
    const snapshot = (await service.load('acme'))!;
    expect(snapshot).toMatchObject({ source: 'static', stale: true, problem: { code: CatalogProblem.Unreachable } });
    expect(snapshot.models).toEqual([
      { id: 'acme/large', name: 'Acme Large (featured)', contextLength: 200_000 },
      { id: 'acme/small', name: 'Acme Small (featured)' },
    ]);
  });

  it('does not trust a certificate outside the configured CAs', async () => {
    serve(200, BODY);
    const dir = await tempDir('oc-catalogs-');
    const service = new DynamicCatalogs({ config: configWith(FIELDS, `${server.origin}/m`), dir, logger: testLogger().logger, clock });
    expect((await service.load('acme'))!.problem?.code).toBe(CatalogProblem.Unreachable);
    expect(server.requests).toHaveLength(0);
  });

  it('shares one request between concurrent loads, refreshes in the background only when due, and stops on dispose', async () => {
    serve(200, BODY);
    const { service } = await catalogs();
    const [a, b] = await Promise.all([service.load('acme', { force: true }), service.load('acme', { force: true })]);
    expect(a).toEqual(b);
    expect(server.requests).toHaveLength(1);

    service.refreshInBackground('acme'); // fresh: nothing to do
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(1);

    clock.advance(2 * 60 * 60_000);
    service.refreshInBackground('acme');
    await waitFor(async () => server.requests.length === 2);
    await waitFor(async () => (await service.current('acme'))!.stale === false);

    service.dispose();
    clock.advance(2 * 60 * 60_000);
    const after: CatalogSnapshot = (await service.load('acme'))!;
    expect(after.source).toBe('network');
    expect(server.requests).toHaveLength(2);
    expect(await service.load('nobody')).toBeUndefined();
  });

  it('rejects a body over the size limit', async () => {
    serve(200, JSON.stringify({ result: { items: Array.from({ length: 2000 }, (_, i) => ({ slug: `m${i}`, title: 'x'.repeat(100) })) } }));
    const dir = await tempDir('oc-catalogs-');
    const service = new DynamicCatalogs({ config: configWith(FIELDS, `${server.origin}/m`), dir, logger: testLogger().logger, clock, network: { ca: tls.ca }, maxBytes: 64 * 1024 });
    expect((await service.load('acme'))!.problem?.code).toBe(CatalogProblem.TooLarge);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
