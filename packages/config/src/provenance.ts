import type { LayerKind } from './merge-rules.js';
import { isWithin } from './pointer.js';

/** A file that took part in the effective config. */
export interface LayerRef {
  readonly kind: LayerKind | 'schema-default';
  /** Absolute path of the file (for schema defaults: the schema file). */
  readonly file: string;
}

/** Where one value of the effective config came from. */
export interface Origin {
  readonly layer: LayerRef;
  /** The pointer of that value inside `layer.file` (record arrays may move indices). */
  readonly sourcePointer: string;
}

/** How a layer combined a list with the one the lower layers built. */
export interface ListRule {
  readonly layer: LayerRef;
  /** "replaced": the layer's list took the place of the inherited one; "merged": it began with "...". */
  readonly rule: 'replaced' | 'merged';
  /** For merged lists of records: the keys that identify a record (the first one present counts). */
  readonly by?: readonly string[];
}

/**
 * For every node of the effective config (keyed by its pointer there), the last layer
 * that wrote it. Containers are recorded too, so an error found after merging can be
 * traced back to the layer and line that introduced it.
 */
export class Provenance {
  private readonly origins: Map<string, Origin>;
  private readonly lists: Map<string, ListRule>;

  constructor(origins?: Map<string, Origin>, lists?: Map<string, ListRule>) {
    this.origins = new Map(origins);
    this.lists = new Map(lists);
  }

  clone(): Provenance {
    return new Provenance(this.origins, this.lists);
  }

  /** The last rule by which a layer combined the list at `pointer` with an inherited one. */
  listRule(pointer: string): ListRule | undefined {
    return this.lists.get(pointer);
  }

  setListRule(pointer: string, rule: ListRule): void {
    this.lists.set(pointer, rule);
  }

  get(pointer: string): Origin | undefined {
    return this.origins.get(pointer);
  }

  set(pointer: string, origin: Origin): void {
    this.origins.set(pointer, origin);
  }

  /** Forgets `pointer` and everything beneath it (a layer replaced that value). */
  forget(pointer: string): void {
    for (const key of this.origins.keys()) {
      if (isWithin(key, pointer)) this.origins.delete(key);
    }
    for (const key of this.lists.keys()) {
      if (key !== pointer && isWithin(key, pointer)) this.lists.delete(key);
    }
  }

  /**
   * The nearest recorded ancestor-or-self of `pointer` written by a layer matching `predicate`,
   * and where `pointer` itself sits in that layer's file (record arrays may move indices).
   */
  nearest(
    pointer: string,
    predicate: (origin: Origin) => boolean,
  ): { pointer: string; origin: Origin; sourcePointer: string } | undefined {
    let candidate = pointer;
    for (;;) {
      const origin = this.origins.get(candidate);
      if (origin !== undefined && predicate(origin)) {
        return { pointer: candidate, origin, sourcePointer: origin.sourcePointer + pointer.slice(candidate.length) };
      }
      if (candidate === '') return undefined;
      candidate = candidate.slice(0, candidate.lastIndexOf('/'));
    }
  }
}
