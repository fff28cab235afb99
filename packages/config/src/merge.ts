import { RECORD_ARRAYS, TAGGED_UNIONS, UNION_ARRAYS } from './merge-rules.js';
import { isPlainObject, joinPointer } from './pointer.js';
import type { LayerRef, Provenance } from './provenance.js';

/**
 * Merges one layer over the config built so far, following merge-rules.ts, and records
 * in `provenance` which layer wrote each value. Neither input is modified.
 */
export function mergeLayer(base: unknown, overlay: unknown, layer: LayerRef, provenance: Provenance): unknown {
  return new LayerMerge(layer, provenance).merge(base, overlay, '', '');
}

class LayerMerge {
  constructor(
    private readonly layer: LayerRef,
    private readonly provenance: Provenance,
  ) {}

  merge(base: unknown, overlay: unknown, outPointer: string, sourcePointer: string): unknown {
    if (overlay === null || overlay === undefined) return base;

    if (isPlainObject(overlay) && isPlainObject(base) && !kindChanges(outPointer, base, overlay)) {
      this.touch(outPointer, sourcePointer);
      const result: Record<string, unknown> = { ...base };
      for (const [key, value] of Object.entries(overlay)) {
        if (value === null) continue;
        result[key] = this.merge(base[key], value, joinPointer(outPointer, key), joinPointer(sourcePointer, key));
      }
      return result;
    }

    if (Array.isArray(overlay) && Array.isArray(base)) {
      const identityKey = RECORD_ARRAYS[outPointer];
      if (identityKey !== undefined) return this.mergeRecords(base, overlay, identityKey, outPointer, sourcePointer);
      if (UNION_ARRAYS.has(outPointer)) {
        const union = [...new Set([...base, ...overlay])];
        return this.replace(base, union, outPointer, sourcePointer);
      }
    }

    return this.replace(base, overlay, outPointer, sourcePointer);
  }

  private mergeRecords(
    base: unknown[],
    overlay: unknown[],
    identityKey: string,
    outPointer: string,
    sourcePointer: string,
  ): unknown[] {
    this.touch(outPointer, sourcePointer);
    const result = [...base];
    overlay.forEach((record, sourceIndex) => {
      const identity = isPlainObject(record) ? record[identityKey] : undefined;
      const index =
        typeof identity === 'string'
          ? result.findIndex((existing) => isPlainObject(existing) && existing[identityKey] === identity)
          : -1;
      const target = index >= 0 ? index : result.length;
      result[target] = this.merge(
        index >= 0 ? result[index] : undefined,
        record,
        joinPointer(outPointer, target),
        joinPointer(sourcePointer, sourceIndex),
      );
    });
    return result;
  }

  private replace(previous: unknown, value: unknown, outPointer: string, sourcePointer: string): unknown {
    // Only a container has descendants whose origins must be forgotten.
    if (isPlainObject(previous) || Array.isArray(previous)) this.provenance.forget(outPointer);
    return this.copy(value, outPointer, sourcePointer);
  }

  /** Deep-copies a value that this layer sets wholesale, recording every node's origin. */
  private copy(value: unknown, outPointer: string, sourcePointer: string): unknown {
    this.touch(outPointer, sourcePointer);
    if (Array.isArray(value)) {
      if (value.every((item) => !isPlainObject(item) && !Array.isArray(item))) return [...value];
      return value.map((item, index) => this.copy(item, joinPointer(outPointer, index), joinPointer(sourcePointer, index)));
    }
    if (isPlainObject(value)) {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        if (child === null) continue;
        result[key] = this.copy(child, joinPointer(outPointer, key), joinPointer(sourcePointer, key));
      }
      return result;
    }
    return value;
  }

  private touch(outPointer: string, sourcePointer: string): void {
    this.provenance.set(outPointer, { layer: this.layer, sourcePointer });
  }
}

function kindChanges(pointer: string, base: Record<string, unknown>, overlay: Record<string, unknown>): boolean {
  return TAGGED_UNIONS.has(pointer) && overlay['kind'] !== undefined && overlay['kind'] !== base['kind'];
}
