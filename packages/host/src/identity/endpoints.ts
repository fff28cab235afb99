// Where the Google sign-in talks to. Google's own endpoints by default; tests (and a
// downstream proxy, if one ever needs it) pass others.

export interface GoogleEndpoints {
  /** The consent page the browser opens (OAuth 2.0 authorization endpoint). */
  readonly authorization: string;
  /** Exchanges an authorization code or a refresh token for tokens. */
  readonly token: string;
  /** OpenID Connect userinfo: the email address when the id_token carries none. */
  readonly userinfo: string;
  /** Revokes a token (sign-out, best effort). */
  readonly revoke: string;
}

export const GOOGLE_ENDPOINTS: GoogleEndpoints = {
  authorization: 'https://accounts.google.com/o/oauth2/v2/auth',
  token: 'https://oauth2.googleapis.com/token',
  userinfo: 'https://openidconnect.googleapis.com/v1/userinfo',
  revoke: 'https://oauth2.googleapis.com/revoke',
};

export function googleEndpoints(overrides: Partial<GoogleEndpoints> = {}): GoogleEndpoints {
  return { ...GOOGLE_ENDPOINTS, ...overrides };
}
