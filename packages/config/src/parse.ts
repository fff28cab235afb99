import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import { joinPointer, splitPointer } from './pointer.js';
import { copyJson } from './walk.js';

/** Keys that could reach an object's prototype when merged; refused wherever they appear. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than this is refused as a parse error (real configs nest about ten levels). */
export const MAX_NESTING = 128;

/**
 * Maps JSON pointers of a parsed document back to line and column in its text. Positions
 * are worked out the first time one is asked for: a file without problems never pays for them.
 */
export class SourceLocator {
  private lineStarts: number[] | undefined;
  private offsets: ReadonlyMap<string, number> | undefined;

  constructor(
    private readonly text: string,
    offsets?: ReadonlyMap<string, number>,
  ) {
    this.offsets = offsets;
  }

  /** Position of `pointer`, or of its nearest ancestor that exists in the document. */
  locate(pointer: string): { line: number; column: number } | undefined {
    const offsets = (this.offsets ??= offsetsOf(this.text));
    const tokens = splitPointer(pointer);
    for (let length = tokens.length; length >= 0; length -= 1) {
      const candidate = tokens.slice(0, length).reduce<string>((base, token) => joinPointer(base, token), '');
      const offset = offsets.get(candidate);
      if (offset !== undefined) return this.position(offset);
    }
    return undefined;
  }

  position(offset: number): { line: number; column: number } {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index += 1) {
    if (text.charCodeAt(index) === 10) starts.push(index + 1);
  }
  return starts;
}

/** The offset of every node (and of each property, for its key) by pointer. */
function offsetsOf(text: string): Map<string, number> {
  const offsets = new Map<string, number>();
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (root !== undefined) toValue(root, '', offsets, () => undefined);
  return offsets;
}

export interface ParsedDocument {
  readonly value: unknown;
  readonly locator: SourceLocator;
  readonly issues: ConfigIssue[];
}

/**
 * Parses JSON with comments and trailing commas. Returns every syntax error with its
 * position, and refuses keys that could pollute prototypes during merging.
 */
export function parseJsonc(text: string, file: string): ParsedDocument {
  const parseIssue = (locator: SourceLocator, offset: number, message: string): ConfigIssue => ({
    code: ConfigErrorCode.ParseError,
    severity: 'error',
    file,
    pointer: '',
    ...locator.position(offset),
    message,
  });

  // The parser and every later pass walk the document recursively: refuse absurd nesting
  // before any of them runs, so it is a parse error rather than a stack overflow.
  const tooDeep = nestingBeyond(text, MAX_NESTING);
  if (tooDeep !== undefined) {
    const locator = new SourceLocator(text, new Map());
    const message = `Invalid JSON: objects and arrays are nested more than ${MAX_NESTING} levels deep here; a config file never needs that.`;
    return { value: undefined, locator, issues: [parseIssue(locator, tooDeep, message)] };
  }

  // Most files are plain JSON, which the built-in parser reads far faster; comments,
  // trailing commas and mistakes go the long way, which also finds every error's place.
  const plain = tryJsonParse(text);
  if (plain.ok) {
    const locator = new SourceLocator(text);
    const issues: ConfigIssue[] = [];
    const value = withoutForbiddenKeys(text, plain.value, (pointer, key) => issues.push(forbiddenKeyIssue(file, pointer, key, locator.locate(pointer))));
    return { value, locator, issues };
  }

  const offsets = new Map<string, number>();
  const locator = new SourceLocator(text, offsets);
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    return { value: undefined, locator, issues: [parseIssue(locator, 0, `Invalid JSON: the file could not be parsed (${(error as Error).message}).`)] };
  }
  const issues: ConfigIssue[] = errors.map((error) =>
    parseIssue(locator, error.offset, `Invalid JSON: ${describeParseError(printParseErrorCode(error.error))}.`),
  );
  if (root === undefined || issues.length > 0) return { value: undefined, locator, issues };

  const value = toValue(root, '', offsets, (pointer, key, offset) => {
    issues.push(forbiddenKeyIssue(file, pointer, key, locator.position(offset)));
  });
  return { value, locator, issues };
}

function tryJsonParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function forbiddenKeyIssue(file: string, pointer: string, key: string, at: { line: number; column: number } | undefined): ConfigIssue {
  return {
    code: ConfigErrorCode.ForbiddenKey,
    severity: 'error',
    file,
    pointer,
    ...at,
    message: `The key "${key}" is not allowed anywhere in a config file (it could alter object prototypes).`,
  };
}

/** The value without its forbidden keys; `found` is called for each one. */
function withoutForbiddenKeys(text: string, value: unknown, found: (pointer: string, key: string) => void): unknown {
  // A key may be written with \u escapes, so only a text with neither the names nor an escape is safe to skip.
  if (!text.includes('\\u') && !/__proto__|constructor|prototype/.test(text)) return value;
  return copyJson(value, {
    member: (key, _child, path) => {
      if (!FORBIDDEN_KEYS.has(key)) return 'visit';
      found(path.pointer(), key);
      return 'drop';
    },
  });
}

/**
 * The offset of the first bracket that opens level `limit + 1`, or undefined. A plain scan:
 * strings (with escapes) and comments are skipped, so brackets inside them do not count.
 */
function nestingBeyond(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === 0x22 /* " */) {
      for (index += 1; index < text.length; index += 1) {
        const inner = text.charCodeAt(index);
        if (inner === 0x5c /* \ */) index += 1;
        else if (inner === 0x22 || inner === 0x0a) break;
      }
    } else if (char === 0x2f /* / */ && text.charCodeAt(index + 1) === 0x2f) {
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end;
    } else if (char === 0x2f && text.charCodeAt(index + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? text.length : end + 1;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      depth += 1;
      if (depth > limit) return index;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function describeParseError(code: string): string {
  // jsonc-parser names errors like "CommaExpected"; turn that into words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function toValue(
  node: Node,
  pointer: string,
  offsets: Map<string, number>,
  onForbidden: (pointer: string, key: string, offset: number) => void,
): unknown {
  offsets.set(pointer, node.offset);
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode === undefined || valueNode === undefined) continue;
        const key = String(keyNode.value);
        const childPointer = joinPointer(pointer, key);
        if (FORBIDDEN_KEYS.has(key)) {
          offsets.set(childPointer, keyNode.offset);
          onForbidden(childPointer, key, keyNode.offset);
          continue;
        }
        result[key] = toValue(valueNode, childPointer, offsets, onForbidden);
        offsets.set(childPointer, property.offset);
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map((child, index) => toValue(child, joinPointer(pointer, index), offsets, onForbidden));
    default:
      return node.value;
  }
}
