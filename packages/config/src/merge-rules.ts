/**
 * How configuration layers combine — written down once, here. They are upstream's rules
 * (contract version 1), so one file means the same thing in both products.
 *
 * Layers, lowest first; a later layer wins over an earlier one (discover.ts finds them):
 *   1. default      the built-in open-cowork.config.json shipped with the app
 *   2. config-path  the file named by OPEN_COWORK_CONFIG_PATH
 *   3. downstream   config.json / open-cowork.config.json in OPEN_COWORK_CONFIG_DIR or
 *                   OPEN_COWORK_DOWNSTREAM_ROOT, or the downstream folder the app ships
 *   4. user         ~/.config/<dataDirName>/config.json
 *   5. managed      the OS-managed (MDM) file; an administrator's policy has the last word
 *
 * Values:
 *   - objects merge key by key, recursively;
 *   - `null` means "no opinion" and is dropped, except where the schema accepts null
 *     (generated/nullable.ts, e.g. providers.defaultProvider): there it is a value that
 *     clears what the lower layers set;
 *   - every array is replaced whole, as upstream does, unless its first entry is the
 *     marker "...": then the layer's entries join the inherited list. Records with an
 *     identity (LIST_IDENTITIES) merge into the inherited record of the same identity, or
 *     are appended; other entries are appended unless the list already holds them;
 *   - objects listed in TAGGED_UNIONS merge only while their `kind` stays the same; a layer
 *     that changes `kind` replaces the whole object (fields of another kind would not fit);
 *   - every scalar is replaced.
 */
export const LAYER_KINDS = ['default', 'config-path', 'downstream', 'user', 'managed'] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/** The first entry of a list that keeps the inherited entries instead of replacing them. */
export const MERGE_MARKER = '...';

/**
 * What identifies a record in a list, by list pointer ("*" = any key or index): the first
 * of the keys the record has. A skill is known by `sourceName`, or by `name` without one.
 */
export const LIST_IDENTITIES: Readonly<Record<string, readonly string[]>> = {
  '/tools': ['id'],
  '/skills': ['sourceName', 'name'],
  '/mcps': ['name'],
  '/agents': ['name'],
  '/agentStarterTemplates': ['id'],
  '/toolTrace/rules': ['id'],
  '/toolTrace/additionalRules': ['id'],
  '/branding/themes': ['id'],
  '/capabilityBundles': ['name'],
  '/providers/descriptors/*/models': ['id'],
  '/providers/descriptors/*/credentials': ['key'],
  '/providers/custom/*/credentials': ['key'],
  '/mcps/*/credentials': ['key'],
  '/mcps/*/envSettings': ['env'],
  '/mcps/*/headerSettings': ['header'],
  '/gateway/providers': ['id'],
};

/** Lists whose records carry their identity even in a layer (the overlay schema keeps it required). */
export const RECORD_ARRAYS: Readonly<Record<string, string>> = {
  '/tools': 'id',
  '/skills': 'name',
  '/mcps': 'name',
  '/agents': 'name',
};

export const TAGGED_UNIONS: ReadonlySet<string> = new Set(['/updates/releaseSource', '/updates/releaseSource/auth']);

/** Identity keys that an overlay must still spell out inside record arrays (the partial schema keeps them). */
export const IDENTITY_KEYS: readonly string[] = [...new Set(Object.values(RECORD_ARRAYS))];

/** The identity keys of the records of the list at `pointer` (indices and map keys match "*"). */
export function identityKeysOf(pointer: string): readonly string[] | undefined {
  const direct = LIST_IDENTITIES[pointer];
  if (direct !== undefined) return direct;
  const tokens = pointer.split('/');
  for (const [pattern, keys] of Object.entries(LIST_IDENTITIES)) {
    const parts = pattern.split('/');
    if (parts.length === tokens.length && parts.every((part, index) => part === '*' || part === tokens[index])) return keys;
  }
  return undefined;
}

/** A record's identity in its list: the value of the first identity key it has. */
export function recordIdentity(record: unknown, keys: readonly string[]): string | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  for (const key of keys) {
    const value = (record as Record<string, unknown>)[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
