// A provider as providers.list shows it: the app config's descriptor (and custom provider
// entry) with the runtime's live catalog laid over it, and the stored credentials as the
// contract's masked views. Pure: everything it looks at is passed in.
import type { ModelLimit, OpenCoworkConfig, ProviderCredential as CredentialField } from '@open-cowork/config';
import type { Provider, ProviderCredential, ProviderModel } from '@open-cowork/contracts';
import type { ModelInfo, ProviderCatalog, ProviderInfo } from '@open-cowork/runtime';
import type { CredentialView } from '../settings/index.js';
import { setupReason } from './setup.js';
import { appDefaultFor, catalogStatus, pickDefaultModel, type CatalogSnapshot } from './catalogs/index.js';

export interface ProviderSources {
  readonly config: OpenCoworkConfig;
  /** Stored credentials by provider id and key (`SettingsStore.credentials().providers`). */
  readonly credentials: Readonly<Record<string, Readonly<Record<string, CredentialView>>>>;
  /** The runtime's catalog; unset while the runtime is not ready. */
  readonly catalog?: ProviderCatalog;
  /** Providers OpenCode holds its own sign-in for (OAuth). */
  readonly signIns: ReadonlySet<string>;
  /** Strings that came from `{env:…}` placeholders, as written, by pointer (`LoadResult.placeholders`). */
  readonly placeholders?: ReadonlyMap<string, string>;
  /** Dynamic catalogs (network, cache or static fallback) by provider id. */
  readonly dynamic?: ReadonlyMap<string, CatalogSnapshot>;
}

function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Offered provider ids: `providers.available` in order, then any others the runtime reports. */
export function providerIds(sources: Pick<ProviderSources, 'config' | 'catalog'>): string[] {
  const ids = [...sources.config.providers.available];
  for (const provider of sources.catalog?.providers ?? []) if (!ids.includes(provider.id)) ids.push(provider.id);
  return ids;
}

/**
 * The declared credential fields of a provider: its descriptor's, or a custom provider's own
 * when the descriptor lists none (as upstream); empty when neither declares any.
 */
export function credentialFields(config: OpenCoworkConfig, id: string): readonly CredentialField[] {
  const described = own(config.providers.descriptors, id)?.credentials ?? [];
  return described.length > 0 ? described : (own(config.providers.custom, id)?.credentials ?? []);
}

export function providerView(id: string, sources: ProviderSources): Provider {
  const { config } = sources;
  const descriptor = own(config.providers.descriptors, id);
  const custom = own(config.providers.custom, id);
  const live = sources.catalog?.providers.find((provider) => provider.id === id);
  const stored = own(sources.credentials, id) ?? {};
  const fields = credentialFields(config, id);

  const credentials = fields.map((field) => credentialView(field, own(stored, field.key)));
  const dynamic = sources.dynamic?.get(id);
  const models = modelsOf(id, sources.config, live, dynamic);
  const defaultModel = pickDefaultModel({
    providerId: id,
    preferred: descriptor?.defaultModel ?? custom?.defaultModel,
    runtimeDefault: own(sources.catalog?.defaults, id),
    appDefault: appDefaultFor(id, config.providers),
    available: models.map((model) => model.id),
  });

  const setup = setupReason(id, { config, stored, fields, ...(sources.placeholders === undefined ? {} : { placeholders: sources.placeholders }) });
  const view: Provider = {
    id,
    name: descriptor?.name ?? custom?.name ?? live?.name ?? id,
    ...((descriptor?.description ?? custom?.description) === undefined ? {} : { description: descriptor?.description ?? custom?.description }),
    configured: descriptor !== undefined || custom !== undefined,
    connected: setup === undefined && isConnected(id, sources, live),
    ...(setup === undefined ? {} : { setup }),
    credentials,
    models,
    ...(defaultModel === undefined ? {} : { defaultModel }),
    ...(dynamic === undefined ? {} : { catalog: catalogStatus(dynamic) }),
  };
  return view;
}

/** The model new chats use unless the settings pick another, as "provider/model". */
export function defaultModelRef(sources: Pick<ProviderSources, 'config' | 'catalog'>): string | undefined {
  const { defaultProvider, defaultModel, descriptors, custom } = sources.config.providers;
  if (defaultProvider === null) return undefined;
  const model =
    defaultModel ?? own(descriptors, defaultProvider)?.defaultModel ?? own(custom, defaultProvider)?.defaultModel ?? own(sources.catalog?.defaults, defaultProvider);
  return model === undefined ? undefined : `${defaultProvider}/${model}`;
}

function credentialView(field: CredentialField, stored: CredentialView | undefined): ProviderCredential {
  const view: ProviderCredential = {
    key: field.key,
    label: field.label,
    ...(field.description === undefined ? {} : { description: field.description }),
    ...(field.placeholder === undefined ? {} : { placeholder: field.placeholder }),
    ...(field.type === undefined || field.type === 'text' ? {} : { type: field.type }),
    ...(field.options === undefined ? {} : { options: field.options.map((option) => ({ ...option })) }),
    ...(field.when === undefined ? {} : { when: { key: field.when.key, op: field.when.op ?? 'eq', value: field.when.value } }),
    secret: field.secret !== false,
    required: field.required === true,
    set: stored !== undefined,
  };
  // The store decides what may be shown: a secret only ever as its mask.
  if (stored?.secret === true) return { ...view, value: stored.mask };
  if (stored?.secret === false && stored.value !== null) return { ...view, value: stored.value };
  return view;
}

/**
 * Usable now: its credentials are complete (every required field set and readable, and at
 * least one field set, unless it is a custom provider the config already wires up), the
 * runtime lists it, or OpenCode holds a sign-in for it. A provider the config activates by
 * name is listed by the runtime signed in or not, so for it the listing proves nothing.
 */
function isConnected(id: string, sources: ProviderSources, live: ProviderInfo | undefined): boolean {
  const descriptor = own(sources.config.providers.descriptors, id);
  const custom = own(sources.config.providers.custom, id);
  const isCustom = custom !== undefined;
  const stored = own(sources.credentials, id) ?? {};
  const usable = (key: string): boolean => own(stored, key)?.readable === true;
  const fields = credentialFields(sources.config, id);
  const requiredSet = fields.every((field) => field.required !== true || usable(field.key));
  const anySet = fields.some((field) => usable(field.key)) || (isCustom && !fields.some((field) => field.required === true));
  if (sources.signIns.has(id)) return true;
  // A provider that needs a credential the user has not given is not usable, whatever the
  // runtime lists (it lists every configured provider).
  if (!requiredSet) return false;
  if (anySet) return true;
  return live !== undefined && descriptor?.runtimeActivation !== 'config';
}

interface ModelDraft {
  readonly id: string;
  name?: string;
  description?: string;
  featured: boolean;
  limit: ModelLimit;
}

/**
 * Featured models (the descriptor's `models`) first, then a custom provider's models, then
 * the dynamic catalog's, then the rest of the runtime's catalog, each id once (the first
 * listing keeps its place and its name). The runtime's limits win: its catalog already
 * carries the config's `modelInfo` overrides; without a runtime they are applied here.
 */
function modelsOf(id: string, config: OpenCoworkConfig, live: ProviderInfo | undefined, dynamic: CatalogSnapshot | undefined): ProviderModel[] {
  const drafts = new Map<string, ModelDraft>();
  const add = (modelId: string, featured: boolean, name: string | undefined, limit: ModelLimit | undefined, description?: string): void => {
    const draft = drafts.get(modelId) ?? { id: modelId, featured, limit: {} };
    if (draft.name === undefined && name !== undefined) draft.name = name;
    if (draft.description === undefined && description !== undefined) draft.description = description;
    draft.limit = { ...limit, ...draft.limit };
    drafts.set(modelId, draft);
  };
  for (const model of own(config.providers.descriptors, id)?.models ?? []) {
    // contextLength is upstream's short form of limit.context.
    const limit = model.contextLength === undefined || model.limit?.context !== undefined ? model.limit : { ...model.limit, context: Math.round(model.contextLength) };
    add(model.id, true, model.name, limit, model.description);
  }
  for (const [modelId, model] of Object.entries(own(config.providers.custom, id)?.models ?? {})) add(modelId, false, model.name, model.limit);
  for (const model of dynamic?.models ?? []) {
    add(model.id, false, model.name, model.contextLength === undefined ? undefined : { context: model.contextLength }, model.description);
  }
  const info = config.providers.modelInfo ?? {};
  for (const draft of drafts.values()) {
    const override = own(info, `${id}/${draft.id}`)?.limit ?? own(info, draft.id)?.limit;
    if (override !== undefined) draft.limit = { ...draft.limit, ...override };
  }
  for (const model of live?.models ?? []) overlay(drafts, model);

  return [...drafts.values()].map((draft) => ({
    id: draft.id,
    name: draft.name ?? draft.id,
    ...(positive(draft.limit.context) ? { contextLimit: draft.limit.context } : {}),
    ...(positive(draft.limit.output) ? { outputLimit: draft.limit.output } : {}),
    ...(draft.description === undefined ? {} : { description: draft.description }),
    featured: draft.featured,
  }));
}

function overlay(drafts: Map<string, ModelDraft>, model: ModelInfo): void {
  const draft = drafts.get(model.id) ?? { id: model.id, featured: false, limit: {} };
  if (draft.name === undefined) draft.name = model.name;
  // OpenCode reports an unknown limit as 0; keep what the config knows then.
  if (positive(model.limit.context)) draft.limit = { ...draft.limit, context: model.limit.context };
  if (positive(model.limit.output)) draft.limit = { ...draft.limit, output: model.limit.output };
  drafts.set(model.id, draft);
}

function positive(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value > 0;
}
