// The app's Google sign-in (config `auth.mode: "google-oauth"`): the authorization-code flow
// with PKCE through the system browser and a loopback redirect, the sealed session, the
// application-default-credentials file for `googleAuth` MCP servers, and access tokens for
// other host parts (GoogleTokenSource). Clients only ever see AuthStatus: never a token.
import { existsSync } from 'node:fs';
import type { OpenCoworkConfig } from '@open-cowork/config';
import { CodedError, HostErrorCode, type AuthFailure, type AuthStatus } from '@open-cowork/contracts';
import type { Logger } from '../log/index.js';
import type { BrowserOpener } from '../ports/browser-opener.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { SecretCipher } from '../ports/secret-cipher.js';
import { removeApplicationDefaultCredentials, writeApplicationDefaultCredentials } from './adc.js';
import type { CallbackPage } from './callback-page.js';
import { authSetup, type AuthSetup, type GoogleClient } from './client-config.js';
import { googleEndpoints, type GoogleEndpoints } from './endpoints.js';
import type { GoogleTokenSource } from './token-source.js';
import { listenForRedirect, type LoopbackListener, type RedirectParams } from './loopback.js';
import { GoogleOAuthClient, GoogleOAuthError, idTokenEmail, type Fetch } from './oauth-client.js';
import { challengeOf, newState, newVerifier } from './pkce.js';
import { GoogleSessionStore, type GoogleSession } from './token-store.js';

/** How long a sign-in waits for the browser. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;
/** Access tokens are refreshed when they have less than this left. */
export const REFRESH_MARGIN_MS = 60_000;

export interface GoogleSignInOptions {
  readonly auth: OpenCoworkConfig['auth'];
  /** The product name on the page the browser lands on. */
  readonly brand: string;
  /** The sealed session file. */
  readonly sessionFile: string;
  /** The application-default-credentials file (`appPaths(dataDir).googleCredentialsFile`). */
  readonly credentialsFile: string;
  readonly cipher: SecretCipher;
  /** See plaintextSecretsAllowed: development runs only. */
  readonly allowPlaintext?: boolean;
  /** Opens the consent page; without one, the client shows the URL. */
  readonly browser?: BrowserOpener;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Google's endpoints unless told otherwise (tests point them at a local server). */
  readonly endpoints?: Partial<GoogleEndpoints>;
  readonly fetch?: Fetch;
  readonly timeoutMs?: number;
  readonly refreshMarginMs?: number;
  /** Revoke the grant at sign-out (best effort). Default true. */
  readonly revokeOnSignOut?: boolean;
  /** Called with the new status after every change (the host publishes auth.changed). */
  readonly onChange?: (status: AuthStatus) => void;
  /** Reloads the runtime so `googleAuth` MCP servers get (or lose) the credentials file. */
  readonly requestRestart?: (reason: string) => void;
}

interface Flow {
  readonly state: string;
  readonly verifier: string;
  readonly redirectUri: string;
  readonly listener: LoopbackListener;
  readonly timer: NodeJS.Timeout;
  /** Resolves when the flow has ended, however. */
  readonly done: Promise<void>;
  readonly finish: () => void;
}

export class GoogleSignIn implements GoogleTokenSource {
  readonly #options: GoogleSignInOptions;
  readonly #setup: AuthSetup;
  readonly #oauth: GoogleOAuthClient | undefined;
  readonly #store: GoogleSessionStore;
  readonly #logger: Logger;
  readonly #clock: Clock;
  /** undefined: not read yet; null: read, none. */
  #session: GoogleSession | null | undefined;
  #loading: Promise<GoogleSession | null> | undefined;
  #flow: Flow | undefined;
  #failure: AuthFailure | undefined;
  #refreshing: Promise<string | undefined> | undefined;
  /** Bumped by every sign-in and sign-out, so a refresh that raced one is dropped. */
  #generation = 0;

  constructor(options: GoogleSignInOptions) {
    this.#options = options;
    this.#setup = authSetup(options.auth);
    this.#logger = options.logger;
    this.#clock = options.clock ?? systemClock;
    const client = this.#setup.client;
    this.#oauth =
      client === undefined
        ? undefined
        : new GoogleOAuthClient({ endpoints: googleEndpoints(options.endpoints), client, ...(options.fetch !== undefined ? { fetch: options.fetch } : {}) });
    this.#store = new GoogleSessionStore({
      file: options.sessionFile,
      cipher: options.cipher,
      allowPlaintext: options.allowPlaintext === true,
      logger: options.logger,
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
    });
  }

  /** The state clients may see. */
  async status(): Promise<AuthStatus> {
    const setup = this.#setup;
    if (setup.mode === 'none') return { mode: 'none', signedIn: false, scopes: [], pending: false };
    const session = await this.#current();
    const problem = setup.issues.map((issue) => issue.message).join(' ');
    return {
      mode: 'google-oauth',
      signedIn: session !== undefined,
      ...(session?.email !== undefined ? { email: session.email } : {}),
      scopes: [...new Set(session?.scopes ?? setup.scopes)],
      ...(session?.expiresAt !== undefined ? { expiresAt: session.expiresAt } : {}),
      pending: this.#flow !== undefined,
      ...(problem !== '' ? { problem } : {}),
      ...(this.#failure !== undefined ? { failure: this.#failure } : {}),
    };
  }

  /**
   * Starts a sign-in and answers with the consent page's URL once the browser was asked to
   * open it; the outcome arrives through `onChange`. A sign-in already waiting is replaced.
   */
  async signIn(): Promise<{ url: string }> {
    const client = this.#clientOrThrow();
    this.#store.assertCanSave();
    const verifier = newVerifier();
    const state = newState();
    const slot: { flow?: Flow } = {};
    const listener = await listenForRedirect({
      brand: this.#options.brand,
      handle: (params) => (slot.flow === undefined ? Promise.resolve(notCurrent()) : this.#complete(slot.flow, client, params)),
    });
    this.#endFlow(); // the one waiting until now (also one started while this listener opened)
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const timeoutMs = this.#options.timeoutMs ?? SIGN_IN_TIMEOUT_MS;
    const timer = setTimeout(() => {
      if (this.#flow !== slot.flow) return;
      this.#fail(slot.flow, 'timed-out', `Nobody finished signing in within ${formatDuration(timeoutMs)}. Sign in again when you are ready.`);
    }, timeoutMs);
    timer.unref();
    const flow: Flow = { state, verifier, redirectUri: listener.redirectUri, listener, timer, done, finish };
    slot.flow = flow;
    this.#flow = flow;
    this.#failure = undefined;
    const url = this.#oauth!.authorizationUrl({ redirectUri: listener.redirectUri, state, challenge: challengeOf(verifier) });
    this.#logger.info('Google sign-in started; waiting for the browser', { redirect: listener.redirectUri });
    await this.#changed();
    const browser = this.#options.browser;
    if (browser === undefined) {
      this.#logger.info('no browser opener: the client shows the sign-in link');
    } else {
      browser.open(url).catch((error: unknown) => this.#logger.warn(`could not open the browser for Google sign-in: ${(error as Error).message}`));
    }
    return { url };
  }

  /** Resolves when the sign-in in progress (if any) has ended. */
  async settled(): Promise<void> {
    await this.#flow?.done;
  }

  /** Forgets the session here (tokens and the credentials file), then revokes it at Google, best effort. */
  async signOut(): Promise<void> {
    const waiting = this.#flow !== undefined;
    this.#endFlow();
    this.#generation += 1;
    let session: GoogleSession | undefined;
    try {
      session = (await this.#load()) ?? undefined;
    } catch {
      session = undefined; // unreadable: forgotten all the same
    }
    await this.#store.clear();
    const hadCredentials = existsSync(this.#options.credentialsFile);
    await removeApplicationDefaultCredentials(this.#options.credentialsFile);
    this.#session = null;
    this.#failure = undefined;
    if (session !== undefined || waiting) this.#logger.info('signed out of Google');
    await this.#changed();
    if (hadCredentials || session !== undefined) this.#options.requestRestart?.('Google sign-out');
    if (session !== undefined && this.#oauth !== undefined && this.#options.revokeOnSignOut !== false) {
      try {
        await this.#oauth.revoke(session.refreshToken);
      } catch (error) {
        this.#logger.info(`could not revoke the Google sign-in (it stays valid at Google until it expires or the user removes it): ${(error as Error).message}`);
      }
    }
  }

  /**
   * A valid access token for the signed-in user, refreshed first when it is close to
   * expiry; undefined when nobody is signed in or the grant lacks one of `requiredScopes`.
   * Rejects when Google cannot be reached to refresh it.
   */
  async accessToken(requiredScopes: string[] = []): Promise<string | undefined> {
    const session = await this.#current().catch(() => undefined);
    if (session === undefined) return undefined;
    if (!requiredScopes.every((scope) => session.scopes.includes(scope))) return undefined;
    const margin = this.#options.refreshMarginMs ?? REFRESH_MARGIN_MS;
    if (session.accessToken !== undefined && session.expiresAt !== undefined && session.expiresAt - this.#clock.now() > margin) {
      return session.accessToken;
    }
    this.#refreshing ??= this.#refresh(session).finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /**
   * Brings the credentials file in line with the stored session (at host start, before the
   * runtime reads it): written while signed in, removed otherwise (and in builds without
   * Google sign-in, so a leftover never reaches an MCP server).
   */
  async restore(): Promise<void> {
    const file = this.#options.credentialsFile;
    let session: GoogleSession | undefined;
    try {
      session = this.#setup.mode === 'none' ? undefined : await this.#current();
    } catch (error) {
      this.#logger.warn(`the stored Google sign-in cannot be read; sign in again: ${(error as Error).message}`);
    }
    const client = this.#setup.client;
    if (session !== undefined && client !== undefined) {
      if (!existsSync(file)) await this.#writeCredentials(client, session);
    } else if (existsSync(file)) {
      await removeApplicationDefaultCredentials(file);
      this.#logger.info('removed Google credentials left from an earlier sign-in');
    }
  }

  /** Ends a waiting sign-in (host stop). */
  dispose(): void {
    this.#endFlow();
  }

  // ---- the flow ----

  async #complete(flow: Flow, client: GoogleClient, params: RedirectParams): Promise<CallbackPage> {
    if (this.#flow !== flow) return notCurrent();
    if (params.state !== flow.state) {
      return this.#fail(flow, 'state-mismatch', 'The browser returned an answer that does not belong to this sign-in (state mismatch), so it was ignored. Sign in again.');
    }
    if (params.error !== undefined) {
      const code = params.error.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64);
      if (code === 'access_denied') return this.#fail(flow, 'denied', 'Google sign-in was cancelled or refused (access_denied).');
      return this.#fail(flow, 'failed', `Google ended the sign-in with "${code}"${params.errorDescription ? `: ${params.errorDescription.slice(0, 200)}` : ''}.`);
    }
    if (params.code === undefined || params.code === '') return this.#fail(flow, 'failed', 'The browser returned without an authorization code.');
    const oauth = this.#oauth!;
    let session: GoogleSession;
    try {
      const grant = await oauth.exchangeCode({ code: params.code, redirectUri: flow.redirectUri, verifier: flow.verifier });
      if (grant.refreshToken === undefined) {
        return this.#fail(flow, 'token-exchange', 'Google did not hand out a refresh token, so the sign-in could not be kept. Sign in again.');
      }
      let email = grant.idToken !== undefined ? idTokenEmail(grant.idToken, client.clientId) : undefined;
      if (email === undefined) {
        email = await oauth.email(grant.accessToken).catch((error: unknown) => {
          this.#logger.warn(`could not read the Google account's email address: ${(error as Error).message}`);
          return undefined;
        });
      }
      const now = this.#clock.now();
      session = {
        clientId: client.clientId,
        refreshToken: grant.refreshToken,
        accessToken: grant.accessToken,
        ...(grant.expiresIn !== undefined ? { expiresAt: now + grant.expiresIn * 1000 } : {}),
        scopes: grant.scopes ?? client.scopes,
        ...(email !== undefined ? { email } : {}),
        signedInAt: now,
      };
    } catch (error) {
      if (error instanceof GoogleOAuthError) return this.#fail(flow, 'token-exchange', `Google sign-in could not be completed: ${error.message}`);
      return this.#fail(flow, 'failed', `Google sign-in could not be completed: ${(error as Error).message}`);
    }
    if (this.#flow !== flow) return notCurrent();
    try {
      await this.#store.save(session);
    } catch (error) {
      const reason = error instanceof CodedError && error.code === HostErrorCode.SecretStorageUnavailable ? 'storage' : 'failed';
      return this.#fail(flow, reason, (error as Error).message);
    }
    if (this.#flow !== flow) {
      // Signed out or replaced while saving: put back what counts now.
      const current = this.#session;
      await (current ? this.#store.save(current) : this.#store.clear()).catch(() => undefined);
      return notCurrent();
    }
    this.#generation += 1;
    this.#session = session;
    await this.#writeCredentials(client, session);
    this.#endFlow();
    this.#logger.info('signed in with Google', { scopes: session.scopes.length });
    await this.#changed();
    this.#options.requestRestart?.('Google sign-in');
    return { ok: true, message: session.email !== undefined ? `Signed in as ${session.email}.` : 'Signed in.' };
  }

  /** Ends `flow` (if still current) with `reason`, tells the client, and returns the page for the browser. */
  #fail(flow: Flow | undefined, reason: AuthFailure['reason'], message: string): CallbackPage {
    if (this.#flow === undefined || (flow !== undefined && this.#flow !== flow)) return notCurrent();
    this.#failure = { reason, message };
    this.#logger.warn(`Google sign-in failed (${reason}): ${message}`);
    this.#endFlow();
    void this.#changed();
    return { ok: false, message };
  }

  #endFlow(): void {
    const flow = this.#flow;
    if (flow === undefined) return;
    this.#flow = undefined;
    clearTimeout(flow.timer);
    // The page for the browser is still being written: let it finish, then close.
    setImmediate(() => void flow.listener.close());
    flow.finish();
  }

  // ---- the session ----

  async #refresh(session: GoogleSession): Promise<string | undefined> {
    const oauth = this.#oauth;
    const client = this.#setup.client;
    if (oauth === undefined || client === undefined) return undefined;
    const generation = this.#generation;
    let grant;
    try {
      grant = await oauth.refresh(session.refreshToken);
    } catch (error) {
      if (error instanceof GoogleOAuthError && (error.oauthError === 'invalid_grant' || error.oauthError === 'unauthorized_client')) {
        if (generation === this.#generation) await this.#expire();
        return undefined;
      }
      throw new Error(`Could not refresh the Google access token: ${(error as Error).message}`, { cause: error });
    }
    if (generation !== this.#generation) return undefined; // signed out meanwhile
    const next: GoogleSession = {
      ...session,
      accessToken: grant.accessToken,
      ...(grant.expiresIn !== undefined ? { expiresAt: this.#clock.now() + grant.expiresIn * 1000 } : {}),
      ...(grant.refreshToken !== undefined ? { refreshToken: grant.refreshToken } : {}),
      ...(grant.scopes !== undefined ? { scopes: grant.scopes } : {}),
    };
    this.#session = next;
    try {
      await this.#store.save(next);
      if (grant.refreshToken !== undefined && grant.refreshToken !== session.refreshToken) await this.#writeCredentials(client, next);
    } catch (error) {
      this.#logger.warn(`could not store the refreshed Google token: ${(error as Error).message}`);
    }
    await this.#changed();
    return grant.accessToken;
  }

  /** Google no longer accepts the refresh token: forget the session. */
  async #expire(): Promise<void> {
    this.#generation += 1;
    await this.#store.clear();
    await removeApplicationDefaultCredentials(this.#options.credentialsFile);
    this.#session = null;
    this.#failure = { reason: 'expired', message: 'Google no longer accepts the stored sign-in (it was revoked or expired). Sign in again.' };
    this.#logger.warn('the Google sign-in was revoked or expired; signed out');
    await this.#changed();
    this.#options.requestRestart?.('Google sign-in expired');
  }

  /** The session that counts now: stored, and for the configured client. */
  async #current(): Promise<GoogleSession | undefined> {
    if (this.#setup.client === undefined) return undefined;
    let session: GoogleSession | null;
    try {
      session = await this.#load();
    } catch (error) {
      this.#failure ??= { reason: 'storage', message: `The stored Google sign-in cannot be read (${(error as Error).message}). Sign in again.` };
      return undefined;
    }
    return session !== null && session.clientId === this.#setup.client.clientId ? session : undefined;
  }

  #load(): Promise<GoogleSession | null> {
    if (this.#session !== undefined) return Promise.resolve(this.#session);
    this.#loading ??= this.#store
      .load()
      .then((session) => {
        this.#session ??= session ?? null;
        return this.#session;
      })
      .finally(() => (this.#loading = undefined));
    return this.#loading;
  }

  async #writeCredentials(client: GoogleClient, session: GoogleSession): Promise<void> {
    try {
      await writeApplicationDefaultCredentials(this.#options.credentialsFile, {
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        refreshToken: session.refreshToken,
      });
    } catch (error) {
      this.#logger.warn(`could not write the Google credentials file for MCP servers: ${(error as Error).message}`);
    }
  }

  #clientOrThrow(): GoogleClient {
    const setup = this.#setup;
    if (setup.mode === 'none') {
      throw new CodedError(HostErrorCode.ValidationFailed, 'This build does not use sign-in (auth.mode is "none").', {
        issues: [{ pointer: '/auth/mode', message: 'auth.mode is "none"; set it to "google-oauth" to enable Google sign-in.' }],
      });
    }
    if (setup.client === undefined) {
      throw new CodedError(HostErrorCode.ValidationFailed, setup.issues.map((issue) => issue.message).join(' '), { issues: setup.issues });
    }
    return setup.client;
  }

  async #changed(): Promise<void> {
    const listener = this.#options.onChange;
    if (listener === undefined) return;
    try {
      listener(await this.status());
    } catch (error) {
      this.#logger.warn(`could not report the sign-in state: ${(error as Error).message}`);
    }
  }
}

function notCurrent(): CallbackPage {
  return { ok: false, message: 'This sign-in is no longer current: another one replaced it, or you signed out.' };
}

function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${Math.round(ms / 1000)} seconds`;
}
