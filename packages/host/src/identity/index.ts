// Google sign-in for the host: the OAuth flow, the sealed token store, and the token source
// other host parts (update feeds, catalogs) ask for an access token.

export type { GoogleTokenSource } from './token-source.js';
export { authSetup, DEFAULT_GOOGLE_SCOPES, isUnsetOrPlaceholder, type AuthSetup, type GoogleClient } from './client-config.js';
export { GOOGLE_ENDPOINTS, googleEndpoints, type GoogleEndpoints } from './endpoints.js';
export { GoogleSignIn, REFRESH_MARGIN_MS, SIGN_IN_TIMEOUT_MS, type GoogleSignInOptions } from './google-sign-in.js';
export { authHandlers } from './service.js';
export { ALLOW_PLAINTEXT_ENV, plaintextSecretsAllowed, type GoogleSession } from './token-store.js';
