// providers.*: the providers the app offers, their credentials (write-only: reads are masked)
// and the sign-in methods the runtime offers for them. Credentials go through the settings
// store, whose change notice restarts the runtime; OAuth is OpenCode's own flow, delegated.
import type { OpenCoworkConfig } from '@open-cowork/config';
import { CodedError, HostErrorCode, type AuthMethod, type Provider } from '@open-cowork/contracts';
import type { ProviderCatalog } from '@open-cowork/runtime';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { Logger } from '../log/index.js';
import type { SettingsStore } from '../settings/index.js';
import { badField } from '../state/fields.js';
import { readyRuntime, requireReady, runtimeCall, toHostError, type CatalogRuntimeAccessor } from '../runtime/runtime-call.js';
import type { LiveConfig } from '../user-config/live-config.js';
import { userFileDefines, writeCustomProvider } from '../user-config/user-file.js';
import { checkBaseUrl, listModels, testPrompt, type Endpoint } from './endpoint.js';
import type { SignIns } from './signins.js';
import { credentialFields, defaultModelRef, providerIds, providerView, type ProviderSources } from './view.js';
import type { CatalogSnapshot, DynamicCatalogs } from './catalogs/index.js';

export type ProviderMethod =
  | 'providers.list'
  | 'providers.refresh'
  | 'providers.setCredential'
  | 'providers.clearCredential'
  | 'providers.authMethods'
  | 'providers.oauthStart'
  | 'providers.oauthFinish'
  | 'providers.saveCustom'
  | 'providers.fetchModels'
  | 'providers.test';

export interface ProviderDeps {
  /** The effective app config at start. */
  readonly config: OpenCoworkConfig;
  /** The config kept current with the user's file; when set, it is read instead of `config`. */
  readonly userConfig?: Pick<LiveConfig, 'config' | 'load' | 'userFile' | 'problems' | 'reload'>;
  readonly settings: Pick<SettingsStore, 'credentials' | 'setCredential' | 'clearCredential' | 'runtimeSettings'>;
  readonly runtime: CatalogRuntimeAccessor;
  /** The folder runtime calls are made in (any workspace; the provider catalog is the same in each). */
  readonly directory: () => string | Promise<string>;
  /** Providers OpenCode holds a sign-in for (`opencodeSignIns(dataDir)`); unset: none known. */
  readonly signIns?: SignIns;
  readonly logger: Logger;
  /** Restarts the runtime (debounced) so it loads what changed. */
  readonly requestRestart: (reason: string) => void;
  /** Dynamic model catalogs (descriptors' `dynamicCatalog`); unset: none are fetched. */
  readonly catalogs?: Pick<DynamicCatalogs, 'has' | 'current' | 'refreshInBackground' | 'refreshAll'>;
  /** How long providers.refresh waits for a reload under way. Default 60 s. */
  readonly reloadWaitMs?: number;
}

const RELOAD_WAIT_MS = 60_000;

export function providerHandlers(deps: ProviderDeps): HandlersFor<ProviderMethod> {
  const log = deps.logger.for('host');
  const config = (): OpenCoworkConfig => deps.userConfig?.config ?? deps.config;
  const placeholders = (): ProviderSources['placeholders'] => deps.userConfig?.load.placeholders;
  const configProblems = () => {
    const problems = deps.userConfig?.problems ?? [];
    return problems.length === 0 ? {} : { configProblems: problems.map((problem) => ({ ...problem })) };
  };

  /** The endpoint to call: the key given, else the one stored for the provider. */
  async function endpointOf(params: { readonly baseURL: string; readonly apiKey?: string; readonly providerId?: string }): Promise<Endpoint> {
    checkBaseUrl(params.baseURL);
    if (params.apiKey !== undefined || params.providerId === undefined) return { baseURL: params.baseURL, ...(params.apiKey === undefined ? {} : { apiKey: params.apiKey }) };
    // Decrypted in memory only, for this one call to the endpoint.
    const stored = (await deps.settings.runtimeSettings()).providerCredentials?.[params.providerId]?.['apiKey'];
    return { baseURL: params.baseURL, ...(stored === undefined ? {} : { apiKey: stored }) };
  }

  /** What a provider view is made of, the live catalog included when the runtime can give it. */
  async function sources(options: { readonly live: boolean }): Promise<ProviderSources> {
    const [credentials, signIns, catalog] = await Promise.all([
      deps.settings.credentials(),
      deps.signIns?.() ?? Promise.resolve(new Set<string>()),
      options.live ? liveCatalog() : Promise.resolve(undefined),
    ]);
    const written = placeholders();
    return { config: config(), credentials: credentials.providers, signIns, ...(written === undefined ? {} : { placeholders: written }), ...(catalog === undefined ? {} : { catalog }) };
  }

  /**
   * OpenCode's catalog, asked once per runtime state: it builds the catalog when an instance
   * starts and keeps it until a restart (a new pid) or an in-place reload (a new `since`), and
   * the answer (every provider with its models) is large, so lists in between share it.
   */
  let cachedCatalog: { readonly key: string; readonly catalog: Promise<ProviderCatalog> } | undefined;

  async function liveCatalog(): Promise<ProviderCatalog | undefined> {
    const runtime = readyRuntime(deps.runtime);
    if (runtime === undefined || runtime.status.state !== 'ready') return undefined;
    const directory = await deps.directory();
    const key = `${runtime.status.pid}@${runtime.status.since}@${directory}`;
    if (cachedCatalog?.key !== key) {
      const catalog = runtime.sessions.providers({ directory });
      cachedCatalog = { key, catalog };
      catalog.catch(() => {
        if (cachedCatalog?.catalog === catalog) cachedCatalog = undefined;
      });
    }
    try {
      return await cachedCatalog.catalog;
    } catch (error) {
      // A restart between the status check and the call: the configured view still answers.
      log.debug('provider catalog unavailable; listing configured providers only', { error: (error as Error).message });
      return undefined;
    }
  }

  /** `all` with what the dynamic catalogs of `ids` hold now (memory or disk; no network). */
  async function withDynamic(all: ProviderSources, ids: readonly string[]): Promise<ProviderSources> {
    const catalogs = deps.catalogs;
    if (catalogs === undefined) return all;
    const known = await Promise.all(ids.filter((id) => catalogs.has(id)).map(async (id) => [id, await catalogs.current(id)] as const));
    const dynamic = new Map(known.filter((entry): entry is readonly [string, CatalogSnapshot] => entry[1] !== undefined));
    return dynamic.size === 0 ? all : { ...all, dynamic };
  }

  /**
   * Views of `ids`; a connected provider whose dynamic catalog is due gets it fetched in the
   * background (nothing is fetched for a provider the user has not connected; the next list
   * shows the result, and providers.refresh waits for it).
   */
  async function views(all: ProviderSources, ids: readonly string[]): Promise<Provider[]> {
    const full = await withDynamic(all, ids);
    const listed = ids.map((id) => providerView(id, full));
    for (const view of listed) if (view.catalog?.stale === true && view.connected) deps.catalogs?.refreshInBackground(view.id);
    return listed;
  }

  /** The provider's view; NOT_FOUND unless the app offers it or the runtime reports it. */
  async function viewOf(providerId: string, live: boolean): Promise<Provider> {
    const all = await sources({ live });
    if (!providerIds(all).includes(providerId)) throw notFound(providerId);
    const [view] = await views(all, [providerId]);
    return view!;
  }

  /** Fetches the dynamic catalogs of the offered providers again (connected or not); never rejects. */
  async function refreshDynamic(): Promise<void> {
    const catalogs = deps.catalogs;
    if (catalogs === undefined) return;
    const snapshots = await catalogs.refreshAll(providerIds({ config: config() }).filter((id) => catalogs.has(id)));
    if (snapshots.length === 0) return;
    log.info('dynamic model catalogs refreshed', {
      catalogs: snapshots.length,
      fetched: snapshots.filter((snapshot) => snapshot.source === 'network' && snapshot.problem === undefined).length,
    });
  }

  /** Offered by the config (without asking the runtime): where credentials may be stored. */
  function requireOffered(providerId: string): void {
    if (!providerIds({ config: config() }).includes(providerId)) throw notFound(providerId);
  }

  async function requireKnown(providerId: string): Promise<void> {
    const catalog = await liveCatalog();
    if (!providerIds({ config: config(), ...(catalog === undefined ? {} : { catalog }) }).includes(providerId)) throw notFound(providerId);
  }

  async function methodsOf(providerId: string): Promise<AuthMethod[]> {
    const directory = await deps.directory();
    const all = await runtimeCall(deps.runtime(), (s) => s.providerAuthMethods({ directory }));
    return Object.hasOwn(all, providerId) ? [...(all[providerId] ?? [])] : [];
  }

  /** The method index, checked against what the runtime offers now. */
  async function requireMethod(providerId: string, index: number, kind: AuthMethod['type']): Promise<void> {
    const methods = await methodsOf(providerId);
    const method = methods[index];
    if (method === undefined) throw badField('method', `must be the index of one of the ${methods.length} sign-in methods of "${providerId}" (got ${index})`);
    if (method.type !== kind) throw badField('method', `"${method.label}" is not an OAuth sign-in; enter the key as a credential instead`);
  }

  return {
    async 'providers.list'() {
      const all = await sources({ live: true });
      const defaultModel = defaultModelRef(all);
      return {
        providers: await views(all, providerIds(all)),
        ...(defaultModel === undefined ? {} : { defaultModel }),
        ...configProblems(),
      };
    },

    async 'providers.refresh'() {
      // OpenCode builds its catalog when an instance starts (config, stored sign-ins and its
      // bundled model list; fetching models over the network is switched off) and keeps it for
      // the life of the process, so asking again shows what the runtime holds now; a new
      // process (runtime.restart) rebuilds it. Unlike providers.list, a runtime that cannot
      // answer is an error here, not a quiet fall-back to the configured view.
      // Dynamic catalogs are fetched first (each falls back to its cache or the static list on
      // its own; this never rejects). A fetch that brings models the runtime does not know
      // reloads it at once (see CatalogLaunchModels), so a reload under way is waited for and
      // the answer comes from the runtime that knows them.
      await refreshDynamic();
      const access = deps.runtime();
      if (access === undefined) throw new CodedError(HostErrorCode.RuntimeNotReady, 'The runtime is not started yet; try again when it is ready.');
      if (access.status.state === 'restarting') {
        // A runtime that fails or does not come back in time is reported by requireReady.
        await access.supervisor.whenReady(AbortSignal.timeout(deps.reloadWaitMs ?? RELOAD_WAIT_MS)).catch(() => undefined);
      }
      requireReady(access);
      let catalog: ProviderCatalog;
      try {
        catalog = await access.sessions.providers({ directory: await deps.directory() });
      } catch (error) {
        throw toHostError(error, access);
      }
      const [credentials, signIns] = await Promise.all([deps.settings.credentials(), deps.signIns?.() ?? Promise.resolve(new Set<string>())]);
      const written = placeholders();
      const all: ProviderSources = { config: config(), credentials: credentials.providers, signIns, catalog, ...(written === undefined ? {} : { placeholders: written }) };
      const defaultModel = defaultModelRef(all);
      const models = catalog.providers.reduce((sum, provider) => sum + provider.models.length, 0);
      log.info('provider catalog refreshed', { providers: catalog.providers.length, models });
      return { providers: await views(all, providerIds(all)), ...(defaultModel === undefined ? {} : { defaultModel }), ...configProblems() };
    },

    async 'providers.saveCustom'({ id, name, baseURL, apiKey, models }) {
      const live = deps.userConfig;
      const file = live?.userFile;
      if (live === undefined || file === undefined) {
        throw new CodedError(HostErrorCode.Conflict, 'This host has no user config file to save a provider to.', { kind: 'provider', id });
      }
      checkBaseUrl(baseURL);
      const ids = [...new Set(models.map((model) => model.trim()).filter((model) => model !== ''))];
      if (ids.length === 0) throw badField('models', 'must name at least one model');
      const current = config();
      const elsewhere = current.providers.available.includes(id) || Object.hasOwn(current.providers.descriptors, id) || Object.hasOwn(current.providers.custom ?? {}, id);
      if (elsewhere && !(await userFileDefines(file, id))) {
        throw new CodedError(HostErrorCode.Conflict, `A provider "${id}" already comes with the app's configuration; choose another id.`, { kind: 'provider', id });
      }
      await writeCustomProvider(file, { id, name, baseURL, models: ids });
      const outcome = live.reload();
      if (!outcome.applied) {
        const issues = outcome.problems.map((problem) => ({ pointer: problem.pointer, message: problem.message }));
        throw new CodedError(HostErrorCode.ValidationFailed, `The provider was written to ${file}, but the file did not apply: ${issues[0]?.message ?? 'unknown problem'}`, { issues });
      }
      if (apiKey === '') await deps.settings.clearCredential('provider', id, 'apiKey');
      else if (apiKey !== undefined) await deps.settings.setCredential('provider', id, 'apiKey', apiKey);
      log.info('custom provider saved to the user config file', { providerId: id, models: ids.length });
      return viewOf(id, false);
    },

    async 'providers.fetchModels'(params) {
      return { models: await listModels(await endpointOf(params)) };
    },

    async 'providers.test'(params) {
      const outcome = await testPrompt(await endpointOf(params), params.model);
      log.info('provider endpoint tested', { ok: outcome.ok, ...(params.providerId === undefined ? {} : { providerId: params.providerId }) });
      return outcome.ok ? { ok: true, reply: outcome.reply } : { ok: false, problem: outcome.problem };
    },

    async 'providers.setCredential'({ providerId, key, value }) {
      requireOffered(providerId);
      if (!credentialFields(config(), providerId).some((field) => field.key === key)) throw unknownKey(providerId, key);
      await deps.settings.setCredential('provider', providerId, key, value);
      log.info('provider credential stored', { providerId, key });
      return viewOf(providerId, false);
    },

    async 'providers.clearCredential'({ providerId, key }) {
      requireOffered(providerId);
      if (key !== undefined) {
        const declared = credentialFields(config(), providerId).some((field) => field.key === key);
        // A key the config no longer declares may still be stored; clearing it is how it goes.
        const stored = Object.hasOwn((await deps.settings.credentials()).providers[providerId] ?? {}, key);
        if (!declared && !stored) throw unknownKey(providerId, key);
      }
      await deps.settings.clearCredential('provider', providerId, key);
      log.info('provider credential cleared', { providerId, ...(key === undefined ? {} : { key }) });
      return viewOf(providerId, false);
    },

    async 'providers.authMethods'({ providerId }) {
      await requireKnown(providerId);
      return { methods: await methodsOf(providerId) };
    },

    async 'providers.oauthStart'({ providerId, method }) {
      await requireKnown(providerId);
      await requireMethod(providerId, method, 'oauth');
      const directory = await deps.directory();
      const started = await runtimeCall(deps.runtime(), (s) => s.startProviderOAuth({ providerId, method, directory }), { refusalIsFailure: true });
      if (started === undefined) {
        throw new CodedError(HostErrorCode.RuntimeRequestFailed, `The runtime offers no sign-in page for "${providerId}" with method ${method}.`);
      }
      log.info('provider sign-in started', { providerId, method, mode: started.mode });
      return { ...started };
    },

    async 'providers.oauthFinish'({ providerId, method, code }) {
      await requireKnown(providerId);
      const directory = await deps.directory();
      const done = await runtimeCall(deps.runtime(), (s) => s.finishProviderOAuth({ providerId, method, directory, ...(code === undefined ? {} : { code }) }), {
        refusalIsFailure: true,
      });
      if (!done) throw new CodedError(HostErrorCode.RuntimeRequestFailed, `The sign-in to "${providerId}" did not complete.`);
      log.info('provider signed in', { providerId, method });
      // OpenCode stored the tokens in its own auth store; a fresh runtime loads the provider with them.
      deps.requestRestart(`signed in to ${providerId}`);
      return viewOf(providerId, false).then((view) => ({ ...view, connected: true }));
    },
  };
}

function notFound(providerId: string): CodedError {
  return new CodedError(HostErrorCode.NotFound, `The app does not offer a provider "${providerId}".`, { kind: 'provider', id: providerId });
}

function unknownKey(providerId: string, key: string): CodedError {
  return badField('key', `"${key}" is not a credential field of provider "${providerId}"`);
}
