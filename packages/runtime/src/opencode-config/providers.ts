// Providers: which ones OpenCode may use (`enabled_providers`), their `provider` entries,
// and the default models.
//
// A provider entry is passed only where the runtime needs one, because any entry makes
// OpenCode treat a native provider as configured ("activated") even without credentials:
// - custom providers (`providers.custom`): the full entry (npm, name, options, models);
// - `runtimeActivation: "config"`: the name-only entry that wakes a dormant native provider;
// - a native provider the user stored credentials for: its options carry them.
// Featured models and `modelInfo` overrides ride along on those entries only.

import type { CustomProvider, OpenCoworkConfig, ProviderCredential, ProviderDescriptor } from '@open-cowork/config';
import type { ProviderConfig } from '@opencode-ai/sdk/v2';
import type { RuntimeSettings } from '../settings.js';
import { ModelTable } from './models.js';
import type { CatalogModelRef } from './types.js';
import { BuildWarningCode, pointer, type Warnings } from './warnings.js';

/** Credential keys passed to any provider's options even when its descriptor does not list them. */
const WELL_KNOWN_CREDENTIALS = ['apiKey', 'baseURL'] as const;

export interface ProviderBuild {
  /** Provider ids OpenCode may use, in `providers.available` order. */
  readonly enabled: string[];
  /**
   * False when the config offers no provider at all (`available: []`): then, as upstream,
   * the runtime is not restricted (an empty `enabled_providers` would switch off every one).
   */
  readonly restricted: boolean;
  readonly provider: Record<string, ProviderConfig>;
  readonly model?: string;
  readonly smallModel?: string;
}

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function buildProviders(input: {
  readonly config: OpenCoworkConfig;
  readonly settings: RuntimeSettings;
  readonly warnings: Warnings;
  readonly catalogModels?: Readonly<Record<string, readonly CatalogModelRef[]>>;
}): ProviderBuild {
  const { config, settings, warnings } = input;
  const { available, descriptors, custom = {} } = config.providers;
  const enabled = enabledProviders(available, settings.enabledProviders, warnings);

  for (const id of Object.keys(custom)) {
    if (!available.includes(id)) {
      warnings.add(
        BuildWarningCode.CustomProviderUnavailable,
        `Custom provider "${id}" is not passed to the runtime: it is not in providers.available.`,
        pointer('providers', 'custom', id),
      );
    }
  }

  const tables = new Map<string, ModelTable>();
  for (const id of enabled) {
    const descriptor = own(descriptors, id);
    const customEntry = own(custom, id);
    if (descriptor?.runtime === 'custom' && customEntry === undefined) {
      warnings.add(
        BuildWarningCode.CustomProviderMissing,
        `Provider "${id}" is described as custom but providers.custom has no entry for it; the runtime will treat it as a native provider.`,
        pointer('providers', 'descriptors', id, 'runtime'),
      );
    }
    const table = new ModelTable(id, customEntry !== undefined);
    for (const model of descriptor?.models ?? []) table.add(model.id, model);
    for (const [id, model] of Object.entries(customEntry?.models ?? {})) table.add(id, model);
    // Catalog-only models join by id and name; what the config says about a model stands.
    for (const model of own(input.catalogModels, id) ?? []) {
      if (!table.has(model.id)) table.add(model.id, model.name === undefined ? {} : { name: model.name });
    }
    tables.set(id, table);
  }
  const known = new Set([...available, ...Object.keys(descriptors), ...Object.keys(custom)]);
  applyModelInfo(config.providers.modelInfo ?? {}, tables, known, warnings);

  const provider: Record<string, ProviderConfig> = {};
  for (const id of enabled) {
    const stored = own(settings.providerCredentials, id) ?? {};
    const fields = credentialFields(own(descriptors, id), own(custom, id));
    const credentials = credentialOptions(id, fields, stored, descriptors[id] !== undefined, warnings);
    const entry = providerEntry(own(descriptors, id), own(custom, id), credentials, fillCredentialPlaceholders(fields, stored), tables.get(id)!, warnings);
    if (entry !== undefined) provider[id] = entry;
  }

  const enabledSet = new Set(enabled);
  const model = checkModelRef(settings.model, 'settings.model', enabledSet, warnings) ?? configDefaultModel(config, enabledSet, tables);
  const smallModel = checkModelRef(settings.smallModel, 'settings.smallModel', enabledSet, warnings) ?? configSmallModel(config, model, tables);
  return {
    enabled,
    restricted: available.length > 0,
    provider,
    ...(model !== undefined ? { model } : {}),
    ...(smallModel !== undefined ? { smallModel } : {}),
  };
}

/** `providers.available`, narrowed to the user's connected providers when the settings name them. */
function enabledProviders(available: readonly string[], chosen: readonly string[] | undefined, warnings: Warnings): string[] {
  if (chosen === undefined) return [...available];
  for (const id of chosen) {
    if (!available.includes(id)) {
      warnings.add(BuildWarningCode.ProviderNotOffered, `Provider "${id}" from the user's settings is not offered by this build; it is ignored.`);
    }
  }
  return available.filter((id) => chosen.includes(id));
}

/**
 * Applies `providers.modelInfo`. A key whose first segment is a declared provider id is
 * "provider/model" (applied if that provider is enabled); any other key is a bare model
 * id, applied to every enabled provider that lists a model with exactly that id.
 */
function applyModelInfo(
  modelInfo: NonNullable<OpenCoworkConfig['providers']['modelInfo']>,
  tables: ReadonlyMap<string, ModelTable>,
  known: ReadonlySet<string>,
  warnings: Warnings,
): void {
  const qualified: { key: string; provider: string; model: string }[] = [];
  for (const key of Object.keys(modelInfo)) {
    const slash = key.indexOf('/');
    const prefix = key.slice(0, Math.max(slash, 0));
    if (slash > 0 && known.has(prefix)) {
      qualified.push({ key, provider: prefix, model: key.slice(slash + 1) });
      continue;
    }
    const matches = [...tables.values()].filter((table) => table.has(key));
    for (const table of matches) table.add(key, modelInfo[key]!, pointer('providers', 'modelInfo', key));
    if (matches.length === 0) {
      warnings.add(
        BuildWarningCode.ModelInfoUnmatched,
        `modelInfo "${key}" matches no model listed for an enabled provider; write it as "provider/model".`,
        pointer('providers', 'modelInfo', key),
      );
    }
  }
  // Provider-qualified keys are the more specific statement, so they are applied last.
  for (const { key, provider, model } of qualified) {
    if (model === '') continue;
    tables.get(provider)?.add(model, modelInfo[key]!, pointer('providers', 'modelInfo', key));
  }
}

/** A provider's credential fields: its descriptor's, or a custom provider's own when the descriptor lists none. */
function credentialFields(descriptor: ProviderDescriptor | undefined, custom: CustomProvider | undefined): readonly ProviderCredential[] {
  const described = descriptor?.credentials ?? [];
  return described.length > 0 ? described : (custom?.credentials ?? []);
}

/**
 * The user's stored credentials for one provider, as provider options. Passed: the fields
 * the provider declares (under their `runtimeKey`, else their key), plus apiKey and baseURL.
 * A field with `env` is delivered only through that placeholder in the provider's options.
 * Any other stored key is dropped with a warning (it names the key, never the value); empty
 * values count as unset.
 */
function credentialOptions(
  id: string,
  fields: readonly ProviderCredential[],
  stored: Readonly<Record<string, string>>,
  described: boolean,
  warnings: Warnings,
): Record<string, string> {
  const options: Record<string, string> = {};
  const pass = (key: string, option: string): void => {
    const value = own(stored, key);
    if (typeof value === 'string' && value !== '') options[option] = value;
  };
  for (const key of WELL_KNOWN_CREDENTIALS) if (!fields.some((field) => field.key === key)) pass(key, key);
  for (const field of fields) if (field.env === undefined) pass(field.key, field.runtimeKey ?? field.key);
  const accepted = new Set<string>([...WELL_KNOWN_CREDENTIALS, ...fields.map((field) => field.key)]);
  for (const key of Object.keys(stored).sort()) {
    if (!accepted.has(key)) {
      warnings.add(
        BuildWarningCode.ProviderCredentialUnknown,
        `A stored credential "${key}" for provider "${id}" is not a credential field of that provider; it is not passed to the runtime.`,
        described ? pointer('providers', 'descriptors', id, 'credentials') : undefined,
      );
    }
  }
  return options;
}

/** Fills `{env:NAME}` in a custom provider's options from the stored credential whose field declares that env. */
function fillCredentialPlaceholders(fields: readonly ProviderCredential[], stored: Readonly<Record<string, string>>): (text: string) => string {
  const byEnv = new Map(fields.flatMap((field) => (field.env === undefined ? [] : [[field.env, own(stored, field.key) ?? ''] as const])));
  return (text) => text.replace(/\{env:([A-Z_][A-Z0-9_]*)\}/g, (match, name: string) => byEnv.get(name) ?? match);
}

function fillStrings(value: unknown, fill: (text: string) => string): unknown {
  if (typeof value === 'string') return fill(value);
  if (Array.isArray(value)) return value.map((item) => fillStrings(item, fill));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillStrings(item, fill)]));
  return value;
}

function providerEntry(
  descriptor: ProviderDescriptor | undefined,
  custom: CustomProvider | undefined,
  credentials: Readonly<Record<string, string>>,
  fill: (text: string) => string,
  models: ModelTable,
  warnings: Warnings,
): ProviderConfig | undefined {
  const hasCredentials = Object.keys(credentials).length > 0;
  const activated = descriptor?.runtimeActivation === 'config';
  const describedOptions = descriptor?.options !== undefined && Object.keys(descriptor.options).length > 0;
  if (custom === undefined && !activated && !hasCredentials && !describedOptions) return undefined;

  const entry: ProviderConfig = {};
  if (custom !== undefined) {
    entry.npm = custom.npm;
    const name = custom.name ?? descriptor?.name;
    if (name !== undefined) entry.name = name;
  } else if (activated) {
    entry.name = descriptor.name;
  }
  // A value the user typed wins over one the build supplies.
  const options = {
    ...structuredClone(descriptor?.options),
    ...(fillStrings(structuredClone(custom?.options), fill) as Record<string, unknown> | undefined),
    ...credentials,
  };
  if (Object.keys(options).length > 0) entry.options = options;
  const built = models.build(warnings);
  if (built !== undefined) entry.models = built;
  return entry;
}

/** A "provider/model" reference from the settings, if well formed and its provider is enabled. */
function checkModelRef(ref: string | undefined, label: string, enabled: ReadonlySet<string>, warnings: Warnings): string | undefined {
  if (ref === undefined) return undefined;
  const slash = ref.indexOf('/');
  if (slash <= 0 || slash === ref.length - 1) {
    warnings.add(BuildWarningCode.ModelRefInvalid, `${label} "${ref}" is not a "provider/model" reference; it is ignored.`);
    return undefined;
  }
  const provider = ref.slice(0, slash);
  if (!enabled.has(provider)) {
    warnings.add(BuildWarningCode.ModelProviderDisabled, `${label} "${ref}" belongs to provider "${provider}", which is not enabled; it is ignored.`);
    return undefined;
  }
  return ref;
}

/**
 * The config's default: `defaultProvider` with `providers.defaultModel`, else that
 * provider's own default model (its descriptor's, else its custom entry's). When the default
 * provider is not enabled (or was cleared with null), the first enabled provider that names
 * a default model. Otherwise none, and OpenCode picks.
 */
function configDefaultModel(
  config: OpenCoworkConfig,
  enabled: ReadonlySet<string>,
  tables: ReadonlyMap<string, ModelTable>,
): string | undefined {
  const { defaultProvider, defaultModel, available } = config.providers;
  if (defaultProvider !== null && enabled.has(defaultProvider)) {
    const id = defaultModel ?? providerDefault(config, defaultProvider);
    return id === undefined ? undefined : `${defaultProvider}/${localModelId(defaultProvider, id, tables.get(defaultProvider))}`;
  }
  for (const provider of available) {
    const id = providerDefault(config, provider);
    if (enabled.has(provider) && id !== undefined) return `${provider}/${localModelId(provider, id, tables.get(provider))}`;
  }
  return undefined;
}

function providerDefault(config: OpenCoworkConfig, provider: string): string | undefined {
  return own(config.providers.descriptors, provider)?.defaultModel ?? own(config.providers.custom, provider)?.defaultModel;
}

/** The small model of the main model's provider (descriptor, else custom entry), when the user picked none. */
function configSmallModel(config: OpenCoworkConfig, model: string | undefined, tables: ReadonlyMap<string, ModelTable>): string | undefined {
  const provider = model?.slice(0, model.indexOf('/'));
  if (provider === undefined || provider === '') return undefined;
  const id = own(config.providers.descriptors, provider)?.smallModel ?? own(config.providers.custom, provider)?.smallModel;
  return id === undefined ? undefined : `${provider}/${localModelId(provider, id, tables.get(provider))}`;
}

/**
 * A configured default may be written "model" or "provider/model". The prefix is dropped
 * unless the whole string is itself a listed model id (e.g. OpenRouter's "openrouter/auto").
 */
function localModelId(provider: string, id: string, table: ModelTable | undefined): string {
  const prefix = `${provider}/`;
  return id.startsWith(prefix) && !(table?.has(id) ?? false) ? id.slice(prefix.length) : id;
}
