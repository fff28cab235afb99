import type { LoadResult } from './load.js';
import { getAtPointer, isPlainObject, isWithin, joinPointer } from './pointer.js';
import type { LayerRef, ListRule } from './provenance.js';
import { maskSecrets } from './secrets.js';

export interface ExplainEntry {
  readonly pointer: string;
  /** The effective value, secrets masked. */
  readonly value: unknown;
  /** The layer that set it; `schema-default` when no file did. */
  readonly layer: LayerRef;
  /** Where the value sits in that layer's file. */
  readonly sourcePointer: string;
  /**
   * When the value sits in (or is) a list that a layer combined with an inherited list: that
   * list's pointer and whether the layer replaced it or merged into it ("...").
   */
  readonly list?: ListRule & { readonly pointer: string };
}

/**
 * Which layer set each effective value at or under `pointer`. Values are reported at
 * the granularity layers write them: scalars, and lists of scalars as a whole.
 * Returns undefined when nothing is set at `pointer`.
 */
export function explainConfig(result: LoadResult, pointer = ''): ExplainEntry[] | undefined {
  const config = result.config;
  if (config === undefined || !getAtPointer(config, pointer).found) return undefined;
  const masked = maskSecrets(config, result.placeholders);
  const entries: ExplainEntry[] = [];
  const visit = (value: unknown, at: string): void => {
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) visit(child, joinPointer(at, key));
      return;
    }
    if (Array.isArray(value) && value.some((item) => isPlainObject(item) || Array.isArray(item))) {
      value.forEach((item, index) => visit(item, joinPointer(at, index)));
      return;
    }
    const origin = result.provenance.nearest(at, () => true);
    if (origin === undefined) return;
    const list = enclosingListRule(result, at);
    entries.push({ pointer: at, value, layer: origin.origin.layer, sourcePointer: origin.sourcePointer, ...(list === undefined ? {} : { list }) });
  };
  visit(getAtPointer(masked, pointer).value, pointer);
  return entries.filter((entry) => isWithin(entry.pointer, pointer));
}

/** The rule of the innermost list at or above `pointer` that a layer combined with an inherited one. */
function enclosingListRule(result: LoadResult, pointer: string): (ListRule & { pointer: string }) | undefined {
  let candidate = pointer;
  for (;;) {
    const rule = result.provenance.listRule(candidate);
    if (rule !== undefined) return { ...rule, pointer: candidate };
    if (candidate === '') return undefined;
    candidate = candidate.slice(0, candidate.lastIndexOf('/'));
  }
}

/** Accepts a JSON pointer ("/branding/name") or a dotted path ("branding.name"). */
export function toPointer(path: string): string {
  if (path === '' || path === '/' || path === '.') return '';
  if (path.startsWith('/')) return path;
  return path
    .split('.')
    .filter((part) => part !== '')
    .reduce<string>((base, part) => joinPointer(base, part), '');
}
