// Model providers: the catalog with each provider's connection, credentials and OAuth, the
// model the composer sends with, and a real test prompt against a model.

import type { AuthMethod, ModelRef, Provider } from '@open-cowork/contracts';
import type { LoadState, SliceContext } from '../slice.js';
import { finishedAnswer, waitFor } from '../waits.js';

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

export const PROVIDERS_DATA: ProvidersData = { providers: { list: [], defaultModel: undefined, load: 'idle' }, composerModel: undefined };

export function providersSlice({ host, set, actions, watch }: SliceContext): ProvidersActions {
  /** Puts a provider the host answered with in place of its old entry and returns it. */
  const keepProvider = (provider: Provider): Provider => {
    set((s) => ({ providers: { ...s.providers, list: s.providers.list.map((p) => (p.id === provider.id ? provider : p)) } }));
    return provider;
  };

  return {
    async loadProviders() {
      set((s) => ({ providers: { ...s.providers, load: s.providers.load === 'ready' ? 'ready' : 'loading' } }));
      try {
        const { providers, defaultModel } = await host['providers.list']({});
        set({ providers: { list: providers, defaultModel, load: 'ready' } });
      } catch (error) {
        set((s) => ({ providers: { ...s.providers, load: 'error' } }));
        throw error;
      }
    },

    async refreshProviders() {
      const { providers, defaultModel } = await host['providers.refresh']({});
      set({ providers: { list: providers, defaultModel, load: 'ready' } });
      return providers;
    },

    async setCredential(providerId, key, value) {
      return keepProvider(await host['providers.setCredential']({ providerId, key, value }));
    },

    async clearCredential(providerId, key) {
      return keepProvider(await host['providers.clearCredential']({ providerId, ...(key === undefined ? {} : { key }) }));
    },

    chooseModel(model) {
      set({ composerModel: model });
    },

    async providerAuthMethods(providerId) {
      return (await host['providers.authMethods']({ providerId })).methods;
    },

    async startOAuth(providerId, method) {
      return host['providers.oauthStart']({ providerId, method });
    },

    async finishOAuth(providerId, method, code) {
      return keepProvider(await host['providers.oauthFinish']({ providerId, method, ...(code ? { code } : {}) }));
    },

    async probeModel(model, prompt, timeoutMs) {
      const session = await actions.createSession(undefined, 'Connection test');
      try {
        await actions.sendPrompt(session.id, prompt, { model });
        return await waitFor(watch, (s) => finishedAnswer(s, session.id), timeoutMs, 'No answer in time.');
      } finally {
        // A scratch session: stop it if it still runs, then remove it from the list.
        void actions
          .abortSession(session.id)
          .catch(() => undefined)
          .then(() => actions.deleteSession(session.id))
          .catch(() => undefined);
      }
    },
  };
}
