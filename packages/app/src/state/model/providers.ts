// Model providers: the catalog with each provider's connection, credentials and OAuth, the
// model the composer sends with, and a real test prompt against a model.

import type { AuthMethod, ConfigProblem, HostParams, HostResult, ModelRef, Provider } from '@open-cowork/contracts';
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
  /** What is wrong with the user's config file as last read (a hand edit that did not apply). */
  readonly configProblems: readonly ConfigProblem[];
}

export const PROVIDERS_DATA: ProvidersData = { providers: { list: [], defaultModel: undefined, load: 'idle' }, composerModel: undefined, configProblems: [] };

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
  /** Saves an OpenAI-compatible provider of the user's own to the user config file; the list then shows it. */
  saveCustomProvider(params: HostParams<'providers.saveCustom'>): Promise<Provider>;
  /** The models an OpenAI-compatible endpoint lists. */
  fetchEndpointModels(params: HostParams<'providers.fetchModels'>): Promise<readonly string[]>;
  /** One real short prompt straight to an endpoint, before it is saved. */
  testEndpoint(params: HostParams<'providers.test'>): Promise<HostResult<'providers.test'>>;
}
