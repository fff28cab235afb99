// One copying walk over a parsed JSON document, for the passes that rewrite a layer before
// it is checked (forbidden keys, null, the "..." marker, placeholders). Each pass says only
// what it changes; pointers are built only when a pass asks where it is.
import { isPlainObject, joinPointer } from './pointer.js';

/** Where the walk is: the tokens of the current value's pointer. */
export class WalkPath {
  readonly #tokens: (string | number)[] = [];

  get depth(): number {
    return this.#tokens.length;
  }

  /** The last token: a number inside a list, a key inside an object. */
  get last(): string | number | undefined {
    return this.#tokens[this.#tokens.length - 1];
  }

  pointer(): string {
    return this.#tokens.reduce<string>((at, token) => joinPointer(at, token), '');
  }

  enter(token: string | number): void {
    this.#tokens.push(token);
  }

  leave(): void {
    this.#tokens.pop();
  }
}

export interface CopyHooks {
  /** The entries of a list, before they are visited (a pass may take some off). */
  readonly list?: (items: readonly unknown[], path: WalkPath) => readonly unknown[];
  /** For an object member (its key already on `path`): visit it, keep it as it is, or drop it. */
  readonly member?: (key: string, value: unknown, path: WalkPath) => 'visit' | 'keep' | 'drop';
  /** The value to put in place of a string, number, boolean or null. */
  readonly leaf?: (value: unknown, path: WalkPath) => unknown;
}

/** A copy of `value` with the hooks applied; `value` is not modified. */
export function copyJson(value: unknown, hooks: CopyHooks): unknown {
  const path = new WalkPath();
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const items = hooks.list === undefined ? node : hooks.list(node, path);
      return items.map((item, index) => {
        path.enter(index);
        const result = visit(item);
        path.leave();
        return result;
      });
    }
    if (isPlainObject(node)) {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        path.enter(key);
        const what = hooks.member === undefined ? 'visit' : hooks.member(key, child, path);
        if (what === 'visit') result[key] = visit(child);
        else if (what === 'keep') result[key] = child;
        path.leave();
      }
      return result;
    }
    return hooks.leaf === undefined ? node : hooks.leaf(node, path);
  };
  return visit(value);
}
