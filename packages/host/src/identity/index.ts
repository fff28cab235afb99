// Google sign-in for the host: the OAuth flow, the sealed token store, and the token source
// other host parts (update feeds, catalogs) ask for an access token.

/** What other host parts use to call Google APIs as the signed-in user. */
export interface GoogleTokenSource {
  /**
   * A fresh access token (refreshed first when it is near expiry), or undefined when nobody is
   * signed in or the granted scopes do not include every one of `requiredScopes`.
   */
  accessToken(requiredScopes?: string[]): Promise<string | undefined>;
}

export { authSetup, DEFAULT_GOOGLE_SCOPES, isUnsetOrPlaceholder, type AuthSetup, type GoogleClient } from './client-config.js';
export { GOOGLE_ENDPOINTS, googleEndpoints, type GoogleEndpoints } from './endpoints.js';
export { GoogleSignIn, REFRESH_MARGIN_MS, SIGN_IN_TIMEOUT_MS, type GoogleSignInOptions } from './google-sign-in.js';
export { authHandlers } from './handlers.js';
export { ALLOW_PLAINTEXT_ENV, plaintextSecretsAllowed, type GoogleSession } from './token-store.js';
