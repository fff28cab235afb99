// The identity feature: auth.* over the app's Google sign-in.
import type { HostDispatcher } from '../dispatch/index.js';
import type { GoogleSignIn } from './google-sign-in.js';
import { authHandlers } from './service.js';

export function registerIdentity(dispatcher: Pick<HostDispatcher, 'register'>, signIn: GoogleSignIn): void {
  dispatcher.register(authHandlers(signIn));
}
