// A provider's `dynamicCatalog` block with the schema's defaults applied, and the pieces of it
// that decide whether a cached copy still describes the same catalog.
import { createHash } from 'node:crypto';
import type { DynamicCatalog, ModelEntry, OpenCoworkConfig } from '@open-cowork/config';

export interface CatalogSpec {
  readonly providerId: string;
  readonly url: string;
  /** Dotted path to the array; undefined when the body is the array. */
  readonly responsePath: string | undefined;
  readonly idField: string;
  readonly nameField: string;
  readonly descriptionField: string;
  readonly contextLengthField: string;
  /** Lower-case hex, when the config pins the body. */
  readonly sha256: string | undefined;
  /** The Authorization value (a secret); undefined when none is configured, "" when its placeholder is unset. */
  readonly authHeader: string | undefined;
  readonly ttlMs: number;
}

export const DEFAULT_TTL_MINUTES = 60;

function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

export function catalogSpec(providerId: string, block: DynamicCatalog): CatalogSpec {
  return {
    providerId,
    url: block.url,
    responsePath: block.responsePath,
    idField: block.idField ?? 'id',
    nameField: block.nameField ?? 'name',
    descriptionField: block.descriptionField ?? 'description',
    contextLengthField: block.contextLengthField ?? 'context_length',
    sha256: block.sha256?.toLowerCase(),
    authHeader: block.authHeader,
    ttlMs: (block.cacheTtlMinutes ?? DEFAULT_TTL_MINUTES) * 60_000,
  };
}

/** The spec of every provider whose descriptor has a dynamic catalog, by provider id. */
export function catalogSpecs(config: Pick<OpenCoworkConfig, 'providers'>): Map<string, CatalogSpec> {
  const specs = new Map<string, CatalogSpec>();
  for (const [id, descriptor] of Object.entries(config.providers.descriptors)) {
    if (descriptor.dynamicCatalog !== undefined) specs.set(id, catalogSpec(id, descriptor.dynamicCatalog));
  }
  return specs;
}

/** The descriptor's static `models[]` (the last fallback). */
export function staticModels(config: Pick<OpenCoworkConfig, 'providers'>, providerId: string): readonly ModelEntry[] {
  return own(config.providers.descriptors, providerId)?.models ?? [];
}

/**
 * What a cached copy must have been fetched and read with to stand for this spec: the URL,
 * the path and the field names (a config change makes old copies worthless). The auth header
 * is left out: it is a secret, and rotating it does not change the catalog.
 */
export function specFingerprint(spec: CatalogSpec): string {
  const parts = [spec.url, spec.responsePath ?? '', spec.idField, spec.nameField, spec.descriptionField, spec.contextLengthField, spec.sha256 ?? ''];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
