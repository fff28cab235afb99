// auth.status, auth.signIn and auth.signOut over the host's GoogleSignIn.
import type { HandlersFor } from '../dispatch/handlers.js';
import type { GoogleSignIn } from './google-sign-in.js';

export function authHandlers(signIn: GoogleSignIn): HandlersFor<'auth.status' | 'auth.signIn' | 'auth.signOut'> {
  return {
    'auth.status': () => signIn.status(),
    'auth.signIn': () => signIn.signIn(),
    'auth.signOut': async () => {
      await signIn.signOut();
      return { signedOut: true };
    },
  };
}
