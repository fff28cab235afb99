// The app feature: app.info (branding, strings, feature switches).
import type { HostDispatcher } from '../dispatch/index.js';
import { appHandlers, type AppServiceOptions } from './service.js';

export function registerApp(dispatcher: Pick<HostDispatcher, 'register'>, options: AppServiceOptions): void {
  dispatcher.register(appHandlers(options));
}
