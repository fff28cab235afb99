import type { ModelRef, Provider, Settings } from '@open-cowork/contracts';

export interface ModelOption {
  readonly ref: ModelRef;
  readonly name: string;
  readonly providerId: string;
  readonly providerName: string;
  readonly featured: boolean;
  readonly contextLimit: number | undefined;
}

/** Models of connected providers, each provider's featured models first. */
export function modelOptions(providers: readonly Provider[], onlyConnected = true): ModelOption[] {
  const options: ModelOption[] = [];
  for (const provider of providers) {
    if (onlyConnected && !provider.connected) continue;
    const models = [...provider.models].sort((a, b) => Number(b.featured) - Number(a.featured));
    for (const model of models) {
      options.push({
        ref: `${provider.id}/${model.id}`,
        name: model.name,
        providerId: provider.id,
        providerName: provider.name,
        featured: model.featured,
        contextLimit: model.contextLimit,
      });
    }
  }
  return options;
}

/** From this many models on, a picker offers a filter: a long list is unusable to scroll. */
export const MODEL_FILTER_FROM = 12;

/**
 * The options whose model name, id or provider name contains every word of `query`, ignoring
 * case; all of them for a blank query.
 */
export function filterModels(options: readonly ModelOption[], query: string): readonly ModelOption[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return options;
  return options.filter((option) => {
    const haystack = `${option.name} ${option.ref} ${option.providerName}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** The model chats use when the composer picks none: the settings', else the config default. */
export function effectiveModel(settings: Settings | undefined, defaultModel: ModelRef | undefined): ModelRef | undefined {
  return settings?.model ?? defaultModel;
}

export function findModel(options: readonly ModelOption[], ref: string | undefined): ModelOption | undefined {
  return ref === undefined ? undefined : options.find((o) => o.ref === ref);
}

/** A readable name for a model reference that may not be in any catalog. */
export function modelLabel(options: readonly ModelOption[], ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  return findModel(options, ref)?.name ?? ref.slice(ref.indexOf('/') + 1);
}

/**
 * The model a provider's "Test connection" uses: the chosen chat model when it is one of this
 * provider's, else the provider's default, else its first model.
 */
export function providerTestModel(provider: Provider, chosen: ModelRef | undefined): ModelRef | undefined {
  const prefix = `${provider.id}/`;
  if (chosen?.startsWith(prefix) && provider.models.some((model) => `${prefix}${model.id}` === chosen)) return chosen;
  if (provider.defaultModel !== undefined && provider.models.some((model) => model.id === provider.defaultModel)) return `${prefix}${provider.defaultModel}`;
  const first = [...provider.models].sort((a, b) => Number(b.featured) - Number(a.featured))[0];
  if (first !== undefined) return `${prefix}${first.id}`;
  return provider.defaultModel === undefined ? undefined : `${prefix}${provider.defaultModel}`;
}
