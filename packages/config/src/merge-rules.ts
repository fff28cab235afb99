/**
 * How configuration layers combine — written down once, here.
 *
 * Layers, lowest first; a later layer wins over an earlier one:
 *   1. default      the built-in open-cowork.config.json shipped with the app
 *   2. config-path  the file named by OPEN_COWORK_CONFIG_PATH
 *   3. downstream   <OPEN_COWORK_DOWNSTREAM_ROOT>/open-cowork.config.json
 *   4. user         <app data dir>/config.json
 *   5. managed      the OS-managed (MDM) file; an administrator's policy has the last word
 *
 * Values:
 *   - objects merge key by key, recursively;
 *   - `null` never overrides (it means "no opinion"), and is dropped;
 *   - arrays listed in RECORD_ARRAYS merge record by record, matched on their identity key;
 *     a record the lower layers lack is appended;
 *   - arrays listed in UNION_ARRAYS keep every distinct entry of every layer;
 *   - objects listed in TAGGED_UNIONS merge only while their `kind` stays the same; a layer
 *     that changes `kind` replaces the whole object (fields of another kind would not fit);
 *   - every other array, and every scalar, is replaced.
 */
export const LAYER_KINDS = ['default', 'config-path', 'downstream', 'user', 'managed'] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

export const RECORD_ARRAYS: Readonly<Record<string, string>> = {
  '/tools': 'id',
  '/skills': 'name',
  '/mcps': 'name',
  '/agents': 'name',
};

export const UNION_ARRAYS: ReadonlySet<string> = new Set(['/allowedEnvPlaceholders']);

export const TAGGED_UNIONS: ReadonlySet<string> = new Set(['/updates/releaseSource', '/updates/releaseSource/auth']);

/** Identity keys that an overlay must still spell out inside record arrays (the partial schema keeps them). */
export const IDENTITY_KEYS: readonly string[] = [...new Set(Object.values(RECORD_ARRAYS))];
