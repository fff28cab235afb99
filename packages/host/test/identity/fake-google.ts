// A stand-in for Google's OAuth 2.0 endpoints on 127.0.0.1, strict where the real ones are:
// the authorization endpoint checks the client, the redirect URI and the PKCE method and
// redirects back with a code (or an error); the token endpoint checks the client secret, that
// the code is used once, by the same redirect URI, with the verifier matching the challenge,
// and serves refresh_token grants; userinfo and revoke complete the set. And a "browser" that
// follows the consent redirect back to the app's loopback listener.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserOpener } from '../../src/ports/index.js';

export const CLIENT_ID = 'test-client.apps.googleusercontent.com';
export const CLIENT_SECRET = 'test-client-secret';
export const EMAIL = 'ada@example.test';

/** What the consent screen does with the next authorization request. */
export type Consent = 'approve' | 'deny' | 'forge-state' | 'no-refresh-token';

interface Grant {
  readonly challenge: string;
  readonly redirectUri: string;
  readonly scopes: string;
}

export interface FakeGoogle {
  readonly endpoints: { authorization: string; token: string; userinfo: string; revoke: string };
  consent: Consent;
  /** Seconds each access token lives. */
  expiresIn: number;
  /** Every access and refresh token handed out (to search files and logs for). */
  readonly issued: string[];
  readonly refreshTokens: Set<string>;
  readonly revoked: string[];
  /** Grant types the token endpoint served, in order. */
  readonly grants: string[];
  /** Every token-endpoint refusal (error code). */
  readonly refusals: string[];
  /** Authorization requests seen (their query). */
  readonly authorizations: URLSearchParams[];
  close(): Promise<void>;
}

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const codes = new Map<string, Grant>();
  const accessTokens = new Set<string>();
  const holder: { server?: Server } = {};
  const fake: FakeGoogle = {
    endpoints: { authorization: '', token: '', userinfo: '', revoke: '' },
    consent: 'approve',
    expiresIn: 3600,
    issued: [],
    refreshTokens: new Set(),
    revoked: [],
    grants: [],
    refusals: [],
    authorizations: [],
    close: () =>
      new Promise<void>((resolve) => {
        holder.server!.close(() => resolve());
        holder.server!.closeAllConnections();
      }),
  };

  const token = (prefix: string) => {
    const value = `${prefix}${randomBytes(12).toString('hex')}`;
    fake.issued.push(value);
    return value;
  };

  function authorize(url: URL, response: ServerResponse): void {
    const query = url.searchParams;
    fake.authorizations.push(query);
    const redirectUri = query.get('redirect_uri') ?? '';
    if (query.get('client_id') !== CLIENT_ID) return send(response, 400, { error: 'invalid_client' });
    if (!/^http:\/\/127\.0\.0\.1:\d+\/[a-z]*$/.test(redirectUri)) return send(response, 400, { error: 'redirect_uri_mismatch' });
    if (query.get('response_type') !== 'code' || query.get('code_challenge_method') !== 'S256' || (query.get('code_challenge') ?? '').length < 43) {
      return send(response, 400, { error: 'invalid_request' });
    }
    const back = new URL(redirectUri);
    const state = query.get('state') ?? '';
    if (fake.consent === 'deny') {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('state', state);
    } else {
      const code = `4/fake-code-${randomBytes(8).toString('hex')}`;
      codes.set(code, { challenge: query.get('code_challenge')!, redirectUri, scopes: query.get('scope') ?? '' });
      back.searchParams.set('code', code);
      back.searchParams.set('state', fake.consent === 'forge-state' ? 'forged-state' : state);
      back.searchParams.set('scope', query.get('scope') ?? '');
    }
    response.writeHead(302, { location: back.href });
    response.end();
  }

  async function tokenEndpoint(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.headers['content-type'] !== 'application/x-www-form-urlencoded') return refuse(response, 'invalid_request', 'form body expected');
    const form = new URLSearchParams(await bodyOf(request));
    const grantType = form.get('grant_type') ?? '';
    if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) return refuse(response, 'invalid_client', 'Unauthorized', 401);
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const grant = codes.get(code);
      codes.delete(code); // single use, whatever happens next
      if (grant === undefined) return refuse(response, 'invalid_grant', 'Malformed auth code.');
      if (form.get('redirect_uri') !== grant.redirectUri) return refuse(response, 'redirect_uri_mismatch', 'Bad Request');
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return refuse(response, 'invalid_grant', 'Invalid code verifier.');
      fake.grants.push(grantType);
      const access = token('ya29.fake-access-');
      accessTokens.add(access);
      const refresh = fake.consent === 'no-refresh-token' ? undefined : token('1//fake-refresh-');
      if (refresh !== undefined) fake.refreshTokens.add(refresh);
      return send(response, 200, {
        access_token: access,
        expires_in: fake.expiresIn,
        ...(refresh !== undefined ? { refresh_token: refresh } : {}),
        scope: grant.scopes,
        token_type: 'Bearer',
        id_token: idToken({ iss: 'https://accounts.google.com', aud: CLIENT_ID, sub: '1234567890', email: EMAIL, email_verified: true }),
      });
    }
    if (grantType === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      if (!fake.refreshTokens.has(refresh)) return refuse(response, 'invalid_grant', 'Token has been expired or revoked.');
      fake.grants.push(grantType);
      const access = token('ya29.fake-access-');
      accessTokens.add(access);
      return send(response, 200, { access_token: access, expires_in: fake.expiresIn, token_type: 'Bearer' });
    }
    return refuse(response, 'unsupported_grant_type', grantType);
  }

  function refuse(response: ServerResponse, error: string, description: string, status = 400): void {
    fake.refusals.push(error);
    send(response, status, { error, error_description: description });
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET' && url.pathname === '/o/oauth2/v2/auth') return authorize(url, response);
    if (request.method === 'POST' && url.pathname === '/token') return void tokenEndpoint(request, response);
    if (request.method === 'GET' && url.pathname === '/v1/userinfo') {
      const bearer = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      return accessTokens.has(bearer) ? send(response, 200, { sub: '1234567890', email: EMAIL, email_verified: true }) : send(response, 401, { error: 'invalid_token' });
    }
    if (request.method === 'POST' && url.pathname === '/revoke') {
      return void bodyOf(request).then((body) => {
        const revoked = new URLSearchParams(body).get('token') ?? '';
        fake.revoked.push(revoked);
        fake.refreshTokens.delete(revoked);
        send(response, 200, {});
      });
    }
    send(response, 404, { error: 'not_found' });
  });
  holder.server = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(fake.endpoints, {
    authorization: `${base}/o/oauth2/v2/auth`,
    token: `${base}/token`,
    userinfo: `${base}/v1/userinfo`,
    revoke: `${base}/revoke`,
  });
  return fake;
}

/** What the fake browser saw on the loopback listener. */
export interface Visit {
  readonly url: string;
  readonly status: number;
  readonly html: string;
  readonly headers: Headers;
}

/**
 * The system browser, as far as the flow can tell: opens the consent page and follows its
 * redirect to the app's loopback listener. With `follow: false` it opens the page and stops
 * there (a user who never finishes).
 */
export class FakeBrowser implements BrowserOpener {
  readonly opened: string[] = [];
  readonly visits: Promise<Visit>[] = [];
  follow = true;

  async open(url: string): Promise<void> {
    this.opened.push(url);
    if (this.follow) this.visits.push(this.#visit(url));
  }

  /** The last visit's landing page. */
  lastVisit(): Promise<Visit> {
    const visit = this.visits.at(-1);
    if (visit === undefined) throw new Error('the browser visited nothing');
    return visit;
  }

  async #visit(url: string): Promise<Visit> {
    const consent = await fetch(url, { redirect: 'manual' });
    const location = consent.headers.get('location');
    if (consent.status !== 302 || location === null) throw new Error(`the consent page answered ${consent.status}: ${await consent.text()}`);
    const landing = await fetch(location, { redirect: 'manual' });
    return { url: location, status: landing.status, html: await landing.text(), headers: landing.headers };
  }
}

function idToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${randomBytes(32).toString('base64url')}`;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function bodyOf(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
