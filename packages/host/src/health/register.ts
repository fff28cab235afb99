// The health feature: app.health (readiness and where each capability comes from).
import type { HostDispatcher } from '../dispatch/index.js';
import { healthHandlers, type HealthSources } from './service.js';

export function registerHealth(dispatcher: Pick<HostDispatcher, 'register'>, sources: HealthSources): void {
  dispatcher.register(healthHandlers(sources));
}
