// The whole Google sign-in against a local fake of Google's endpoints: PKCE + state through a
// "browser" that follows the consent redirect to the loopback listener, token exchange and
// refresh, the sealed session and the credentials file, sign-out, and every way it can fail.
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { resultSchemaOf, payloadSchemaOf, type AuthStatus } from '@open-cowork/contracts';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GOOGLE_SCOPES, GoogleSignIn, plaintextSecretsAllowed, type GoogleSignInOptions } from '../../src/identity/index.js';
import { Logger, type LogRecord } from '../../src/log/index.js';
import { ManualClock, MemoryCipher, type SecretCipher } from '../../src/ports/index.js';
import { modeOf, tempDir } from '../state/temp-dir.js';
import { CLIENT_ID, CLIENT_SECRET, EMAIL, FakeBrowser, startFakeGoogle, type FakeGoogle } from './fake-google.js';

const IS_POSIX = process.platform !== 'win32';
const ajv = new Ajv2020.default({ strict: true, allErrors: true });
const validStatus = ajv.compile(resultSchemaOf('auth.status'));
const validChange = ajv.compile(payloadSchemaOf('auth.changed'));

let google: FakeGoogle;
let dir: string;
let browser: FakeBrowser;
let logs: LogRecord[];
let changes: AuthStatus[];
let restarts: string[];
let clock: ManualClock;
const services: GoogleSignIn[] = [];

beforeEach(async () => {
  google = await startFakeGoogle();
  dir = await tempDir();
  browser = new FakeBrowser();
  logs = [];
  changes = [];
  restarts = [];
  clock = new ManualClock(Date.UTC(2025, 5, 1));
});

afterEach(async () => {
  for (const service of services.splice(0)) service.dispose();
  await google.close();
});

const sessionFile = () => path.join(dir, 'google', 'sign-in.json');
const credentialsFile = () => path.join(dir, 'google', 'application_default_credentials.json');
const googleAuth = (extra: Record<string, unknown> = {}) => ({
  mode: 'google-oauth' as const,
  googleOAuth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...extra },
});

function make(overrides: Partial<GoogleSignInOptions> = {}): GoogleSignIn {
  const service = new GoogleSignIn({
    auth: googleAuth(),
    brand: 'Acme Cowork',
    sessionFile: sessionFile(),
    credentialsFile: credentialsFile(),
    cipher: new MemoryCipher(Buffer.alloc(32, 7)),
    browser,
    logger: new Logger({ runId: 'identity', level: 'debug', sink: (record) => logs.push(record) }),
    clock,
    endpoints: google.endpoints,
    onChange: (status) => {
      expect(validChange(status), ajv.errorsText(validChange.errors)).toBe(true);
      changes.push(status);
    },
    requestRestart: (reason) => restarts.push(reason),
    ...overrides,
  });
  services.push(service);
  return service;
}

/** Signs in and waits for the flow to end; returns the landing page the browser saw. */
async function signIn(service: GoogleSignIn) {
  const { url } = await service.signIn();
  const visit = await browser.lastVisit();
  await service.settled();
  await until(() => changes.some((change) => !change.pending));
  return { url, visit };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Everything a token could have leaked into: the logs and the statuses clients saw. */
function leakSurface(service?: AuthStatus): string {
  return JSON.stringify({ logs, changes, service });
}

describe('Google sign-in, the happy path', () => {
  it('runs the PKCE flow through the browser and the loopback listener, and stores the session sealed', async () => {
    const service = make();
    const { url, visit } = await signIn(service);

    // The consent URL: Google's parameters, S256 PKCE, a random state, the default scopes.
    const query = new URL(url).searchParams;
    expect(query.get('client_id')).toBe(CLIENT_ID);
    expect(query.get('response_type')).toBe('code');
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(query.get('access_type')).toBe('offline');
    expect(query.get('scope')!.split(' ')).toEqual([...DEFAULT_GOOGLE_SCOPES]);
    expect(query.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(browser.opened).toEqual([url]);
    expect(query.has('client_secret')).toBe(false);

    // The browser lands on a branded "close this tab" page.
    expect(visit.status).toBe(200);
    expect(visit.html).toContain('Acme Cowork');
    expect(visit.html).toContain('close this tab');
    expect(visit.html).toContain(EMAIL);
    expect(visit.headers.get('content-security-policy')).toContain("default-src 'none'");
    // …and the listener is gone.
    await expect(fetch(visit.url)).rejects.toThrow();

    const status = await service.status();
    expect(status).toMatchObject({ mode: 'google-oauth', signedIn: true, email: EMAIL, pending: false, scopes: [...DEFAULT_GOOGLE_SCOPES] });
    expect(status.expiresAt).toBe(clock.now() + 3600_000);
    expect(status.failure).toBeUndefined();
    expect(validStatus(status), ajv.errorsText(validStatus.errors)).toBe(true);
    expect(changes.map((change) => [change.pending, change.signedIn])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(google.grants).toEqual(['authorization_code']);
    expect(restarts).toEqual(['Google sign-in']);

    // The session file: private, sealed, no token in it.
    const stored = await readFile(sessionFile(), 'utf8');
    for (const token of google.issued) expect(stored).not.toContain(token);
    expect(stored).not.toContain(EMAIL);
    expect(JSON.parse(stored)).toMatchObject({ version: 1, clientId: CLIENT_ID, cipher: 'memory', sealed: expect.stringMatching(/^v1:/) });

    // The application-default credentials for googleAuth MCP servers.
    const adc = JSON.parse(await readFile(credentialsFile(), 'utf8')) as Record<string, string>;
    expect(adc).toEqual({ type: 'authorized_user', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: [...google.refreshTokens][0] });
    if (IS_POSIX) {
      expect(modeOf(await stat(credentialsFile()))).toBe(0o600);
      expect(modeOf(await stat(path.dirname(credentialsFile())))).toBe(0o700);
      expect(modeOf(await stat(sessionFile()))).toBe(0o600);
    }

    // Neither the logs nor anything a client saw holds a token or the client secret.
    const surface = leakSurface(status);
    for (const token of google.issued) expect(surface).not.toContain(token);
    expect(surface).not.toContain(CLIENT_SECRET);
    expect(surface).not.toMatch(/access_?token|refresh_?token|id_?token/i);
    expect(logs.some((record) => record.message === 'signed in with Google')).toBe(true);
  });

  it('hands out the access token, refreshes it before expiry (once for concurrent callers), and checks scopes', async () => {
    const service = make();
    await signIn(service);
    const first = await service.accessToken();
    expect(first).toBe(google.issued[0]);
    expect(await service.accessToken(['https://www.googleapis.com/auth/cloud-platform'])).toBe(first);
    expect(await service.accessToken(['https://www.googleapis.com/auth/devstorage.read_only'])).toBeUndefined();
    expect(google.grants).toEqual(['authorization_code']);

    clock.advance(3600_000 - 30_000); // within the refresh margin
    const [a, b] = await Promise.all([service.accessToken(), service.accessToken()]);
    expect(a).toBe(b);
    expect(a).not.toBe(first);
    expect(google.grants).toEqual(['authorization_code', 'refresh_token']);
    expect((await service.status()).expiresAt).toBe(clock.now() + 3600_000);

    // The refreshed token survives a restart of the host, sealed.
    const again = make();
    expect(await again.accessToken()).toBe(a);
    const stored = await readFile(sessionFile(), 'utf8');
    for (const token of google.issued) expect(stored).not.toContain(token);
    for (const token of google.issued) expect(leakSurface()).not.toContain(token);
  });

  it('signs out: forgets the session and the credentials file, revokes at Google, reloads the runtime', async () => {
    const service = make();
    await signIn(service);
    const refresh = [...google.refreshTokens][0]!;
    await service.signOut();
    expect(await exists(sessionFile())).toBe(false);
    expect(await exists(credentialsFile())).toBe(false);
    expect(google.revoked).toEqual([refresh]);
    expect(await service.status()).toMatchObject({ signedIn: false, pending: false });
    expect(await service.accessToken()).toBeUndefined();
    expect(changes.at(-1)).toMatchObject({ signedIn: false });
    expect(restarts).toEqual(['Google sign-in', 'Google sign-out']);
    // A new host finds nobody signed in.
    expect((await make().status()).signedIn).toBe(false);
  });

  it('signs out even when Google cannot be reached to revoke', async () => {
    const service = make();
    await signIn(service);
    await google.close();
    await service.signOut();
    expect(await exists(sessionFile())).toBe(false);
    expect(await exists(credentialsFile())).toBe(false);
    expect((await service.status()).signedIn).toBe(false);
  });

  it('restores the credentials file at start while signed in, and removes a leftover when signed out or sign-in is off', async () => {
    await signIn(make());
    await rm(credentialsFile());
    await make().restore();
    expect(JSON.parse(await readFile(credentialsFile(), 'utf8'))).toMatchObject({ type: 'authorized_user' });
    await make({ auth: { mode: 'none' } }).restore();
    expect(await exists(credentialsFile())).toBe(false);
  });

  it('uses the configured scopes, and reads the email from userinfo when the id_token has none', async () => {
    const scopes = ['https://www.googleapis.com/auth/userinfo.email', 'https://www.googleapis.com/auth/devstorage.read_only'];
    const service = make({ auth: googleAuth({ scopes }) });
    expect((await service.status()).scopes).toEqual(scopes);
    const { url } = await signIn(service);
    expect(new URL(url).searchParams.get('scope')).toBe(scopes.join(' '));
    expect((await service.status()).email).toBe(EMAIL); // no openid scope asked, yet the id_token names it; userinfo covers the rest
    expect(await service.accessToken(['https://www.googleapis.com/auth/devstorage.read_only'])).toBe(google.issued[0]);
  });
});

describe('Google sign-in, when it fails', () => {
  it('ends the flow on a state mismatch and stores nothing', async () => {
    google.consent = 'forge-state';
    const service = make();
    const { visit } = await signIn(service);
    expect(visit.status).toBe(400);
    expect(visit.html).toContain('state mismatch');
    const status = await service.status();
    expect(status).toMatchObject({ signedIn: false, pending: false, failure: { reason: 'state-mismatch' } });
    expect(google.grants).toEqual([]); // the code was never exchanged
    expect(await exists(sessionFile())).toBe(false);
    expect(await exists(credentialsFile())).toBe(false);
    expect(restarts).toEqual([]);
  });

  it('reports error=access_denied as a refusal', async () => {
    google.consent = 'deny';
    const service = make();
    const { visit } = await signIn(service);
    expect(visit.html).toContain('access_denied');
    expect(changes.at(-1)).toMatchObject({ signedIn: false, pending: false, failure: { reason: 'denied', message: expect.stringContaining('access_denied') } });
    expect(await exists(sessionFile())).toBe(false);
  });

  it('times out when nobody finishes in the browser, and closes the listener', async () => {
    browser.follow = false;
    const service = make({ timeoutMs: 150 });
    const { url } = await service.signIn();
    expect((await service.status()).pending).toBe(true);
    await service.settled();
    expect(await service.status()).toMatchObject({ pending: false, failure: { reason: 'timed-out' } });
    const redirect = new URL(url).searchParams.get('redirect_uri')!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(fetch(`${redirect}?state=x&code=y`)).rejects.toThrow();
  });

  it('refuses a token exchange without a refresh token', async () => {
    google.consent = 'no-refresh-token';
    const service = make();
    await signIn(service);
    expect(await service.status()).toMatchObject({ signedIn: false, failure: { reason: 'token-exchange' } });
  });

  it('replaces a waiting sign-in with a new one', async () => {
    browser.follow = false;
    const service = make();
    const first = await service.signIn();
    browser.follow = true;
    await signIn(service);
    expect((await service.status()).signedIn).toBe(true);
    const redirect = new URL(first.url).searchParams.get('redirect_uri')!;
    await expect(fetch(`${redirect}?state=x&code=y`)).rejects.toThrow();
  });

  it('signs out when Google no longer accepts the refresh token', async () => {
    const service = make();
    await signIn(service);
    google.refreshTokens.clear(); // revoked at Google's end
    clock.advance(3600_000);
    expect(await service.accessToken()).toBeUndefined();
    expect(await service.status()).toMatchObject({ signedIn: false, failure: { reason: 'expired' } });
    expect(await exists(sessionFile())).toBe(false);
    expect(await exists(credentialsFile())).toBe(false);
    expect(restarts.at(-1)).toBe('Google sign-in expired');
  });

  it('rejects (rather than claiming nobody is signed in) when Google cannot be reached to refresh', async () => {
    const service = make();
    await signIn(service);
    await google.close();
    clock.advance(3600_000);
    await expect(service.accessToken()).rejects.toThrow(/Could not refresh the Google access token/);
    expect((await service.status()).signedIn).toBe(true);
  });
});

describe('Google sign-in, as configured', () => {
  it.each([
    ['unset', {}, 'clientId'],
    ['empty (an unset allowlisted variable)', { clientId: '' }, 'clientId'],
    ['an unresolved {env:…} placeholder', { clientId: '{env:ACME_GOOGLE_OAUTH_CLIENT_ID}' }, 'clientId'],
    ['an unresolved ${…} placeholder', { clientId: CLIENT_ID, clientSecret: '${ACME_GOOGLE_OAUTH_CLIENT_SECRET}' }, 'clientSecret'],
    ['a blank secret', { clientId: CLIENT_ID, clientSecret: '  ' }, 'clientSecret'],
  ])('refuses a client id or secret that is %s, naming the field, and never falls back', async (_label, googleOAuth, field) => {
    const service = make({ auth: { mode: 'google-oauth', googleOAuth } });
    const refused = await service.signIn().catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining(`auth.googleOAuth.${field}`),
      data: { issues: expect.arrayContaining([expect.objectContaining({ pointer: `/auth/googleOAuth/${field}` })]) },
    });
    expect(browser.opened).toEqual([]);
    expect(google.authorizations).toEqual([]);
    const status = await service.status();
    expect(status).toMatchObject({ mode: 'google-oauth', signedIn: false, problem: expect.stringContaining(`auth.googleOAuth.${field}`) });
    expect(validStatus(status)).toBe(true);
    expect(await service.accessToken()).toBeUndefined();
  });

  it('says sign-in is not used when auth.mode is none', async () => {
    const service = make({ auth: { mode: 'none' } });
    expect(await service.status()).toEqual({ mode: 'none', signedIn: false, scopes: [], pending: false });
    await expect(service.signIn()).rejects.toMatchObject({ code: 'VALIDATION_FAILED', data: { issues: [{ pointer: '/auth/mode' }] } });
    expect(await service.accessToken()).toBeUndefined();
  });

  it('does not count a session signed in with another client', async () => {
    await signIn(make());
    const other = make({ auth: { mode: 'google-oauth', googleOAuth: { clientId: 'other.apps.googleusercontent.com', clientSecret: 's' } } });
    expect((await other.status()).signedIn).toBe(false);
    expect(await other.accessToken()).toBeUndefined();
  });
});

describe('Google sign-in, secure storage', () => {
  /** A cipher like the desktop's when the OS keychain is missing. */
  const unavailableCipher = (): SecretCipher => ({
    kind: 'safe-storage',
    available: () => false,
    encrypt: () => Promise.reject(new Error('encrypt must not be called')),
    decrypt: () => Promise.reject(new Error('decrypt must not be called')),
  });

  it('refuses to sign in when secrets cannot be sealed and plaintext is not allowed', async () => {
    const service = make({ cipher: unavailableCipher() });
    await expect(service.signIn()).rejects.toMatchObject({ code: 'SECRET_STORAGE_UNAVAILABLE', message: expect.stringContaining('will not') });
    expect(browser.opened).toEqual([]);
    expect(await exists(sessionFile())).toBe(false);
  });

  it('refuses at save time too, when the cipher fails on the way', async () => {
    const { CodedError } = await import('@open-cowork/contracts');
    const failing: SecretCipher = {
      kind: 'flaky',
      encrypt: () => Promise.reject(new CodedError('SECRET_STORAGE_UNAVAILABLE', 'keychain locked')),
      decrypt: () => Promise.reject(new Error('unused')),
    };
    const service = make({ cipher: failing });
    await signIn(service);
    expect(await service.status()).toMatchObject({ signedIn: false, failure: { reason: 'storage' } });
    expect(await exists(sessionFile())).toBe(false);
    expect(await exists(credentialsFile())).toBe(false);
  });

  it('stores the session unsealed only in a development run that asked for it, and says so', async () => {
    const service = make({ cipher: unavailableCipher(), allowPlaintext: true });
    await signIn(service);
    expect((await service.status()).signedIn).toBe(true);
    expect(JSON.parse(await readFile(sessionFile(), 'utf8'))).toMatchObject({ plaintext: { refreshToken: expect.any(String) } });
    expect(logs.some((record) => record.level === 'warn' && record.message.includes('UNSEALED'))).toBe(true);
    // A run that may not use plaintext ignores that file.
    expect((await make({ cipher: unavailableCipher() }).status()).signedIn).toBe(false);
  });

  it('honours the development flag only in an unpackaged build', () => {
    const env = { OPEN_COWORK_ALLOW_PLAINTEXT_SECRETS: '1' };
    expect(plaintextSecretsAllowed({ packaged: false, env })).toBe(true);
    expect(plaintextSecretsAllowed({ packaged: true, env })).toBe(false);
    expect(plaintextSecretsAllowed({ packaged: undefined, env })).toBe(false);
    expect(plaintextSecretsAllowed({ packaged: false, env: {} })).toBe(false);
    expect(plaintextSecretsAllowed({ packaged: false, env: { OPEN_COWORK_ALLOW_PLAINTEXT_SECRETS: 'true' } })).toBe(false);
  });

  it('reports a session it cannot open as a storage failure and lets the user sign in again', async () => {
    await signIn(make());
    const other = make({ cipher: new MemoryCipher() }); // another key
    expect(await other.status()).toMatchObject({ signedIn: false, failure: { reason: 'storage' } });
    changes = [];
    await signIn(other);
    expect((await other.status()).signedIn).toBe(true);
  });
});

describe('the contract never carries a token', () => {
  it('has no token fields in the status schema or the event payload', () => {
    const text = JSON.stringify([resultSchemaOf('auth.status'), payloadSchemaOf('auth.changed'), resultSchemaOf('auth.signIn')]);
    const properties = [...text.matchAll(/"properties":\{([^]*?)\}/g)].join(' ');
    expect(properties).not.toMatch(/"(access|refresh|id)_?[Tt]oken"|"token"|"secret"|"clientSecret"/);
    expect(validStatus({ mode: 'google-oauth', signedIn: true, scopes: [], pending: false, accessToken: 'x' })).toBe(false);
  });
});
