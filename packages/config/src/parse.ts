import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import { joinPointer, splitPointer } from './pointer.js';

/** Keys that could reach an object's prototype when merged; refused wherever they appear. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Maps JSON pointers of a parsed document back to line and column in its text. */
export class SourceLocator {
  private lineStarts: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly offsets: ReadonlyMap<string, number>,
  ) {}

  /** Position of `pointer`, or of its nearest ancestor that exists in the document. */
  locate(pointer: string): { line: number; column: number } | undefined {
    const tokens = splitPointer(pointer);
    for (let length = tokens.length; length >= 0; length -= 1) {
      const candidate = tokens.slice(0, length).reduce<string>((base, token) => joinPointer(base, token), '');
      const offset = this.offsets.get(candidate);
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
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const offsets = new Map<string, number>();
  const locator = new SourceLocator(text, offsets);
  const issues: ConfigIssue[] = errors.map((error) => {
    const { line, column } = locator.position(error.offset);
    return {
      code: ConfigErrorCode.ParseError,
      severity: 'error',
      file,
      pointer: '',
      line,
      column,
      message: `Invalid JSON: ${describeParseError(printParseErrorCode(error.error))}.`,
    };
  });
  if (root === undefined || issues.length > 0) return { value: undefined, locator, issues };

  const value = toValue(root, '', offsets, (pointer, key, offset) => {
    const { line, column } = locator.position(offset);
    issues.push({
      code: ConfigErrorCode.ForbiddenKey,
      severity: 'error',
      file,
      pointer,
      line,
      column,
      message: `The key "${key}" is not allowed anywhere in a config file (it could alter object prototypes).`,
    });
  });
  return { value, locator, issues };
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
