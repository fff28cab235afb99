// The runtime feature: runtime.status and runtime.restart.
import type { HostDispatcher } from '../dispatch/index.js';
import type { Logger } from '../log/index.js';
import { runtimeHandlers, type RestartableRuntime } from './service.js';

export function registerRuntime(dispatcher: Pick<HostDispatcher, 'register'>, options: { readonly runtime: RestartableRuntime; readonly logger: Logger }): void {
  dispatcher.register(runtimeHandlers(options));
}
