// The identity slice (model/identity.ts): the app's sign-in and the auth.changed events.

import type { AuthStatus } from '@open-cowork/contracts';
import type { IdentityActions, IdentityData } from '../model/identity.js';
import type { EventFollower, EventOf, SliceContext } from '../slice.js';

export function identitySlice({ host, set }: SliceContext<IdentityData>): IdentityActions {
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

export const identityEvents: EventFollower<EventOf<'auth.changed'>, IdentityData> = {
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
