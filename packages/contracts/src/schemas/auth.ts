// The app's own sign-in (config `auth.mode`), today Google. What a client may know about it:
// whether someone is signed in, as whom, with which scopes, and why a sign-in failed. Tokens
// never cross the contract: they stay in the host (sealed on disk, handed to host parts only).

import type { JsonSchema } from '../contract.js';
import { array, boolean, object, oneOfStrings, ref, text } from './build.js';

export const AUTH_DEFS = {
  AuthMode: oneOfStrings(['none', 'google-oauth'], '"none": this build uses no sign-in; "google-oauth": users sign in with Google.'),
  AuthFailure: object(
    'Why the last sign-in attempt ended without signing in.',
    {
      reason: oneOfStrings(
        ['denied', 'state-mismatch', 'timed-out', 'token-exchange', 'storage', 'expired', 'failed'],
        '"denied": the user (or the account\'s policy) refused consent; "state-mismatch": the browser came back with an answer this sign-in did not ask for; "timed-out": nobody finished in the browser in time; "token-exchange": Google refused to hand out tokens; "storage": the tokens could not be stored (securely) or read back; "expired": Google no longer accepts the stored sign-in; "failed": anything else.',
      ),
      message: text('What happened, for people.'),
    },
    ['reason', 'message'],
  ),
  AuthStatus: object(
    'The sign-in state. Never contains tokens.',
    {
      mode: ref('AuthMode', 'The sign-in this build uses (config auth.mode).'),
      signedIn: boolean('Whether a user is signed in.'),
      email: text('The signed-in Google account\'s email address.'),
      scopes: array('The scopes granted to the signed-in user; when signed out, the scopes a sign-in will request.', text('An OAuth scope.'), {
        uniqueItems: true,
      }),
      expiresAt: ref('Timestamp', 'When the current access token expires; the host refreshes it before then.'),
      pending: boolean('Whether a sign-in is waiting for the user in the browser.'),
      problem: text('Why sign-in cannot work in this build as configured (e.g. the OAuth client id is unset), naming the config field.'),
      failure: ref('AuthFailure', 'Why the last sign-in attempt failed, until the next attempt or a successful sign-in.'),
    },
    ['mode', 'signedIn', 'scopes', 'pending'],
  ),
} as const satisfies Record<string, JsonSchema>;
