// The port other host parts (update feeds, catalogs) call Google APIs through as the signed-in user.

/** What other host parts use to call Google APIs as the signed-in user. */
export interface GoogleTokenSource {
  /**
   * A fresh access token (refreshed first when it is near expiry), or undefined when nobody is
   * signed in or the granted scopes do not include every one of `requiredScopes`.
   */
  accessToken(requiredScopes?: string[]): Promise<string | undefined>;
}
