// The providers slice (model/providers.ts): the catalog, credentials and OAuth, the composer's
// model, and a real test prompt against a model.

import type { Provider } from '@open-cowork/contracts';
import type { ProvidersActions, ProvidersData } from '../model/providers.js';
import type { EventFollower, EventOf, SliceContext } from '../slice.js';

export function providersSlice({ host, set, actions }: SliceContext<ProvidersData>): ProvidersActions {
  /** Puts a provider the host answered with in place of its old entry and returns it. */
  const keepProvider = (provider: Provider): Provider => {
    set((s) => ({ providers: { ...s.providers, list: s.providers.list.map((p) => (p.id === provider.id ? provider : p)) } }));
    return provider;
  };

  return {
    async loadProviders() {
      set((s) => ({ providers: { ...s.providers, load: s.providers.load === 'ready' ? 'ready' : 'loading' } }));
      try {
        const { providers, defaultModel, configProblems = [] } = await host['providers.list']({});
        set({ providers: { list: providers, defaultModel, load: 'ready' }, configProblems });
      } catch (error) {
        set((s) => ({ providers: { ...s.providers, load: 'error' } }));
        throw error;
      }
    },

    async refreshProviders() {
      const { providers, defaultModel, configProblems = [] } = await host['providers.refresh']({});
      set({ providers: { list: providers, defaultModel, load: 'ready' }, configProblems });
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

    async saveCustomProvider(params) {
      const saved = await host['providers.saveCustom'](params);
      set((s) => ({
        providers: { ...s.providers, list: s.providers.list.some((p) => p.id === saved.id) ? s.providers.list.map((p) => (p.id === saved.id ? saved : p)) : [...s.providers.list, saved] },
      }));
      return saved;
    },

    async fetchEndpointModels(params) {
      return (await host['providers.fetchModels'](params)).models;
    },

    testEndpoint(params) {
      return host['providers.test'](params);
    },

    async probeModel(model, prompt, timeoutMs) {
      const session = await actions.createSession(undefined, 'Connection test');
      try {
        await actions.sendPrompt(session.id, prompt, { model });
        return await actions.waitForAnswer(session.id, timeoutMs);
      } finally {
        // A scratch session: stop it if it still runs and remove it before the caller moves on;
        // a settings change right after the test restarts the runtime, which would refuse the deletion.
        await actions.abortSession(session.id).catch(() => undefined);
        await actions.deleteSession(session.id).catch(() => undefined);
      }
    },
  };
}

/** config.changed: what is wrong with the user's config file now (an applied edit clears it; the lists reload when the runtime takes it). */
export const configEvents: EventFollower<EventOf<'config.changed'>, ProvidersData> = {
  types: ['config.changed'],
  begin() {
    let problems: ProvidersData['configProblems'] | undefined;
    return {
      apply(event) {
        problems = event.payload.problems;
      },
      changes: () => (problems === undefined ? {} : { configProblems: problems }),
    };
  },
};
