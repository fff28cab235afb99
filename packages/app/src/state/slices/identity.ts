// The app's own sign-in (identity): its status, signing in through the system browser, and
// signing out. Never holds a token.

import type { AuthStatus } from '@open-cowork/contracts';
import type { EventFollower, EventOf, SliceContext } from '../slice.js';

export interface IdentityData {
  /** The app's sign-in (auth.status, then auth.changed events); unset until loaded. Never holds a token. */
  readonly auth: AuthStatus | undefined;
}

export interface IdentityActions {
  /** The sign-in state (auth.status). */
  loadAuth(): Promise<AuthStatus>;
  /** Starts a sign-in in the system browser; resolves to the sign-in page's URL (the outcome arrives as auth.changed). */
  signIn(): Promise<{ url: string }>;
  /** Signs out on this computer. */
  signOut(): Promise<void>;
}

export const IDENTITY_DATA: IdentityData = { auth: undefined };

export function identitySlice({ host, set }: SliceContext): IdentityActions {
  return {
    async loadAuth() {
      const auth = await host['auth.status']({});
      set({ auth });
      return auth;
    },

    async signIn() {
      const started = await host['auth.signIn']({});
      // The host's auth.changed event says the same; this covers the moment before it arrives.
      set((s) => (s.auth === undefined ? {} : { auth: { ...s.auth, pending: true, failure: undefined } }));
      return started;
    },

    async signOut() {
      await host['auth.signOut']({});
      set({ auth: await host['auth.status']({}) });
    },
  };
}

export const identityEvents: EventFollower<EventOf<'auth.changed'>> = {
  types: ['auth.changed'],
  begin() {
    let auth: AuthStatus | undefined;
    return {
      apply(event) {
        auth = event.payload;
      },
      changes: () => (auth === undefined ? {} : { auth }),
    };
  },
};
