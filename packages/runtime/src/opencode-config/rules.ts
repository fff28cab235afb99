// OpenCode permission rules as ordered data. OpenCode turns a `permission` object into a
// rule list in key order and, for each call, applies the LAST rule whose permission name
// (and argument pattern) matches. Order therefore carries meaning, and every builder here
// appends in the order of precedence it wants: general first, specific last.

import { mcpToolPrefix } from './mcp-names.js';

export type Level = 'allow' | 'ask' | 'deny';

const STRICTNESS: Readonly<Record<Level, number>> = { allow: 0, ask: 1, deny: 2 };

/** The stricter of two levels: deny over ask over allow. */
export function stricter(a: Level, b: Level): Level {
  return STRICTNESS[a] >= STRICTNESS[b] ? a : b;
}

/** One permission's rule: a level for every call, or levels keyed by argument pattern (in order). */
export type RuleValue = Level | Readonly<Record<string, Level>>;

/**
 * An ordered set of rules keyed by permission-name pattern. Setting a key again moves it to
 * the end: a later rule for the same key always shadows the earlier one, so dropping the
 * earlier one keeps the meaning and keeps each key once in the JSON object.
 */
export class RuleList {
  readonly #entries = new Map<string, RuleValue>();

  set(key: string, value: RuleValue): this {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return this;
  }

  setAll(keys: Iterable<string>, level: Level): this {
    for (const key of keys) this.set(key, level);
    return this;
  }

  append(other: RuleList): this {
    for (const [key, value] of other.#entries) this.set(key, value);
    return this;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The level OpenCode would apply to a call of permission `name` with any argument (the
   * pattern "*"), or undefined when no rule here matches it.
   */
  evaluate(name: string): Level | undefined {
    const entries = [...this.#entries];
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, value] = entries[i]!;
      if (!wildcardMatch(name, key)) continue;
      if (typeof value === 'string') return value;
      const patterns = Object.entries(value);
      for (let j = patterns.length - 1; j >= 0; j--) {
        const [pattern, level] = patterns[j]!;
        if (wildcardMatch('*', pattern)) return level;
      }
    }
    return undefined;
  }

  toObject(): Record<string, RuleValue> {
    return Object.fromEntries(this.#entries);
  }
}

/**
 * OpenCode's glob for permission names and arguments: `*` is any run of characters, `?`
 * one character, everything else literal; a trailing " *" also matches nothing (so
 * "git *" covers a bare "git").
 */
export function wildcardMatch(text: string, pattern: string): boolean {
  let source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  if (source.endsWith(' .*')) source = `${source.slice(0, -3)}( .*)?`;
  return new RegExp(`^${source}$`, 's').test(text);
}

/**
 * Permissions OpenCode's own tools ask for. Its defaults already allow all of them except
 * where it is deliberately finer (reading `.env` files asks), so an app-level "allow" for
 * one of these adds nothing and could only erase that finer rule.
 */
export const NATIVE_PERMISSIONS: ReadonlySet<string> = new Set([
  'read', 'edit', 'glob', 'grep', 'list', 'bash', 'task', 'external_directory', 'todowrite', 'todoread',
  'question', 'webfetch', 'websearch', 'codesearch', 'lsp', 'doom_loop', 'skill',
]);

/**
 * `read` granted without asking, keeping OpenCode's own guard: files that usually hold
 * secrets (`.env`, `.env.*`, but not `.env.example`) still ask first.
 */
export const GUARDED_READ: Readonly<Record<string, Level>> = {
  '*': 'allow',
  '*.env': 'ask',
  '*.env.*': 'ask',
  '*.env.example': 'allow',
};

/** OpenCode's file-changing tools all ask for the one `edit` permission. */
const EDIT_TOOLS = new Set(['edit', 'write', 'patch', 'apply_patch', 'multiedit']);

/**
 * The permission name a tool-name pattern from the app config stands for. Tool names and
 * permission names are the same in OpenCode (MCP tools ask under their own
 * `<server>_<tool>` name) except for the file-changing tools, which share `edit`. Upstream's
 * `mcp__<server>__<tool>` form names the same MCP tool and is translated.
 */
export function permissionKey(toolPattern: string): string {
  const pattern = opencodeToolPattern(toolPattern);
  return EDIT_TOOLS.has(pattern) ? 'edit' : pattern;
}

/**
 * `mcp__<server>__<tool>` (the form upstream configs use, e.g. "mcp__jira__*") as the
 * `<server>_<tool>` name OpenCode gives MCP tools ("jira_*"), the server part sanitised as
 * OpenCode does. Any other pattern, and a bare "mcp__*" (no one OpenCode name covers every
 * server), is returned unchanged.
 */
export function opencodeToolPattern(pattern: string): string {
  if (!pattern.startsWith('mcp__')) return pattern;
  const body = pattern.slice('mcp__'.length);
  const separator = body.indexOf('__');
  if (separator <= 0 || separator + 2 >= body.length) return pattern;
  return `${mcpToolPrefix(body.slice(0, separator))}${body.slice(separator + 2)}`;
}
