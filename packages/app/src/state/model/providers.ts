// Model providers: the catalog with each provider's connection, credentials and OAuth, the
// model the composer sends with, and a real test prompt against a model.

import type { AuthMethod, ModelRef, Provider } from '@open-cowork/contracts';
import type { LoadState } from './load-state.js';

export interface ProvidersState {
  readonly list: readonly Provider[];
  readonly defaultModel: ModelRef | undefined;
  readonly load: LoadState;
}

export interface ProvidersData {
  readonly providers: ProvidersState;
  /** The model the composer sends with; unset follows the settings' model. */
  readonly composerModel: ModelRef | undefined;
}

export const PROVIDERS_DATA: ProvidersData = { providers: { list: [], defaultModel: undefined, load: 'idle' }, composerModel: undefined };

export interface ProvidersActions {
  loadProviders(): Promise<void>;
  /** Asks the host to re-read the runtime's provider catalog (providers.refresh); fails when the runtime cannot answer. */
  refreshProviders(): Promise<readonly Provider[]>;
  setCredential(providerId: string, key: string, value: string): Promise<Provider>;
  clearCredential(providerId: string, key?: string): Promise<Provider>;
  chooseModel(model: ModelRef | undefined): void;
  /** The ways the runtime offers to connect a provider (for providers without credential fields). */
  providerAuthMethods(providerId: string): Promise<readonly AuthMethod[]>;
  startOAuth(providerId: string, method: number): Promise<{ url: string; instructions?: string; mode: 'auto' | 'code' }>;
  finishOAuth(providerId: string, method: number, code?: string): Promise<Provider>;
  /**
   * Sends `prompt` with `model` in a scratch session, waits for the answer and deletes the
   * session again: the first run's "Test connection". Resolves to the answer's text.
   */
  probeModel(model: ModelRef, prompt: string, timeoutMs: number): Promise<string>;
}
