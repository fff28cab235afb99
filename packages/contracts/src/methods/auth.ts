import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { noParams, object, ref, text, yes } from '../schemas/build.js';

export const AUTH_METHODS = {
  'auth.status': {
    description: 'Whether a user is signed in (config auth.mode), as whom and with which scopes. Never contains tokens.',
    params: noParams(),
    result: ref('AuthStatus', 'The sign-in state.'),
    errors: [],
  },
  'auth.signIn': {
    description:
      'Start a sign-in: the host opens the provider\'s page in the system browser and answers at once with its URL (so the client can offer it as a link). The outcome arrives as an auth.changed event. A sign-in already waiting is replaced. Fails with VALIDATION_FAILED (pointing at the config field) when the build uses no sign-in or its OAuth client is not configured, and with SECRET_STORAGE_UNAVAILABLE when tokens could not be stored securely.',
    params: noParams(),
    result: object('Where the user signs in.', { url: text('The sign-in page, opened in the system browser.') }, ['url']),
    errors: [HostErrorCode.ValidationFailed, HostErrorCode.SecretStorageUnavailable],
  },
  'auth.signOut': {
    description: 'Forget the sign-in on this computer (tokens and the Google credentials file for MCP servers) and ask the provider to revoke it, best effort. Ends a waiting sign-in too.',
    params: noParams(),
    result: object('Done.', { signedOut: yes('Always true.') }, ['signedOut']),
    errors: [],
  },
} as const satisfies Record<string, MethodSpec>;
