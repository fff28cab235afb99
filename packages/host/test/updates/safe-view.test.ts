// What the renderer gets of updates: every updates.* result and updates.changed payload, for
// feeds that carry a token, private headers, a bucket path and a broker's signed URL. None of
// those may appear, and every status must match the contract's closed schema.
import { payloadSchemaOf, resultSchemaOf, type UpdateStatus } from '@open-cowork/contracts';
import type { OpenCoworkConfig } from '@open-cowork/config';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/log/index.js';
import { GCS_READ_SCOPE, GITHUB_TOKEN_POINTER, UpdateService, updateHandlers } from '../../src/updates/index.js';
import { FakeDriver, FakeTokens, json, latestMac, RecordingEvents, startFeedServer, testLogger, text, TLS, TLS_MISSING, until, type FeedServer, type TestTls } from './support.js';

const ajv = new Ajv2020.default({ strict: true, allErrors: true });
const validResult = ajv.compile(resultSchemaOf('updates.status'));
const validPayload = ajv.compile(payloadSchemaOf('updates.changed'));

const GITHUB_TOKEN = 'ghp_SECRETtoken0123456789';
const HEADER_VALUE = 'Bearer static-header-SECRET';
const HEADER_NAME = 'X-Acme-Feed-Key';
const GOOGLE_TOKEN = 'ya29.SECRET-google-access';
const BUCKET = 'acme-hidden-bucket';
const PREFIX = 'internal-prefix';
const SIGNATURE = 'SIGNATURE-abc123';
const BROKER_HEADER = 'broker-issued-SECRET';

describe.skipIf(TLS === undefined)(`the renderer's view of updates${TLS === undefined ? ` (skipped: ${TLS_MISSING})` : ''}`, () => {
  const tls = TLS as TestTls;
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer(tls);
    server.route('/gh-api/repos/acme/private/releases', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ tag_name: 'v4.0.0', draft: false, prerelease: false, assets: [{ name: 'latest-mac.yml', url: `${server.origin}/gh-api/asset/1`, browser_download_url: `${server.origin}/nope` }] }]));
    });
    server.route('/gh-api/asset/1', text(latestMac('4.0.0')));
    server.route('/headers/latest-mac.yml', text(latestMac('4.0.0')));
    server.route(`/gcs/${BUCKET}/${PREFIX}/latest/latest-mac.yml`, text(latestMac('4.0.0')));
    server.route('/broker', json({ providerUrl: `${server.origin}/signed?X-Goog-Signature=${SIGNATURE}`, requestHeaders: { 'X-Broker': BROKER_HEADER } }));
    server.route('/signed/latest-mac.yml', text(latestMac('4.0.0')));
    server.route('/denied/latest-mac.yml', text('no', 403, 'text/plain'));
  });
  afterAll(async () => {
    await server.close();
  });

  const secrets = () => [GITHUB_TOKEN, HEADER_VALUE, HEADER_NAME, GOOGLE_TOKEN, BUCKET, PREFIX, SIGNATURE, BROKER_HEADER, 'X-Goog-Signature', server.origin, '127.0.0.1', 'storage.googleapis.com', '/broker'];

  const sources = (): Array<[string, NonNullable<OpenCoworkConfig['updates']>]> => [
    ['a private GitHub repository', { releaseSource: { kind: 'github-releases', owner: 'acme', repo: 'private', auth: { kind: 'github-token', token: GITHUB_TOKEN } } }],
    ['a generic feed with private headers', { releaseSource: { kind: 'generic-http', url: `${server.origin}/headers`, auth: { kind: 'static-headers', headers: { [HEADER_NAME]: HEADER_VALUE } } } }],
    ['a refused generic feed', { releaseSource: { kind: 'generic-http', url: `${server.origin}/denied`, auth: { kind: 'static-headers', headers: { [HEADER_NAME]: HEADER_VALUE } } } }],
    ['GCS with the Google sign-in', { releaseSource: { kind: 'gcs', bucket: BUCKET, prefix: PREFIX, auth: { kind: 'google-oauth' } } }],
    ['GCS through the signed-URL broker', { releaseSource: { kind: 'gcs', bucket: BUCKET, prefix: PREFIX, auth: { kind: 'signed-url-broker', brokerUrl: `${server.origin}/broker` } } }],
  ];

  it.each([0, 1, 2, 3, 4])('shows no credential, header, bucket or signed URL (source %i)', async (index) => {
    const [what, updates] = sources()[index]!;
    const events = new RecordingEvents();
    const logs: LogRecord[] = [];
    const driver = new FakeDriver();
    const service = new UpdateService({
      updates: { manualFallbackUrl: 'https://support.example.test/releases', ...updates },
      placeholders: new Map([[GITHUB_TOKEN_POINTER, '{env:ACME_GH_TOKEN}']]),
      version: '1.0.0',
      build: { packaged: true, platform: 'darwin', signed: true },
      driver,
      googleTokens: new FakeTokens(GOOGLE_TOKEN, [GCS_READ_SCOPE]),
      network: { ca: tls.ca },
      githubApiBase: `${server.origin}/gh-api`,
      gcsBaseUrl: `${server.origin}/gcs`,
      events,
      logger: testLogger(logs),
    });
    const handlers = updateHandlers(service);
    const seen: UpdateStatus[] = [await handlers['updates.status']({}), await handlers['updates.check']({})];
    if (seen[1]!.state === 'available') {
      seen.push(await handlers['updates.download']({}));
      await until(events, (s) => s.state === 'ready');
      seen.push(await handlers['updates.status']({}), await handlers['updates.install']({}));
      // The driver, in the host's process, did get the credentials.
      expect(JSON.stringify(driver.feeds)).toMatch(/SECRET/);
    }
    // Every source but the refused one was read and offered in-app.
    expect(seen[1]!.state, what).toBe(what.startsWith('a refused') ? 'error' : 'available');
    expect(seen.at(-1)!.state, what).toBe(what.startsWith('a refused') ? 'error' : 'ready');

    for (const status of seen) expect(validResult(status), JSON.stringify(validResult.errors)).toBe(true);
    for (const status of events.statuses) expect(validPayload(status), JSON.stringify(validPayload.errors)).toBe(true);
    const rendererView = JSON.stringify({ seen, events: events.statuses });
    for (const secret of secrets()) expect(rendererView, `${what}: ${secret}`).not.toContain(secret);
    // The log reaches the renderer too (app.diagnostics): no secret values there either.
    const logText = JSON.stringify(logs);
    for (const secret of [GITHUB_TOKEN, HEADER_VALUE, GOOGLE_TOKEN, SIGNATURE, BROKER_HEADER, BUCKET]) expect(logText, `${what} log: ${secret}`).not.toContain(secret);
    // Exactly these fields, nothing else.
    for (const status of [...seen, ...events.statuses]) {
      for (const key of Object.keys(status)) {
        expect(['label', 'channel', 'currentVersion', 'availableVersion', 'releaseDate', 'state', 'reason', 'inApp', 'manualUrl', 'progress', 'checkedAt']).toContain(key);
      }
    }
  });
});
