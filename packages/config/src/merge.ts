import { identityKeysOf, recordIdentity, TAGGED_UNIONS } from './merge-rules.js';
import { isPlainObject, joinPointer } from './pointer.js';
import type { LayerRef, Provenance } from './provenance.js';

/**
 * Merges one layer over the config built so far, following merge-rules.ts, and records
 * in `provenance` which layer wrote each value and how it combined each list. Neither input
 * is modified. `mergedLists` holds the pointers (into `overlay`) of lists that began with
 * the "..." marker (the marker itself already removed).
 */
export function mergeLayer(
  base: unknown,
  overlay: unknown,
  layer: LayerRef,
  provenance: Provenance,
  mergedLists: ReadonlySet<string> = new Set(),
): unknown {
  return new LayerMerge(layer, provenance, mergedLists).merge(base, overlay, '', { value: '', file: '' });
}

/**
 * Where a value of the layer is: its pointer into the layer's content (the "..." markers
 * taken off) and its pointer into the file (where a list that began with "..." has one
 * more entry in front). Provenance records the file's.
 */
interface Source {
  readonly value: string;
  readonly file: string;
}

class LayerMerge {
  constructor(
    private readonly layer: LayerRef,
    private readonly provenance: Provenance,
    private readonly mergedLists: ReadonlySet<string>,
  ) {}

  /** The source of entry `index` of the list at `list`. */
  private item(list: Source, index: number): Source {
    return { value: joinPointer(list.value, index), file: joinPointer(list.file, this.mergedLists.has(list.value) ? index + 1 : index) };
  }

  private child(object: Source, key: string): Source {
    return { value: joinPointer(object.value, key), file: joinPointer(object.file, key) };
  }

  merge(base: unknown, overlay: unknown, outPointer: string, source: Source): unknown {
    if (overlay === undefined) return base;

    if (isPlainObject(overlay) && isPlainObject(base) && !kindChanges(outPointer, base, overlay)) {
      this.touch(outPointer, source);
      const result: Record<string, unknown> = { ...base };
      for (const [key, value] of Object.entries(overlay)) {
        result[key] = this.merge(base[key], value, joinPointer(outPointer, key), this.child(source, key));
      }
      return result;
    }

    if (Array.isArray(overlay) && Array.isArray(base)) {
      if (this.mergedLists.has(source.value)) return this.join(base, overlay, outPointer, source);
      this.provenance.setListRule(outPointer, { layer: this.layer, rule: 'replaced' });
    }

    return this.replace(base, overlay, outPointer, source);
  }

  /** A list that began with "...": the inherited entries, then this layer's (records merged by identity). */
  private join(base: unknown[], overlay: unknown[], outPointer: string, source: Source): unknown[] {
    const keys = identityKeysOf(outPointer);
    this.touch(outPointer, source);
    this.provenance.setListRule(outPointer, { layer: this.layer, rule: 'merged', ...(keys === undefined ? {} : { by: keys }) });
    const result = [...base];
    overlay.forEach((entry, sourceIndex) => {
      const identity = keys === undefined ? undefined : recordIdentity(entry, keys);
      const index =
        identity !== undefined
          ? result.findIndex((existing) => recordIdentity(existing, keys!) === identity)
          : isPlainObject(entry) || Array.isArray(entry)
            ? -1
            : result.indexOf(entry);
      if (index >= 0 && identity === undefined) return; // a plain value the list already holds
      const target = index >= 0 ? index : result.length;
      result[target] = this.merge(index >= 0 ? result[index] : undefined, entry, joinPointer(outPointer, target), this.item(source, sourceIndex));
    });
    return result;
  }

  private replace(previous: unknown, value: unknown, outPointer: string, source: Source): unknown {
    // Only a container has descendants whose origins must be forgotten.
    if (isPlainObject(previous) || Array.isArray(previous)) this.provenance.forget(outPointer);
    return this.copy(value, outPointer, source);
  }

  /** Deep-copies a value that this layer sets wholesale, recording every node's origin. */
  private copy(value: unknown, outPointer: string, source: Source): unknown {
    this.touch(outPointer, source);
    if (Array.isArray(value)) {
      if (value.every((item) => !isPlainObject(item) && !Array.isArray(item))) return [...value];
      return value.map((item, index) => this.copy(item, joinPointer(outPointer, index), this.item(source, index)));
    }
    if (isPlainObject(value)) {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        result[key] = this.copy(child, joinPointer(outPointer, key), this.child(source, key));
      }
      return result;
    }
    return value;
  }

  private touch(outPointer: string, source: Source): void {
    this.provenance.set(outPointer, { layer: this.layer, sourcePointer: source.file });
  }
}

function kindChanges(pointer: string, base: Record<string, unknown>, overlay: Record<string, unknown>): boolean {
  return TAGGED_UNIONS.has(pointer) && overlay['kind'] !== undefined && overlay['kind'] !== base['kind'];
}
