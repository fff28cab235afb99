import { configSchema } from './generated/schema.js';
import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import { getAtPointer, isPlainObject, joinPointer, splitPointer } from './pointer.js';
import { isSecretPointer } from './secrets.js';

/** The shape of an error reported by an ajv-generated validator. */
export interface SchemaError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly propertyName?: string;
  readonly message?: string;
}

export type CompiledValidator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** Plain-words explanations for the patterns the schema uses. */
const PATTERN_WORDS: Readonly<Record<string, string>> = {
  '^https://[^\\s]+$':
    'must be an https:// URL',
  '^(https://[^\\s]+|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?(/[^\\s]*)?)$':
    'must be an https:// URL (or http:// to localhost or 127.0.0.1)',
  '^(https://[^\\s]+|mailto:[^\\s@]+@[^\\s@]+\\.[^\\s@]+)$':
    'must be an https:// URL or a mailto: address',
  '^(https://|mailto:)[^\\s]+$':
    'must be an https:// or mailto: link',
  '^https?://[^\\s]+$':
    'must be an http(s):// URL',
  '^[A-Z_][A-Z0-9_]*$':
    'must be an environment variable name (upper-case letters, digits and underscores)',
  '^[a-fA-F0-9]{64}$':
    'must be a SHA-256 hash written as 64 hexadecimal characters',
  '^[a-z][A-Za-z0-9]*(\\.[A-Za-z0-9_-]+)+$':
    'must be a dotted message key such as "home.greeting"',
  '^[a-z0-9][a-z0-9._-]*/.+$':
    'must name a model as "provider/model", e.g. "openrouter/anthropic/claude-sonnet-4"',
  '^[A-Za-z][A-Za-z0-9-]*(\\.[A-Za-z0-9-]+)+$':
    'must be a reverse-DNS identifier such as "com.acme.cowork"',
  '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$':
    'must be a BCP 47 language tag such as "en-US" or "de-DE"',
  '^data:image/(png|jpeg|webp|gif|svg\\+xml);base64,[A-Za-z0-9+/=]+$':
    'must be a base64 data: URL of a png, jpeg, webp, gif or svg image',
  '^(#([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|(rgb|rgba|hsl|hsla)\\([#A-Za-z0-9.,% /-]+\\)|[A-Za-z]+)$':
    'must be a colour: #rgb, #rrggbb, #rrggbbaa, rgb(), rgba(), hsl(), hsla() or a colour keyword',
  '^(?![\\s\\S]*(url|image|image-set|element|expression|src)\\s*\\()[#A-Za-z0-9(),.%\\s/+-]+$':
    'must be a CSS value made of colours, color-mix(), gradients, shadows or "none" (no url(), quotes, semicolons or braces)',
  '^(#[0-9a-fA-F]{3,8}|[A-Za-z][A-Za-z0-9-]*)$':
    'must be a colour name (such as "accent", "primary" or "azure") or a hex colour',
  '^[a-z0-9][a-z0-9-]*$':
    'must be an id of lower-case letters, digits and hyphens',
};

export interface SchemaIssueContext {
  readonly file: string;
  /** The document that was validated (to quote offending values). */
  readonly data: unknown;
}

/** Turns validator errors into issues a downstream engineer can act on. */
export function toSchemaIssues(errors: readonly SchemaError[], context: SchemaIssueContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const issue = describe(error, context);
    if (issue === undefined) continue;
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function describe(error: SchemaError, { file, data }: SchemaIssueContext): ConfigIssue | undefined {
  const at = error.instancePath;
  const issue = (code: ConfigErrorCode, pointer: string, message: string): ConfigIssue => ({
    code,
    severity: 'error',
    file,
    pointer,
    message,
  });
  const params = error.params;

  if (error.propertyName !== undefined) {
    const pointer = joinPointer(at, error.propertyName);
    return issue(ConfigErrorCode.SchemaViolation, pointer, `The key "${error.propertyName}" is not valid here: it ${keywordWords(error, pointer, data, true)}.`);
  }

  switch (error.keyword) {
    case 'propertyNames':
      return undefined; // reported through the inner error that carries propertyName
    case 'required': {
      const missing = String(params['missingProperty']);
      return issue(ConfigErrorCode.MissingProperty, joinPointer(at, missing), `"${missing}" is required here${describeWhere(at)}.`);
    }
    case 'additionalProperties': {
      const unknown = String(params['additionalProperty']);
      const allowed = allowedProperties(at, data);
      const suggestion = closest(unknown, allowed);
      const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
      const list = allowed.length > 0 ? ` Allowed here: ${allowed.join(', ')}.` : '';
      return issue(ConfigErrorCode.UnknownProperty, joinPointer(at, unknown), `Unknown property "${unknown}"${describeWhere(at)}.${hint}${list}`);
    }
    case 'discriminator': {
      const kinds = discriminatorValues(at);
      const tag = String(params['tag']);
      return issue(
        ConfigErrorCode.SchemaViolation,
        joinPointer(at, tag),
        `"${tag}" must be one of: ${kinds.join(', ')}${gotValue(joinPointer(at, tag), data)}.`,
      );
    }
    default:
      return issue(ConfigErrorCode.SchemaViolation, at, `${capitalize(keywordWords(error, at, data, false))}.`);
  }
}

/** The rule a value broke, as words that complete "it ...". */
function keywordWords(error: SchemaError, pointer: string, data: unknown, isKey: boolean): string {
  const params = error.params;
  const got = isKey ? '' : gotValue(pointer, data);
  switch (error.keyword) {
    case 'type':
      return `must be ${article(String(params['type']))}${got}`;
    case 'enum':
      return `must be one of: ${(params['allowedValues'] as unknown[]).map((value) => JSON.stringify(value)).join(', ')}${got}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}${got}`;
    case 'pattern': {
      const pattern = String(params['pattern']);
      return `${PATTERN_WORDS[pattern] ?? `must match the pattern ${pattern}`}${got}`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const symbol = { minimum: '≥', maximum: '≤', exclusiveMinimum: '>', exclusiveMaximum: '<' }[error.keyword];
      return `must be ${symbol} ${String(params['limit'])}${got}`;
    }
    case 'minLength':
      return params['limit'] === 1 ? 'must not be empty' : `must be at least ${String(params['limit'])} characters long`;
    case 'maxLength':
      return `must be at most ${String(params['limit'])} characters long`;
    case 'minItems':
      return `must list at least ${String(params['limit'])} item(s)`;
    case 'maxItems':
      return `must list at most ${String(params['limit'])} item(s)`;
    case 'uniqueItems':
      return `must not repeat an entry (items ${String(params['j'])} and ${String(params['i'])} are the same)`;
    case 'minProperties':
      return `must set at least ${String(params['limit'])} field(s)`;
    case 'multipleOf':
      return `must be a multiple of ${String(params['multipleOf'])}${got}`;
    default:
      return error.message ?? `breaks the schema rule "${error.keyword}"`;
  }
}

function gotValue(pointer: string, data: unknown): string {
  const { found, value } = getAtPointer(data, pointer);
  if (!found || isSecretPointer(pointer)) return '';
  if (typeof value === 'string') return ` (got ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)})`;
  if (typeof value === 'number' || typeof value === 'boolean') return ` (got ${String(value)})`;
  if (value === null) return ' (got null)';
  return ` (got ${Array.isArray(value) ? 'a list' : 'an object'})`;
}

function describeWhere(pointer: string): string {
  return pointer === '' ? ' at the top level' : ` in ${pointer}`;
}

function article(type: string): string {
  // A union type ("integer,null") reads "a whole number or null".
  if (type.includes(',')) return type.split(',').map((part) => (part === 'null' ? 'null' : article(part))).join(' or ');
  const words: Record<string, string> = {
    object: 'an object',
    array: 'a list',
    string: 'a string',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
  };
  return words[type] ?? type;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Follows a local "$ref" inside the config schema. */
function deref(node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 16 && isPlainObject(current) && typeof current['$ref'] === 'string'; hops += 1) {
    const ref = current['$ref'];
    current = ref.startsWith('#') ? getAtPointer(configSchema, ref.slice(1)).value : undefined;
  }
  return current;
}

/** For a tagged union, the branch whose "kind" matches the data (or the union itself). */
function branchFor(node: unknown, value: unknown): unknown {
  if (!isPlainObject(node) || !Array.isArray(node['oneOf']) || !isPlainObject(value)) return node;
  const branch = node['oneOf'].map(deref).find((candidate) => kindOf(candidate) === value['kind']);
  return branch ?? node;
}

function kindOf(node: unknown): unknown {
  const properties = isPlainObject(node) ? node['properties'] : undefined;
  const kind = isPlainObject(properties) ? properties['kind'] : undefined;
  return isPlainObject(kind) ? kind['const'] : undefined;
}

/**
 * The schema that governs the value at `pointer`, found by walking the document and the
 * schema together (ajv reports schema paths relative to the referenced definition, which
 * loses the context).
 */
function schemaForInstance(pointer: string, data: unknown): unknown {
  let node = branchFor(deref(configSchema), data);
  let value = data;
  for (const token of splitPointer(pointer)) {
    if (!isPlainObject(node)) return undefined;
    const properties = node['properties'];
    const next: unknown =
      isPlainObject(properties) && Object.hasOwn(properties, token)
        ? properties[token]
        : /^\d+$/.test(token) && node['items'] !== undefined
          ? node['items']
          : isPlainObject(node['additionalProperties'])
            ? node['additionalProperties']
            : undefined;
    value = getAtPointer(value, joinPointer('', token)).value;
    node = branchFor(deref(next), value);
  }
  return node;
}

function allowedProperties(pointer: string, data: unknown): string[] {
  const node = schemaForInstance(pointer, data);
  const properties = isPlainObject(node) ? node['properties'] : undefined;
  return isPlainObject(properties) ? Object.keys(properties).filter((key) => key !== '$schema') : [];
}

function discriminatorValues(pointer: string): string[] {
  const node = schemaForInstance(pointer, undefined);
  const branches = isPlainObject(node) && Array.isArray(node['oneOf']) ? node['oneOf'] : [];
  return branches.flatMap((branch: unknown) => {
    const kind = kindOf(deref(branch));
    return typeof kind === 'string' ? [JSON.stringify(kind)] : [];
  });
}

/** The allowed name closest to a misspelt one, when it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
