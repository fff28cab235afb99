import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import { isPlainObject, joinPointer } from './pointer.js';

const PLACEHOLDER = /\{env:([^}]*)\}/g;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Keys whose strings are never placeholder-expanded: they are metadata, not settings. */
const LITERAL_KEYS = new Set(['$schema', 'allowedEnvPlaceholders']);

export interface PlaceholderResult {
  readonly value: unknown;
  readonly issues: ConfigIssue[];
  /** The text as written, for every string that held a placeholder (safe to show: names, not values). */
  readonly templates: ReadonlyMap<string, string>;
  /** Non-empty values read from the environment: never to be quoted in a message. */
  readonly secrets: readonly string[];
}

/**
 * Replaces `{env:NAME}` in every string of one layer. A name must be listed in that same
 * layer's `allowedEnvPlaceholders`: a layer cannot read variables another layer allowed.
 * Allowed but unset variables resolve to "".
 */
export function resolvePlaceholders(
  layerValue: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  file: string,
): PlaceholderResult {
  const declared = layerValue['allowedEnvPlaceholders'];
  const allowed = new Set(Array.isArray(declared) ? declared.filter((name): name is string => typeof name === 'string') : []);
  const issues: ConfigIssue[] = [];
  const templates = new Map<string, string>();
  const secrets = new Set<string>();

  const visit = (value: unknown, pointer: string): unknown => {
    if (typeof value === 'string') return expand(value, pointer);
    if (Array.isArray(value)) return value.map((item, index) => visit(item, joinPointer(pointer, index)));
    if (isPlainObject(value)) {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        result[key] = pointer === '' && LITERAL_KEYS.has(key) ? child : visit(child, joinPointer(pointer, key));
      }
      return result;
    }
    return value;
  };

  const expand = (text: string, pointer: string): string => {
    if (!text.includes('{env:')) return text;
    let sawPlaceholder = false;
    const expanded = text.replace(PLACEHOLDER, (match, name: string) => {
      sawPlaceholder = true;
      if (!ENV_NAME.test(name)) {
        issues.push({
          code: ConfigErrorCode.PlaceholderInvalid,
          severity: 'error',
          file,
          pointer,
          message: `"${match}" is not a valid placeholder: the variable name must be upper case letters, digits and underscores (e.g. {env:ACME_TOKEN}).`,
        });
        return match;
      }
      if (!allowed.has(name)) {
        issues.push({
          code: ConfigErrorCode.PlaceholderNotAllowed,
          severity: 'error',
          file,
          pointer,
          message: `Placeholder {env:${name}} is not allowed: add "${name}" to allowedEnvPlaceholders in this same file to let it read that environment variable.`,
        });
        return match;
      }
      const value = env[name] ?? '';
      if (value !== '') secrets.add(value);
      return value;
    });
    if (sawPlaceholder) templates.set(pointer, text);
    return expanded;
  };

  return { value: visit(layerValue, ''), issues, templates, secrets: [...secrets] };
}
