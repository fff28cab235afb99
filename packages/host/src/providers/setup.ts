// Whether a provider needs setup before it can answer, and why: a required value that is
// empty or invalid. A downstream build whose `{env:…}` base URL is unset gets an empty
// base URL from the loader, and OpenCode then fails every answer; it must show as "needs
// setup" naming the variable, never as connected. Messages name fields and variables, never
// values. A credential the user has yet to enter is the ordinary "not connected" instead.
import type { OpenCoworkConfig, ProviderCredential } from '@open-cowork/config';
import type { CredentialView } from '../settings/index.js';

export interface SetupInputs {
  readonly config: OpenCoworkConfig;
  /** The provider's stored credentials. */
  readonly stored: Readonly<Record<string, CredentialView>>;
  readonly fields: readonly ProviderCredential[];
  /** Strings that came from placeholders, as written, by pointer (`LoadResult.placeholders`). */
  readonly placeholders?: ReadonlyMap<string, string>;
}

const NEEDS_BASE_URL = new Set(['@ai-sdk/openai-compatible']);
const PLACEHOLDER = /\{env:([A-Z_][A-Z0-9_]*)\}/g;

function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Why `id` cannot be used yet, or undefined when nothing required is missing. */
export function setupReason(id: string, inputs: SetupInputs): string | undefined {
  const { config, stored, fields } = inputs;
  const usable = (key: string): boolean => own(stored, key)?.readable === true;
  // A credential the user has not entered yet is "not connected", not a setup problem.
  const custom = own(config.providers.custom, id);
  const descriptor = own(config.providers.descriptors, id);
  if (usable('baseURL')) return undefined; // the user's own base URL wins over the config's
  const fromCustom = custom?.options?.['baseURL'];
  const baseURL = fromCustom ?? descriptor?.options?.['baseURL'];
  const where = fromCustom !== undefined ? `/providers/custom/${id}/options/baseURL` : `/providers/descriptors/${id}/options/baseURL`;
  if (baseURL === undefined) {
    if (custom !== undefined && NEEDS_BASE_URL.has(custom.npm)) return 'No base URL is set.';
  } else {
    const problem = baseUrlProblem(baseURL, inputs.placeholders?.get(where), fields, usable);
    if (problem !== undefined) return problem;
  }
  if (custom !== undefined && Object.keys(custom.models ?? {}).length === 0 && (descriptor?.models ?? []).length === 0 && descriptor?.dynamicCatalog === undefined) {
    return 'No models are listed.';
  }
  return undefined;
}

function baseUrlProblem(value: unknown, template: string | undefined, fields: readonly ProviderCredential[], usable: (key: string) => boolean): string | undefined {
  if (typeof value !== 'string') return 'The base URL is not text.';
  if (value.trim() === '') {
    const names = [...(template ?? '').matchAll(PLACEHOLDER)].map((match) => match[1]!);
    return names.length > 0 ? `The base URL is empty: the environment variable ${names.join(', ')} is not set.` : 'The base URL is empty.';
  }
  // A `{env:NAME}` left in place is filled from the credential that declares it.
  const unfilled = [...value.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  for (const name of unfilled) {
    const field = fields.find((candidate) => candidate.env === name);
    if (field === undefined) return `The base URL needs the environment variable ${name}, which is not available.`;
    if (!usable(field.key)) return `The base URL needs ${field.label}, which is not set.`;
  }
  if (unfilled.length > 0) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {
    // reported below
  }
  return 'The base URL is not an http:// or https:// URL.';
}
