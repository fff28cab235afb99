import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import { isPlainObject } from './pointer.js';
import { copyJson } from './walk.js';
import { isSecretPointer } from './secrets.js';

const PLACEHOLDER = /\{(env|file):([^}]*)\}/g;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** A file placeholder reads at most this much: it is for a name, a prompt or a token, not a data set. */
export const MAX_FILE_PLACEHOLDER_BYTES = 1024 * 1024;

/** Keys whose strings are never placeholder-expanded: they are metadata, not settings. */
const LITERAL_KEYS = new Set(['$schema', 'allowedEnvPlaceholders']);

export interface PlaceholderResult {
  readonly value: unknown;
  readonly issues: ConfigIssue[];
  /** The text as written, for every string that held a placeholder (safe to show: names, not values). */
  readonly templates: ReadonlyMap<string, string>;
  /** Non-empty values that must never be quoted in a message (environment values, secret file contents). */
  readonly secrets: readonly string[];
}

/**
 * Replaces `{env:NAME}` and `{file:PATH}` in every string of one layer, in one pass (a value
 * is not expanded again).
 *
 * - `{env:NAME}`: NAME must be listed in that same layer's `allowedEnvPlaceholders`; a layer
 *   cannot read variables another layer allowed. Allowed but unset variables resolve to "".
 *   In a custom provider's `options`, a NAME that one of the provider's credential fields
 *   declares as its `env` stays as written: the runtime fills it from the stored credential.
 * - `{file:PATH}`: the contents of PATH, relative to the layer's folder and confined to it
 *   (absolute paths, `~`, `..` out of the folder and links out of it are refused).
 */
export function resolvePlaceholders(
  layerValue: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  file: string,
  layerRoot: string,
  /** The file's text: without a placeholder in it there is nothing to do. */
  text?: string,
): PlaceholderResult {
  if (text !== undefined && !text.includes('\\u') && !text.includes('{env:') && !text.includes('{file:')) {
    return { value: layerValue, issues: [], templates: new Map(), secrets: [] };
  }
  const declared = layerValue['allowedEnvPlaceholders'];
  const allowed = new Set(Array.isArray(declared) ? declared.filter((name): name is string => typeof name === 'string') : []);
  const credentialEnv = credentialEnvNames(layerValue);
  const issues: ConfigIssue[] = [];
  const templates = new Map<string, string>();
  const secrets = new Set<string>();
  const refuse = (code: ConfigIssue['code'], pointer: string, message: string): void => {
    issues.push({ code, severity: 'error', file, pointer, message });
  };

  // Top-level metadata keys are kept as written; strings anywhere else may hold placeholders.
  const visit = (value: unknown): unknown =>
    copyJson(value, {
      member: (key, _child, path) => (path.depth === 1 && LITERAL_KEYS.has(key) ? 'keep' : 'visit'),
      leaf: (leaf, path) => (typeof leaf === 'string' && (leaf.includes('{env:') || leaf.includes('{file:')) ? expand(leaf, path.pointer()) : leaf),
    });

  const envValue = (match: string, name: string, pointer: string): string => {
    if (!ENV_NAME.test(name)) {
      refuse(
        ConfigErrorCode.PlaceholderInvalid,
        pointer,
        `"${match}" is not a valid placeholder: the variable name must be upper case letters, digits and underscores (e.g. {env:ACME_TOKEN}).`,
      );
      return match;
    }
    if (!allowed.has(name)) {
      refuse(
        ConfigErrorCode.PlaceholderNotAllowed,
        pointer,
        `Placeholder {env:${name}} is not allowed: add "${name}" to allowedEnvPlaceholders in this same file to let it read that environment variable.`,
      );
      return match;
    }
    const provider = /^\/providers\/custom\/([^/]+)\/options(\/|$)/.exec(pointer)?.[1];
    if (provider !== undefined && credentialEnv.get(provider)?.has(name) === true) return match;
    const value = env[name] ?? '';
    if (value !== '') secrets.add(value);
    return value;
  };

  const fileValue = (match: string, path: string, pointer: string): string => {
    const read = readConfined(path.trim(), layerRoot);
    if (typeof read !== 'string') {
      refuse(read.code, pointer, `${match} ${read.why}. A {file:PATH} placeholder reads a file in this config's own folder, e.g. {file:./prompts/intro.md}.`);
      return match;
    }
    if (read !== '' && isSecretPointer(pointer)) secrets.add(read);
    return read;
  };

  const expand = (text: string, pointer: string): string => {
    let sawPlaceholder = false;
    const expanded = text.replace(PLACEHOLDER, (match, kind: string, argument: string) => {
      sawPlaceholder = true;
      return kind === 'env' ? envValue(match, argument, pointer) : fileValue(match, argument, pointer);
    });
    if (sawPlaceholder) templates.set(pointer, text);
    return expanded;
  };

  return { value: visit(layerValue), issues, templates, secrets: [...secrets] };
}

/** For each custom provider of the layer: the variable names its credential fields fill. */
function credentialEnvNames(layer: Record<string, unknown>): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const providers = isPlainObject(layer['providers']) ? layer['providers'] : {};
  for (const section of ['custom', 'descriptors'] as const) {
    const entries = isPlainObject(providers[section]) ? providers[section] : {};
    for (const [id, entry] of Object.entries(entries)) {
      const credentials = isPlainObject(entry) && Array.isArray(entry['credentials']) ? entry['credentials'] : [];
      for (const credential of credentials) {
        const name = isPlainObject(credential) ? credential['env'] : undefined;
        if (typeof name === 'string') names.set(id, (names.get(id) ?? new Set()).add(name));
      }
    }
  }
  return names;
}

type Refusal = { readonly code: ConfigIssue['code']; readonly why: string };

/** The file's text, or why it was refused: only files inside `root` (links resolved) are read. */
function readConfined(path: string, root: string): string | Refusal {
  const invalid = (why: string): Refusal => ({ code: ConfigErrorCode.FilePlaceholderInvalid, why });
  if (path === '') return invalid('names no file');
  if (isAbsolute(path) || path.startsWith('~') || /^[A-Za-z]:/.test(path) || path.startsWith('\\')) {
    return invalid('is not a path relative to this config file');
  }
  const target = resolve(root, path);
  if (!inside(root, target)) return invalid('leads out of the folder of this config file');
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return { code: ConfigErrorCode.FilePlaceholderNotFound, why: `names a file that does not exist (looked for ${target})` };
  }
  if (!inside(realpathSync(root), real)) return invalid('resolves (through a link) to a file outside the folder of this config file');
  const stats = statSync(real);
  if (!stats.isFile()) return invalid('does not name a file');
  if (stats.size > MAX_FILE_PLACEHOLDER_BYTES) return invalid(`names a file larger than ${MAX_FILE_PLACEHOLDER_BYTES} bytes`);
  try {
    return readFileSync(real, 'utf8');
  } catch (error) {
    return { code: ConfigErrorCode.FileUnreadable, why: `cannot be read: ${(error as Error).message}` };
  }
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' ? false : !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}
