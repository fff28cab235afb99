// The runner feature: app.runner (the runner of this data dir, if one runs).
import type { HostDispatcher } from '../dispatch/index.js';
import { runnerHandlers } from './service.js';

export function registerRunner(dispatcher: Pick<HostDispatcher, 'register'>, options: { readonly dataDir: string }): void {
  dispatcher.register(runnerHandlers(options));
}
