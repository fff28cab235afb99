// Passes over one layer's raw content before it is validated: what `null` and the list
// marker "..." mean (merge-rules.ts), and which sections this build keeps without using.
import { NULLABLE_POINTERS } from './generated/nullable.js';
import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import { MERGE_MARKER } from './merge-rules.js';
import { isPlainObject, joinPointer, splitPointer } from './pointer.js';
import { copyJson } from './walk.js';

const NULLABLE = NULLABLE_POINTERS.map((pattern) => splitPointer(pattern));

/** True where the schema accepts null as a value (it then clears an inherited value). */
export function isNullable(pointer: string): boolean {
  const tokens = splitPointer(pointer);
  return NULLABLE.some((pattern) => pattern.length === tokens.length && pattern.every((part, index) => part === '*' || part === tokens[index]));
}

/**
 * `null` means "no opinion" in every layer except where it is a value: everything else null
 * is removed. `text` is the file's text: without a null in it there is nothing to do.
 */
export function dropNulls(value: Record<string, unknown>, text?: string): Record<string, unknown> {
  if (text !== undefined && !text.includes('null')) return value;
  return copyJson(value, {
    member: (_key, child, path) => (child !== null ? 'visit' : isNullable(path.pointer()) ? 'keep' : 'drop'),
  }) as Record<string, unknown>;
}

export interface ListMarkers {
  readonly value: Record<string, unknown>;
  /** Pointers (into `value`) of the lists that began with the marker, now removed. */
  readonly merged: ReadonlySet<string>;
  readonly issues: ConfigIssue[];
  /** Where a pointer into `value` is in the file: one entry further on in every list that lost its marker. */
  readonly filePointer: (pointer: string) => string;
}

/**
 * Takes the "..." marker off the front of every list that has it. A marker anywhere else is
 * an error, and is left in place (so the entries after it keep their positions).
 */
export function takeListMarkers(value: Record<string, unknown>, file: string, text?: string): ListMarkers {
  const merged = new Set<string>();
  const misplaced: string[] = [];
  if (text !== undefined && !text.includes('\\u') && !text.includes(`"${MERGE_MARKER}"`)) return { value, merged, issues: [], filePointer: (pointer) => pointer };
  const stripped = copyJson(value, {
    list: (items, path) => {
      if (items[0] !== MERGE_MARKER) return items;
      merged.add(path.pointer());
      return items.slice(1);
    },
    leaf: (item, path) => {
      if (item === MERGE_MARKER && typeof path.last === 'number') misplaced.push(path.pointer());
      return item;
    },
  }) as Record<string, unknown>;
  const filePointer = (pointer: string): string => {
    if (merged.size === 0) return pointer;
    let at = '';
    for (const token of splitPointer(pointer)) at = joinPointer(at, merged.has(at) && /^\d+$/.test(token) ? Number(token) + 1 : token);
    return at;
  };
  const issues = misplaced.map((pointer): ConfigIssue => {
    const at = filePointer(pointer);
    return {
      code: ConfigErrorCode.ListMarkerMisplaced,
      severity: 'error',
      file,
      pointer: at,
      message: `"${MERGE_MARKER}" may only be the first entry of a list (it keeps the entries the lower layers set); here it is entry ${at.slice(at.lastIndexOf('/') + 1)}.`,
    };
  });
  return { value: stripped, merged, issues, filePointer };
}

/**
 * Sections of upstream's contract this build validates and keeps but does not implement.
 * Each use is reported once per file as a warning naming the section; never an error, never
 * silently ignored.
 */
const INERT_SECTIONS: readonly { readonly pointer: string; readonly what: string }[] = [
  { pointer: '/cloudDesktop', what: 'connecting the desktop app to upstream\'s cloud service' },
  { pointer: '/gateway', what: 'upstream\'s channel gateway' },
  { pointer: '/capabilityBundles', what: 'capability bundles' },
  { pointer: '/features', what: 'switching whole product areas on and off' },
  { pointer: '/telemetry/adoption', what: 'upstream\'s separate adoption signal; event forwarding is set by telemetry.enabled and endpoint' },
];

export function inertSectionWarnings(value: Record<string, unknown>, file: string): ConfigIssue[] {
  const warn = (pointer: string, message: string): ConfigIssue => ({ code: ConfigErrorCode.SectionInert, severity: 'warning', file, pointer, message });
  const issues: ConfigIssue[] = [];
  const cloud = isPlainObject(value['cloud']) ? value['cloud'] : {};
  const cloudKeys = Object.keys(cloud).filter((key) => key !== 'publicBranding');
  if (cloudKeys.length > 0) {
    issues.push(
      warn(
        '/cloud',
        `cloud.${cloudKeys.join(', cloud.')} ${cloudKeys.length === 1 ? 'has' : 'have'} no effect here: this build has no cloud service and uses only cloud.publicBranding. The values were checked and kept.`,
      ),
    );
  }
  for (const { pointer, what } of INERT_SECTIONS) {
    const tokens = splitPointer(pointer);
    let node: unknown = value;
    for (const token of tokens) node = isPlainObject(node) ? node[token] : undefined;
    if (node === undefined) continue;
    issues.push(warn(pointer, `${tokens.join('.')} (${what}) has no effect here: this build does not implement it. The values were checked and kept.`));
  }
  return issues;
}
