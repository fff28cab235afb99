// auth.* through the host's HTTP transport, results and events checked against the contract:
// a whole host (its runtime not started) configured for Google sign-in against the local fake.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@open-cowork/config';
import type { AuthStatus } from '@open-cowork/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host } from '../../src/host.js';
import { Logger, type LogRecord } from '../../src/log/index.js';
import { MemoryCipher } from '../../src/ports/index.js';
import { createHostServer, type HostServer } from '../../src/transport/index.js';
import { call, eventProblems, ok, until } from '../host/support.js';
import { TOKEN } from '../transport/helpers.js';
import { CLIENT_ID, CLIENT_SECRET, EMAIL, FakeBrowser, startFakeGoogle, type FakeGoogle } from './fake-google.js';

const DEFAULT_CONFIG = fileURLToPath(new URL('../../../../open-cowork.config.json', import.meta.url));

let root: string;
let dataDir: string;
let google: FakeGoogle;
let host: Host;
let server: HostServer;
const browser = new FakeBrowser();
const logs: LogRecord[] = [];
const events: Array<{ type: string; payload: unknown }> = [];

beforeAll(async () => {
  google = await startFakeGoogle();
  root = await mkdtemp(path.join(tmpdir(), 'oc-host-auth-'));
  dataDir = path.join(root, 'data');
  await mkdir(dataDir, { recursive: true });
  await writeFile(
    path.join(dataDir, 'config.json'),
    JSON.stringify({
      allowedEnvPlaceholders: ['ACME_GOOGLE_OAUTH_CLIENT_ID', 'ACME_GOOGLE_OAUTH_CLIENT_SECRET'],
      auth: { mode: 'google-oauth', googleOAuth: { clientId: '{env:ACME_GOOGLE_OAUTH_CLIENT_ID}', clientSecret: '{env:ACME_GOOGLE_OAUTH_CLIENT_SECRET}' } },
    }),
  );
  const env = { OPEN_COWORK_USER_DATA_DIR: dataDir, ACME_GOOGLE_OAUTH_CLIENT_ID: CLIENT_ID, ACME_GOOGLE_OAUTH_CLIENT_SECRET: CLIENT_SECRET };
  const load = loadConfig({ defaultConfigPath: DEFAULT_CONFIG, env, managedConfigPaths: [] });
  if (!load.ok) throw new Error(load.issues.map((issue) => issue.message).join('; '));
  host = await Host.create({
    load,
    appRoot: root,
    dataDir,
    logger: new Logger({ runId: 'auth', level: 'debug', sink: (record) => logs.push(record) }),
    env: {},
    checkResults: true,
    cipher: new MemoryCipher(),
    browser,
    google: { endpoints: google.endpoints },
  });
  host.events.subscribe((type, payload) => events.push({ type, payload }));
  server = await createHostServer({ token: TOKEN, dispatcher: host.dispatcher, events: host.events });
});

afterAll(async () => {
  await server?.close();
  await host?.stop();
  await google?.close();
  // Retries: a stopped host may still be finishing a write in its data dir (telemetry, at the time of writing).
  await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
});

describe('auth.* over HTTP', () => {
  it('signs in through the browser, publishes auth.changed, and never sends a token to the client', async () => {
    const before = await ok(server, 'auth.status', {});
    expect(before).toMatchObject({ mode: 'google-oauth', signedIn: false, pending: false });
    expect(before.problem).toBeUndefined();

    const { url } = await ok(server, 'auth.signIn', {});
    expect(url.startsWith(google.endpoints.authorization)).toBe(true);
    const visit = await browser.lastVisit();
    expect(visit.html).toContain('Open Cowork');
    await until(() => events.some((event) => event.type === 'auth.changed' && (event.payload as AuthStatus).signedIn), 'the sign-in event');

    const after = await ok(server, 'auth.status', {});
    expect(after).toMatchObject({ mode: 'google-oauth', signedIn: true, email: EMAIL, pending: false });
    const authEvents = events.filter((event) => event.type === 'auth.changed');
    for (const event of authEvents) expect(eventProblems(event.type, event.payload)).toBeUndefined();

    // The Google token source other host parts use.
    expect(await host.googleTokens.accessToken()).toBe(google.issued[0]);
    const adc = path.join(dataDir, 'google', 'application_default_credentials.json');
    expect(JSON.parse(await readFile(adc, 'utf8'))).toMatchObject({ type: 'authorized_user', client_id: CLIENT_ID });

    // Nothing a client or the diagnostics saw holds a token.
    const diagnostics = await ok(server, 'app.diagnostics', {});
    const seen = JSON.stringify({ before, after, authEvents, diagnostics, logs });
    for (const token of google.issued) expect(seen).not.toContain(token);
    expect(seen).not.toContain(CLIENT_SECRET);

    expect(await ok(server, 'auth.signOut', {})).toEqual({ signedOut: true });
    expect(await ok(server, 'auth.status', {})).toMatchObject({ signedIn: false });
    await expect(stat(adc)).rejects.toThrow();
    expect(google.revoked).toHaveLength(1);
  });

  it('answers auth.signIn with a 503 SECRET_STORAGE_UNAVAILABLE when secrets cannot be sealed', async () => {
    // A second host whose cipher cannot seal (as the desktop's cannot without a keychain).
    const load = loadConfig({
      defaultConfigPath: DEFAULT_CONFIG,
      env: { OPEN_COWORK_USER_DATA_DIR: dataDir, ACME_GOOGLE_OAUTH_CLIENT_ID: CLIENT_ID, ACME_GOOGLE_OAUTH_CLIENT_SECRET: CLIENT_SECRET },
      managedConfigPaths: [],
    });
    const sealed = new MemoryCipher();
    const locked = await Host.create({
      load,
      appRoot: root,
      dataDir: path.join(root, 'locked'),
      logger: new Logger({ runId: 'locked', sink: () => undefined }),
      checkResults: true,
      env: { OPEN_COWORK_ALLOW_PLAINTEXT_SECRETS: '1' }, // ignored: the build does not say it is unpackaged
      cipher: { kind: 'safe-storage', available: () => false, encrypt: (text) => sealed.encrypt(text), decrypt: (text) => sealed.decrypt(text) },
      browser,
      google: { endpoints: google.endpoints },
    });
    const lockedServer = await createHostServer({ token: TOKEN, dispatcher: locked.dispatcher, events: locked.events });
    try {
      const answer = await call(lockedServer, 'auth.signIn', {});
      expect(answer.status).toBe(503);
      expect(answer.error).toMatchObject({ code: 'SECRET_STORAGE_UNAVAILABLE' });
    } finally {
      await lockedServer.close();
      await locked.stop();
    }
  });
});
