// The Account section's state: auth.status on demand, auth.signIn (the link, pending at once),
// auth.changed events through the store's ingest path, sign-out.
import type { AuthStatus } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../src/state/store.js';
import { fakeHost } from './fakes.js';

const SIGNED_OUT: AuthStatus = { mode: 'google-oauth', signedIn: false, scopes: ['openid'], pending: false };
const SIGNED_IN: AuthStatus = { mode: 'google-oauth', signedIn: true, email: 'ada@example.test', scopes: ['openid'], pending: false, expiresAt: 5 };
const URL = 'https://accounts.google.com/o/oauth2/v2/auth?client_id=x';

function hostWith(status: { current: AuthStatus }) {
  return fakeHost({
    'auth.status': () => status.current,
    'auth.signIn': () => ({ url: URL }),
    'auth.signOut': () => {
      status.current = SIGNED_OUT;
      return { signedOut: true };
    },
  });
}

describe('account state', () => {
  it('loads the status, marks a started sign-in pending, and follows auth.changed', async () => {
    const status = { current: { ...SIGNED_OUT, failure: { reason: 'denied', message: 'refused' } } as AuthStatus };
    const host = hostWith(status);
    const store = createAppStore(host);
    const { loadAuth, signIn, ingest } = store.getState().actions;
    expect(store.getState().auth).toBeUndefined();
    await loadAuth();
    expect(store.getState().auth?.failure?.reason).toBe('denied');

    expect(await signIn()).toEqual({ url: URL });
    expect(store.getState().auth).toMatchObject({ pending: true, signedIn: false });
    expect(store.getState().auth?.failure).toBeUndefined();

    ingest([{ type: 'auth.changed', payload: SIGNED_IN }]);
    expect(store.getState().auth).toEqual(SIGNED_IN);
    ingest([{ type: 'auth.changed', payload: { ...SIGNED_OUT, failure: { reason: 'expired', message: 'Sign in again.' } } }]);
    expect(store.getState().auth?.failure?.reason).toBe('expired');
  });

  it('signs out and reloads the status', async () => {
    const status = { current: SIGNED_IN };
    const host = hostWith(status);
    const store = createAppStore(host);
    await store.getState().actions.loadAuth();
    await store.getState().actions.signOut();
    expect(store.getState().auth).toEqual(SIGNED_OUT);
    expect(host.calls.map((call) => call.method)).toEqual(['auth.status', 'auth.signOut', 'auth.status']);
  });

  it('does not touch the sign-in state before it was loaded', async () => {
    const store = createAppStore(hostWith({ current: SIGNED_OUT }));
    await store.getState().actions.signIn();
    expect(store.getState().auth).toBeUndefined();
  });
});
