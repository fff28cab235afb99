// The providers feature: providers.* (the model catalogs, credentials and sign-ins).
import type { HostDispatcher } from '../dispatch/index.js';
import { providerHandlers, type ProviderDeps } from './service.js';

export function registerProviders(dispatcher: Pick<HostDispatcher, 'register'>, deps: ProviderDeps): void {
  dispatcher.register(providerHandlers(deps));
}
