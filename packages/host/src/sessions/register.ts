// The sessions feature: sessions.* and the permission and question requests they raise.
import type { HostDispatcher } from '../dispatch/index.js';
import { historyHandlers } from './history.js';
import { requestHandlers } from './requests.js';
import { sessionHandlers, type SessionServiceOptions } from './service.js';

export function registerSessions(dispatcher: Pick<HostDispatcher, 'register'>, options: SessionServiceOptions): void {
  dispatcher.register(sessionHandlers(options));
  dispatcher.register(requestHandlers(options));
  dispatcher.register(historyHandlers(options));
}
