import { isPlainObject, joinPointer, splitPointer } from './pointer.js';

/**
 * Which config values are secrets. They are masked wherever the config is shown
 * (`config print`, `config explain`, error messages) and never logged.
 */
const SECRET_PATHS: readonly (readonly string[])[] = [
  ['auth', 'googleOAuth', 'clientSecret'],
  ['providers', 'descriptors', '*', 'dynamicCatalog', 'authHeader'],
  ['updates', 'releaseSource', 'auth', 'token'],
  ['updates', 'releaseSource', 'auth', 'headers', '*'],
  ['mcps', '*', 'headers', '*'],
  ['telemetry', 'headers', '*'],
];

/** Free-form maps where a key that looks like a credential marks a secret value. */
const FREE_FORM_MAPS: readonly (readonly string[])[] = [
  ['providers', 'custom', '*', 'options'],
  ['mcps', '*', 'environment'],
  ['agents', '*', 'options'],
  ['builtInAgents', '*', 'options'],
];
const SECRET_KEY = /(api[-_]?key|token|secret|password|passwd|authorization|cookie|private[-_]?key)/i;

export const MASK = '••••••••';

export function isSecretPointer(pointer: string): boolean {
  const tokens = splitPointer(pointer);
  if (SECRET_PATHS.some((path) => path.length === tokens.length && matches(path, tokens))) return true;
  return FREE_FORM_MAPS.some(
    (path) => tokens.length > path.length && matches(path, tokens) && tokens.slice(path.length).some((key) => SECRET_KEY.test(key)),
  );
}

function matches(path: readonly string[], tokens: readonly string[]): boolean {
  return path.every((part, index) => part === '*' || part === tokens[index]);
}

/**
 * A copy of `value` fit to show a person: a string that came from an {env:NAME} placeholder
 * shows the text its layer wrote (listed in `placeholders` by pointer), and every other
 * non-empty secret is masked.
 */
export function maskSecrets<T>(value: T, placeholders: ReadonlyMap<string, string> = new Map(), pointer = ''): T {
  if (typeof value === 'string') {
    const template = placeholders.get(pointer);
    if (template !== undefined) return template as T;
    return (value !== '' && isSecretPointer(pointer) ? MASK : value) as T;
  }
  if (Array.isArray(value)) return value.map((item, index) => maskSecrets(item, placeholders, joinPointer(pointer, index))) as T;
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) result[key] = maskSecrets(child, placeholders, joinPointer(pointer, key));
    return result as T;
  }
  return value;
}
