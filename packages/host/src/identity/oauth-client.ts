// Google's OAuth 2.0 endpoints, spoken plainly: the authorization URL, the token endpoint
// (authorization_code with PKCE, refresh_token), userinfo and revoke. Errors carry Google's
// `error` code and description, never a token or a request body.
import type { GoogleEndpoints } from './endpoints.js';
import type { GoogleClient } from './client-config.js';

export type Fetch = typeof fetch;

const TIMEOUT_MS = 30_000;

/** A token endpoint answer, in our names. */
export interface TokenGrant {
  readonly accessToken: string;
  /** Seconds the access token lives, when said. */
  readonly expiresIn?: number;
  readonly refreshToken?: string;
  /** Granted scopes (space separated in the answer), when said. */
  readonly scopes?: readonly string[];
  readonly idToken?: string;
}

/** A refusal from Google (or a failure to reach it). `oauthError` is Google's code, e.g. "invalid_grant". */
export class GoogleOAuthError extends Error {
  readonly oauthError: string;
  readonly status: number | undefined;

  constructor(message: string, oauthError: string, status?: number) {
    super(message);
    this.name = 'GoogleOAuthError';
    this.oauthError = oauthError;
    this.status = status;
  }
}

export class GoogleOAuthClient {
  readonly #endpoints: GoogleEndpoints;
  readonly #client: GoogleClient;
  readonly #fetch: Fetch;

  constructor(options: { readonly endpoints: GoogleEndpoints; readonly client: GoogleClient; readonly fetch?: Fetch }) {
    this.#endpoints = options.endpoints;
    this.#client = options.client;
    this.#fetch = options.fetch ?? fetch;
  }

  /** The consent page for one sign-in. `access_type=offline` + `prompt=consent` make Google hand out a refresh token every time. */
  authorizationUrl(request: { readonly redirectUri: string; readonly state: string; readonly challenge: string }): string {
    const url = new URL(this.#endpoints.authorization);
    const params: Record<string, string> = {
      client_id: this.#client.clientId,
      redirect_uri: request.redirectUri,
      response_type: 'code',
      scope: this.#client.scopes.join(' '),
      state: request.state,
      code_challenge: request.challenge,
      code_challenge_method: 'S256',
      access_type: 'offline',
      prompt: 'consent',
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.href;
  }

  exchangeCode(request: { readonly code: string; readonly redirectUri: string; readonly verifier: string }): Promise<TokenGrant> {
    return this.#token({
      grant_type: 'authorization_code',
      code: request.code,
      redirect_uri: request.redirectUri,
      code_verifier: request.verifier,
    });
  }

  refresh(refreshToken: string): Promise<TokenGrant> {
    return this.#token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** The account's email address from the userinfo endpoint, when it says. */
  async email(accessToken: string): Promise<string | undefined> {
    const response = await this.#call(this.#endpoints.userinfo, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
    if (!response.ok) throw new GoogleOAuthError(`Google's userinfo endpoint answered ${response.status}.`, 'userinfo_failed', response.status);
    const body = (await response.json().catch(() => undefined)) as { email?: unknown } | undefined;
    return typeof body?.email === 'string' && body.email !== '' ? body.email : undefined;
  }

  /** Revokes a token (a refresh token revokes the whole grant). */
  async revoke(token: string, timeoutMs = 5_000): Promise<void> {
    const response = await this.#call(
      this.#endpoints.revoke,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() },
      timeoutMs,
    );
    if (!response.ok) throw new GoogleOAuthError(`Google's revoke endpoint answered ${response.status}.`, 'revoke_failed', response.status);
  }

  async #token(grant: Record<string, string>): Promise<TokenGrant> {
    const body = new URLSearchParams({ ...grant, client_id: this.#client.clientId, client_secret: this.#client.clientSecret });
    const response = await this.#call(this.#endpoints.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
    const json = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!response.ok || json === undefined) {
      const code = typeof json?.['error'] === 'string' ? json['error'] : 'token_request_failed';
      const description = typeof json?.['error_description'] === 'string' ? `: ${json['error_description']}` : '';
      throw new GoogleOAuthError(`Google's token endpoint refused the request (${response.status} ${code}${description}).`, code, response.status);
    }
    const accessToken = json['access_token'];
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new GoogleOAuthError("Google's token endpoint answered without an access token.", 'invalid_response', response.status);
    }
    const expiresIn = Number(json['expires_in']);
    return {
      accessToken,
      ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresIn } : {}),
      ...(typeof json['refresh_token'] === 'string' && json['refresh_token'] !== '' ? { refreshToken: json['refresh_token'] } : {}),
      ...(typeof json['scope'] === 'string' ? { scopes: json['scope'].split(/\s+/).filter((scope) => scope !== '') } : {}),
      ...(typeof json['id_token'] === 'string' ? { idToken: json['id_token'] } : {}),
    };
  }

  async #call(url: string, init: RequestInit, timeoutMs = TIMEOUT_MS): Promise<Response> {
    try {
      return await this.#fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const why = (error as Error).name === 'TimeoutError' ? `no answer within ${Math.round(timeoutMs / 1000)} s` : (error as Error).message;
      throw new GoogleOAuthError(`Could not reach ${new URL(url).host} (${why}).`, 'unreachable');
    }
  }
}

/**
 * The claims of an id_token, unverified: it came straight from the token endpoint over TLS,
 * which OpenID Connect Core §3.1.3.7 accepts in place of a signature check. The audience is
 * still checked. Undefined when it is not a JWT or names another client.
 */
export function idTokenEmail(idToken: string, clientId: string): string | undefined {
  const payload = idToken.split('.')[1];
  if (payload === undefined) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const audience = claims['aud'];
  const audiences = Array.isArray(audience) ? audience : [audience];
  if (!audiences.includes(clientId)) return undefined;
  if (claims['email_verified'] === false) return undefined;
  return typeof claims['email'] === 'string' && claims['email'] !== '' ? claims['email'] : undefined;
}
