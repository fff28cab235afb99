// The app's own sign-in (identity): its status, signing in through the system browser, and
// signing out. Never holds a token.

import type { AuthStatus } from '@open-cowork/contracts';

export interface IdentityData {
  /** The app's sign-in (auth.status, then auth.changed events); unset until loaded. Never holds a token. */
  readonly auth: AuthStatus | undefined;
}

export const IDENTITY_DATA: IdentityData = { auth: undefined };

export interface IdentityActions {
  /** The sign-in state (auth.status). */
  loadAuth(): Promise<AuthStatus>;
  /** Starts a sign-in in the system browser; resolves to the sign-in page's URL (the outcome arrives as auth.changed). */
  signIn(): Promise<{ url: string }>;
  /** Signs out on this computer. */
  signOut(): Promise<void>;
}
