// A real check against local HTTPS feeds (a throwaway CA, see support.ts): generic folders,
// GitHub releases through a fake API, GCS with the Google sign-in, and the signed-URL broker.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OpenCoworkConfig } from '@open-cowork/config';
import type { LogRecord } from '../../src/log/index.js';
import { GCS_READ_SCOPE, GITHUB_TOKEN_POINTER, UpdateService, type UpdateBuild, type UpdateServiceOptions } from '../../src/updates/index.js';
import { dialTable, scriptedLookup, startHttps, TLS_CERT, type TestServer } from '../network/support.js';
import { FakeDriver, FakeTokens, latestMac, json, RecordingEvents, startFeedServer, testLogger, text, TLS, TLS_MISSING, until, type FeedServer, type TestTls } from './support.js';

const SIGNED_MAC: UpdateBuild = { packaged: true, platform: 'darwin', signed: true };

describe.skipIf(TLS === undefined)(`update feeds over HTTPS${TLS === undefined ? ` (skipped: ${TLS_MISSING})` : ''}`, () => {
  const tls = TLS as TestTls;
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer(tls);
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    server.requests.length = 0;
  });

  function service(updates: OpenCoworkConfig['updates'], extra: Partial<UpdateServiceOptions> = {}) {
    const events = new RecordingEvents();
    const updatesService = new UpdateService({
      updates,
      version: '1.2.0',
      network: { ca: tls.ca },
      githubApiBase: `${server.origin}/gh-api`,
      gcsBaseUrl: `${server.origin}/gcs`,
      events,
      logger: testLogger(),
      ...extra,
    });
    return { updates: updatesService, events };
  }

  describe('generic HTTPS feed', () => {
    const generic = (path: string, headers?: Record<string, string>): OpenCoworkConfig['updates'] => ({
      manualFallbackUrl: 'https://support.example.test/releases',
      releaseSource: {
        kind: 'generic-http',
        url: `${server.origin}${path}`,
        ...(headers ? { auth: { kind: 'static-headers', headers } } : {}),
      },
    });

    it('finds a newer version; a development build is pointed to the manual link', async () => {
      server.route('/mac/latest-mac.yml', text(latestMac('1.3.0')));
      // The desktop in development: an updater, but not a packaged build.
      const { updates, events } = service(generic('/mac', { 'X-Feed-Key': 'k-123' }), { driver: new FakeDriver(), build: { packaged: false, platform: 'darwin', signed: false } });
      expect(await updates.status()).toMatchObject({ state: 'idle', label: 'Private feed', channel: 'latest', currentVersion: '1.2.0', inApp: false });
      const status = await updates.check();
      expect(status).toEqual({
        label: 'Private feed',
        channel: 'latest',
        currentVersion: '1.2.0',
        availableVersion: '1.3.0',
        releaseDate: '2025-03-04T05:06:07.890Z',
        state: 'manual',
        reason: 'development-build',
        inApp: false,
        manualUrl: 'https://support.example.test/releases',
        checkedAt: expect.any(Number),
      });
      expect(events.statuses.map((s) => s.state)).toEqual(['checking', 'manual']);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.headers['x-feed-key']).toBe('k-123');
      await expect(updates.download()).rejects.toMatchObject({ code: 'UPDATE_UNAVAILABLE' });
    });

    it('offers download and restart-to-install on a signed packaged macOS build, through the driver', async () => {
      server.route('/mac/latest-mac.yml', text(latestMac('1.3.0')));
      const driver = new FakeDriver();
      driver.hold = true;
      const { updates, events } = service(generic('/mac', { Authorization: 'Bearer feed-secret' }), { driver, build: SIGNED_MAC });
      expect(await updates.check()).toMatchObject({ state: 'available', availableVersion: '1.3.0', inApp: true });
      await expect(updates.install()).rejects.toMatchObject({ code: 'UPDATE_UNAVAILABLE' });

      expect(await updates.download()).toMatchObject({ state: 'downloading', progress: 0 });
      await until(events, (s) => s.state === 'downloading' && s.progress === 57);
      // A check meanwhile does not throw the download away.
      expect(await updates.check()).toMatchObject({ state: 'downloading' });
      driver.finishDownload();
      await until(events, (s) => s.state === 'ready');
      expect(driver.feeds).toEqual([{ provider: 'generic', url: `${server.origin}/mac`, channel: 'latest', headers: { Authorization: 'Bearer feed-secret' } }]);
      expect(await updates.status()).toMatchObject({ state: 'ready', availableVersion: '1.3.0', inApp: true });

      await updates.install();
      expect(driver.installs).toBe(1);
    });

    it('reads <channel>-mac.yml for another channel and says when the feed is not newer', async () => {
      server.route('/mac/beta-mac.yml', text(latestMac('1.2.0')));
      const { updates } = service({ releaseSource: { kind: 'generic-http', url: `${server.origin}/mac`, channel: 'beta', label: 'Acme beta' } }, { driver: new FakeDriver(), build: SIGNED_MAC });
      const status = await updates.check();
      expect(status).toMatchObject({ state: 'up-to-date', channel: 'beta', label: 'Acme beta', inApp: true });
      expect(status).not.toHaveProperty('availableVersion');
      expect(status).not.toHaveProperty('manualUrl');
      expect(server.requests.map((r) => r.url)).toEqual(['/mac/beta-mac.yml']);
    });

    it.each([401, 403])('turns HTTP %i into auth-forbidden', async (code) => {
      server.route('/private/latest-mac.yml', text('denied', code, 'text/plain'));
      const { updates } = service(generic('/private', { Authorization: 'Bearer wrong' }));
      expect(await updates.check()).toMatchObject({ state: 'error', reason: 'auth-forbidden', manualUrl: 'https://support.example.test/releases' });
    });

    it('turns a missing file into not-found and a server failure into server-error', async () => {
      expect(await service(generic('/nothing-here')).updates.check()).toMatchObject({ state: 'error', reason: 'not-found' });
      server.route('/broken/latest-mac.yml', text('oops', 502, 'text/plain'));
      expect(await service(generic('/broken')).updates.check()).toMatchObject({ state: 'error', reason: 'server-error' });
    });

    it('turns malformed metadata into invalid-metadata', async () => {
      server.route('/bad/latest-mac.yml', text('version: [1.3.0\nfiles: {url: x}\n'));
      expect(await service(generic('/bad')).updates.check()).toMatchObject({ state: 'error', reason: 'invalid-metadata' });
      server.route('/html/latest-mac.yml', text('<html><body>Sign in</body></html>', 200, 'text/html'));
      expect(await service(generic('/html')).updates.check()).toMatchObject({ state: 'error', reason: 'invalid-metadata' });
    });

    it('turns an unreachable feed into network', async () => {
      const closed = await startFeedServer(tls);
      await closed.close();
      const { updates } = service({ releaseSource: { kind: 'generic-http', url: `${closed.origin}/mac` } });
      expect(await updates.check()).toMatchObject({ state: 'error', reason: 'network' });
    });

    it('refuses a certificate it does not trust (no CA given) as network', async () => {
      server.route('/mac/latest-mac.yml', text(latestMac('1.3.0')));
      const { updates } = service(generic('/mac'), { network: {} });
      expect(await updates.check()).toMatchObject({ state: 'error', reason: 'network' });
    });

    it('says credentials-missing for a header whose variable is unset, without asking the feed', async () => {
      const { updates } = service(generic('/mac', { Authorization: '' }));
      expect(await updates.check()).toMatchObject({ state: 'error', reason: 'credentials-missing' });
      expect(server.requests).toHaveLength(0);
    });

    it('stays on the manual link, without a request, when updates are turned off', async () => {
      const { updates, events } = service({ enabled: false, ...generic('/mac') }, { driver: new FakeDriver(), build: SIGNED_MAC });
      expect(await updates.check()).toMatchObject({ state: 'manual', reason: 'disabled', inApp: false });
      expect(events.statuses).toEqual([]);
      expect(server.requests).toHaveLength(0);
      await expect(updates.download()).rejects.toMatchObject({ code: 'UPDATE_UNAVAILABLE', message: expect.stringContaining('turned off') });
    });

    it('reports an unsigned, a non-macOS and a driverless build as manual, each with its reason', async () => {
      server.route('/mac/latest-mac.yml', text(latestMac('2.0.0')));
      const driver = new FakeDriver();
      expect(await service(generic('/mac'), { driver, build: { ...SIGNED_MAC, signed: false } }).updates.check()).toMatchObject({ state: 'manual', reason: 'unsigned-build' });
      expect(await service(generic('/mac'), { driver, build: { ...SIGNED_MAC, platform: 'linux' } }).updates.check()).toMatchObject({ state: 'manual', reason: 'unsupported-platform' });
      expect(await service(generic('/mac'), { build: SIGNED_MAC }).updates.check()).toMatchObject({ state: 'manual', reason: 'no-updater' });
      expect(driver.feeds).toEqual([]);
    });

    it('reports a failed download as an error and lets a new check start over', async () => {
      server.route('/mac/latest-mac.yml', text(latestMac('1.3.0')));
      const driver = new FakeDriver();
      driver.failDownload = new Error('ENOSPC https://secret.example/file.zip?sig=1');
      const logs: LogRecord[] = [];
      const { updates, events } = service(generic('/mac'), { driver, build: SIGNED_MAC, logger: testLogger(logs) });
      await updates.check();
      await updates.download();
      expect(await until(events, (s) => s.state === 'error')).toMatchObject({ reason: 'download-failed' });
      // The driver's message (it may hold a signed URL) does not reach the log.
      expect(JSON.stringify(logs)).not.toContain('sig=1');
      expect(await updates.check()).toMatchObject({ state: 'available' });
    });
  });

  describe('GitHub releases', () => {
    const release = (tag: string, assets: string[], extra: Record<string, unknown> = {}) => ({
      tag_name: tag,
      draft: false,
      prerelease: false,
      published_at: '2025-06-01T10:00:00Z',
      assets: assets.map((name, index) => ({
        name,
        url: `${server.origin}/gh-api/repos/acme/app/releases/assets/${tag}-${index}`,
        browser_download_url: `${server.origin}/gh-download/${tag}/${name}`,
      })),
      ...extra,
    });

    it('reads the newest full release and its latest-mac.yml (public repository)', async () => {
      server.route(
        '/gh-api/repos/acme/app/releases',
        json([release('v2.0.0-beta.1', ['beta-mac.yml'], { prerelease: true }), release('v1.5.0', ['latest-mac.yml', 'App.zip']), release('v1.4.0', ['latest-mac.yml'])]),
      );
      server.route('/gh-download/v1.5.0/latest-mac.yml', text(latestMac('1.5.0')));
      const { updates } = service({ releaseSource: { kind: 'github-releases', owner: 'acme', repo: 'app' } }, { driver: new FakeDriver(), build: SIGNED_MAC });
      expect(await updates.check()).toMatchObject({
        label: 'GitHub releases of acme/app',
        state: 'available',
        availableVersion: '1.5.0',
        manualUrl: 'https://github.com/acme/app/releases',
      });
      const [list, asset] = server.requests;
      expect(list!.url).toBe('/gh-api/repos/acme/app/releases?per_page=30');
      expect(list!.headers['accept']).toBe('application/vnd.github+json');
      expect(list!.headers['authorization']).toBeUndefined();
      expect(asset!.url).toBe('/gh-download/v1.5.0/latest-mac.yml');
    });

    it('takes pre-releases on another channel', async () => {
      server.route('/gh-api/repos/acme/app/releases', json([release('v2.0.0-beta.1', ['beta-mac.yml'], { prerelease: true }), release('v1.5.0', ['latest-mac.yml'])]));
      server.route('/gh-download/v2.0.0-beta.1/beta-mac.yml', text(latestMac('2.0.0-beta.1')));
      const { updates } = service({ releaseSource: { kind: 'github-releases', owner: 'acme', repo: 'app', channel: 'beta' } });
      expect(await updates.check()).toMatchObject({ state: 'manual', availableVersion: '2.0.0-beta.1', channel: 'beta' });
    });

    it('falls back to the manual link for a release without updater metadata', async () => {
      server.route('/gh-api/repos/acme/app/releases', json([release('v1.6.0', ['App.dmg'])]));
      const { updates } = service({ releaseSource: { kind: 'github-releases', owner: 'acme', repo: 'app' } }, { driver: new FakeDriver(), build: SIGNED_MAC });
      expect(await updates.check()).toMatchObject({ state: 'manual', reason: 'no-feed-metadata', availableVersion: '1.6.0', inApp: false });
      await expect(updates.download()).rejects.toMatchObject({ code: 'UPDATE_UNAVAILABLE' });
    });

    it('sends a token from a placeholder to the API and fetches the asset through it (private repository)', async () => {
      server.route('/gh-api/repos/acme/private/releases', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify([
            {
              tag_name: 'v3.0.0',
              draft: false,
              prerelease: false,
              assets: [{ name: 'latest-mac.yml', url: `${server.origin}/gh-api/repos/acme/private/releases/assets/7`, browser_download_url: 'https://github.com/acme/private/x' }],
            },
          ]),
        );
      });
      server.route('/gh-api/repos/acme/private/releases/assets/7', text(latestMac('3.0.0'), 200, 'application/octet-stream'));
      const driver = new FakeDriver();
      const { updates, events } = service(
        { releaseSource: { kind: 'github-releases', owner: 'acme', repo: 'private', auth: { kind: 'github-token', token: 'ghp_token_value' } } },
        { placeholders: new Map([[GITHUB_TOKEN_POINTER, '{env:ACME_GH_TOKEN}']]), driver, build: SIGNED_MAC },
      );
      expect(await updates.check()).toMatchObject({ state: 'available', availableVersion: '3.0.0' });
      expect(server.requests.map((r) => [r.url, r.headers['authorization'], r.headers['accept']])).toEqual([
        ['/gh-api/repos/acme/private/releases?per_page=30', 'Bearer ghp_token_value', 'application/vnd.github+json'],
        ['/gh-api/repos/acme/private/releases/assets/7', 'Bearer ghp_token_value', 'application/octet-stream'],
      ]);
      await updates.download();
      await until(events, (s) => s.state === 'ready');
      expect(driver.feeds).toEqual([{ provider: 'github', owner: 'acme', repo: 'private', channel: 'latest', token: 'ghp_token_value', headers: {} }]);
    });

    it('says credentials-missing for an unset token and refuses one written into the config', async () => {
      const source = (token: string) => ({ releaseSource: { kind: 'github-releases' as const, owner: 'acme', repo: 'private', auth: { kind: 'github-token' as const, token } } });
      const unset = service(source(''), { placeholders: new Map([[GITHUB_TOKEN_POINTER, '{env:ACME_GH_TOKEN}']]) });
      expect(await unset.updates.check()).toMatchObject({ state: 'error', reason: 'credentials-missing' });
      const literal = service(source('ghp_literal'));
      expect(await literal.updates.check()).toMatchObject({ state: 'error', reason: 'credentials-not-placeholder' });
      expect(server.requests).toHaveLength(0);
    });

    it('turns a refused token into auth-forbidden and an unknown repository into not-found', async () => {
      server.route('/gh-api/repos/acme/locked/releases', json({ message: 'Bad credentials' }, 401));
      const locked = service(
        { releaseSource: { kind: 'github-releases', owner: 'acme', repo: 'locked', auth: { kind: 'github-token', token: 'ghp_old' } } },
        { placeholders: new Map([[GITHUB_TOKEN_POINTER, '{env:T}']]) },
      );
      expect(await locked.updates.check()).toMatchObject({ state: 'error', reason: 'auth-forbidden' });
      expect(await service({ releaseSource: { kind: 'github-releases', owner: 'acme', repo: 'gone' } }).updates.check()).toMatchObject({ state: 'error', reason: 'not-found' });
    });
  });

  describe('Google Cloud Storage', () => {
    const gcs = (auth?: NonNullable<Extract<NonNullable<NonNullable<OpenCoworkConfig['updates']>['releaseSource']>, { kind: 'gcs' }>['auth']>) => ({
      manualFallbackUrl: 'https://support.example.test/releases',
      releaseSource: { kind: 'gcs' as const, bucket: 'acme-releases', prefix: 'desktop/mac', channel: 'stable', ...(auth ? { auth } : {}) },
    });

    it('reads gs://<bucket>/<prefix>/<channel>/latest-mac.yml with the sign-in\'s bearer token', async () => {
      server.route('/gcs/acme-releases/desktop/mac/stable/latest-mac.yml', text(latestMac('1.9.0')));
      const tokens = new FakeTokens('ya29.google-access', [GCS_READ_SCOPE]);
      const driver = new FakeDriver();
      const { updates, events } = service(gcs({ kind: 'google-oauth' }), { googleTokens: tokens, driver, build: SIGNED_MAC });
      expect(await updates.check()).toMatchObject({ state: 'available', availableVersion: '1.9.0', label: 'Google Cloud Storage', channel: 'stable' });
      expect(tokens.asked).toEqual([[GCS_READ_SCOPE]]);
      expect(server.requests[0]!.headers['authorization']).toBe('Bearer ya29.google-access');
      await updates.download();
      await until(events, (s) => s.state === 'ready');
      expect(driver.feeds).toEqual([
        { provider: 'generic', url: `${server.origin}/gcs/acme-releases/desktop/mac/stable`, channel: 'latest', headers: { Authorization: 'Bearer ya29.google-access' } },
      ]);
    });

    it('asks for the configured scopes and says scopes-missing or signed-out without a request', async () => {
      const scopes = ['https://www.googleapis.com/auth/devstorage.full_control'];
      const narrow = service(gcs({ kind: 'google-oauth', requiredScopes: scopes }), { googleTokens: new FakeTokens('ya29.x', [GCS_READ_SCOPE]) });
      expect(await narrow.updates.check()).toMatchObject({ state: 'error', reason: 'scopes-missing' });
      const nobody = service(gcs({ kind: 'google-oauth' }), { googleTokens: new FakeTokens(undefined) });
      expect(await nobody.updates.check()).toMatchObject({ state: 'error', reason: 'signed-out' });
      const noSignIn = service(gcs({ kind: 'google-oauth' }));
      expect(await noSignIn.updates.check()).toMatchObject({ state: 'error', reason: 'signed-out' });
      expect(server.requests).toHaveLength(0);
    });

    it('reads a public bucket without credentials', async () => {
      server.route('/gcs/acme-releases/desktop/mac/stable/latest-mac.yml', text(latestMac('1.0.0')));
      expect(await service(gcs()).updates.check()).toMatchObject({ state: 'up-to-date' });
      expect(server.requests[0]!.headers['authorization']).toBeUndefined();
    });

    it('asks the signed-URL broker for a short-lived feed and reads it with the headers it gave', async () => {
      server.route('/broker', json({ providerUrl: `${server.origin}/signed/feed?X-Goog-Signature=sig-abc&X-Goog-Expires=300`, requestHeaders: { 'X-Goog-User-Project': 'acme-billing' } }));
      server.route('/signed/feed/latest-mac.yml', text(latestMac('1.8.0')));
      const driver = new FakeDriver();
      const { updates, events } = service(gcs({ kind: 'signed-url-broker', brokerUrl: `${server.origin}/broker` }), {
        googleTokens: new FakeTokens('ya29.broker-token'),
        driver,
        build: SIGNED_MAC,
      });
      expect(await updates.check()).toMatchObject({ state: 'available', availableVersion: '1.8.0' });
      const [broker, feed] = server.requests;
      expect(broker!.method).toBe('POST');
      expect(broker!.headers['authorization']).toBe('Bearer ya29.broker-token');
      expect(JSON.parse(broker!.body)).toEqual({ channel: 'stable', platform: 'darwin' });
      expect(feed!.url).toBe('/signed/feed/latest-mac.yml?X-Goog-Signature=sig-abc&X-Goog-Expires=300');
      expect(feed!.headers['x-goog-user-project']).toBe('acme-billing');
      await updates.download();
      await until(events, (s) => s.state === 'ready');
      // The driver gets a fresh feed from the broker.
      expect(server.requests.filter((r) => r.url === '/broker')).toHaveLength(2);
      expect(driver.feeds[0]).toEqual({
        provider: 'generic',
        url: `${server.origin}/signed/feed?X-Goog-Signature=sig-abc&X-Goog-Expires=300`,
        channel: 'latest',
        headers: { 'X-Goog-User-Project': 'acme-billing' },
      });
    });

    it('turns a broker refusal into auth-forbidden and a bad answer into broker-failed', async () => {
      const tokens = new FakeTokens('ya29.t');
      server.route('/broker-denied', json({ error: 'nope' }, 403));
      expect(await service(gcs({ kind: 'signed-url-broker', brokerUrl: `${server.origin}/broker-denied` }), { googleTokens: tokens }).updates.check()).toMatchObject({
        state: 'error',
        reason: 'auth-forbidden',
      });
      server.route('/broker-http', json({ providerUrl: 'http://insecure.example/feed' }));
      expect(await service(gcs({ kind: 'signed-url-broker', brokerUrl: `${server.origin}/broker-http` }), { googleTokens: tokens }).updates.check()).toMatchObject({
        state: 'error',
        reason: 'broker-failed',
      });
      server.route('/broker-text', text('not json', 200, 'text/plain'));
      expect(await service(gcs({ kind: 'signed-url-broker', brokerUrl: `${server.origin}/broker-text` }), { googleTokens: tokens }).updates.check()).toMatchObject({
        state: 'error',
        reason: 'broker-failed',
      });
      expect(await service(gcs({ kind: 'signed-url-broker', brokerUrl: `${server.origin}/broker-denied` }), { googleTokens: new FakeTokens(undefined) }).updates.check()).toMatchObject({
        state: 'error',
        reason: 'signed-out',
      });
    });
  });
});

describe('an internal release server (generic-http on a private address)', () => {
  // feeds.corp.example.test resolves to a private address; the connection to that address is
  // dialled to a local HTTPS server whose certificate names the host.
  const INTERNAL = '10.20.30.40';
  let site: TestServer;
  beforeAll(async () => {
    site = await startHttps((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/yaml' });
      res.end(latestMac('1.3.0'));
    });
  });
  afterAll(() => site.close());

  function check(allowPrivateNetwork?: boolean) {
    const network = { lookup: scriptedLookup({ 'mcp.example.test': [INTERNAL] }), dial: dialTable({ [INTERNAL]: site.port }), ca: TLS_CERT };
    const source = { kind: 'generic-http' as const, url: 'https://mcp.example.test/mac', ...(allowPrivateNetwork === undefined ? {} : { allowPrivateNetwork }) };
    return new UpdateService({ updates: { releaseSource: source }, version: '1.2.0', network, logger: testLogger() }).check();
  }

  it('is refused as blocked by default, without a request', async () => {
    expect(await check()).toMatchObject({ state: 'error', reason: 'blocked' });
    expect(await check(false)).toMatchObject({ state: 'error', reason: 'blocked' });
    expect(site.received).toHaveLength(0);
  });

  it('is read when the source sets allowPrivateNetwork', async () => {
    expect(await check(true)).toMatchObject({ state: 'manual', availableVersion: '1.3.0' });
    expect(site.received.map((r) => r.url)).toEqual(['/mac/latest-mac.yml']);
  });
});
