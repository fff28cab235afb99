// OpenCode config fragments that point a custom provider at a scripted model.
// `@ai-sdk/openai-compatible` is bundled in the opencode binary, so nothing is installed at run time.

export interface ProviderConfigOptions {
  /** The key under `provider` in OpenCode's config. Default `scripted`. */
  readonly providerId?: string;
  /** Display name. Default `Scripted`. */
  readonly name?: string;
  /** Model ids to declare. Default: the scripted model's `modelIds`. */
  readonly modelIds?: readonly string[];
}

export interface OpencodeProviderConfig {
  readonly npm: '@ai-sdk/openai-compatible';
  readonly name: string;
  readonly options: { readonly baseURL: string; readonly apiKey: string };
  readonly models: Readonly<Record<string, { readonly name: string }>>;
}

interface ModelEndpoint {
  readonly url: string;
  readonly modelIds: readonly string[];
}

/** The value for `provider.<providerId>` in an OpenCode config. */
export function scriptedProviderConfig(model: ModelEndpoint, options: ProviderConfigOptions = {}): OpencodeProviderConfig {
  const ids = options.modelIds ?? model.modelIds;
  return {
    npm: '@ai-sdk/openai-compatible',
    name: options.name ?? 'Scripted',
    // The SDK sends it as a bearer token; the scripted model ignores it.
    options: { baseURL: model.url, apiKey: 'scripted-model-key' },
    models: Object.fromEntries(ids.map((id) => [id, { name: id }])),
  };
}

/** A whole config fragment: the provider plus `model: "<providerId>/<first model id>"` as the default model. */
export function scriptedOpencodeConfig(
  model: ModelEndpoint,
  options: ProviderConfigOptions = {},
): { readonly provider: Readonly<Record<string, OpencodeProviderConfig>>; readonly model: string } {
  const providerId = options.providerId ?? 'scripted';
  const provider = scriptedProviderConfig(model, options);
  const first = Object.keys(provider.models)[0];
  if (first === undefined) throw new Error('scriptedOpencodeConfig needs at least one model id.');
  return { provider: { [providerId]: provider }, model: `${providerId}/${first}` };
}
