// Which model a provider selects when the user switches to it. The descriptor's
// `defaultModel` wins when it exists in what is known right now (configured, dynamic or
// cached, and runtime models); otherwise the runtime's default for the provider, then the
// app-wide `providers.defaultModel`, then the first model listed. Each candidate must be
// listed too; a provider with no known models at all keeps the first candidate given, since
// there is nothing to check it against.

export interface DefaultModelInputs {
  readonly providerId: string;
  /** `providers.descriptors.<id>.defaultModel`. */
  readonly preferred?: string | undefined;
  /** The runtime catalog's default for this provider. */
  readonly runtimeDefault?: string | undefined;
  /** `providers.defaultModel` when this is the default provider (`model` or `provider/model`). */
  readonly appDefault?: string | undefined;
  /** Model ids known now, in display order (featured first). */
  readonly available: readonly string[];
}

export function pickDefaultModel(inputs: DefaultModelInputs): string | undefined {
  const { providerId, preferred, runtimeDefault, appDefault, available } = inputs;
  const candidates = [preferred, runtimeDefault, appDefault].filter((id): id is string => id !== undefined && id !== '');
  if (available.length === 0) return candidates[0];
  const known = new Set(available);
  const prefix = `${providerId}/`;
  for (const candidate of candidates) {
    if (known.has(candidate)) return candidate;
    // "provider/model" spellings name the same model.
    if (candidate.startsWith(prefix) && known.has(candidate.slice(prefix.length))) return candidate.slice(prefix.length);
  }
  return available[0];
}

/**
 * `providers.defaultModel` when it is meant for `providerId`: it is a model of
 * `providers.defaultProvider` (written `model` or `provider/model`), so only that provider's.
 */
export function appDefaultFor(providerId: string, providers: { readonly defaultProvider: string; readonly defaultModel?: string | undefined }): string | undefined {
  return providerId === providers.defaultProvider ? providers.defaultModel : undefined;
}
