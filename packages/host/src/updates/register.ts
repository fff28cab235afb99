// The updates feature: updates.* (the feed check, and download and install through the app's driver).
import type { HostDispatcher } from '../dispatch/index.js';
import { updateHandlers, type UpdateService } from './service.js';

export function registerUpdates(dispatcher: Pick<HostDispatcher, 'register'>, service: UpdateService): void {
  dispatcher.register(updateHandlers(service));
}
