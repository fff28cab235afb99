import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import { checkLayer } from './layer-checks.js';
import type { LayerKind } from './merge-rules.js';
import { parseJsonc, type SourceLocator } from './parse.js';
import type { Env } from './paths.js';
import { resolvePlaceholders } from './placeholders.js';
import { isPlainObject } from './pointer.js';
import type { LayerRef } from './provenance.js';
import { toSchemaIssues } from './schema-issues.js';
import { dropNulls, inertSectionWarnings, takeListMarkers } from './layer-shape.js';
import { validateOverlay } from './validators.js';

/** One file that may take part in the config, and its role. */
export interface LayerSource {
  readonly kind: LayerKind;
  readonly file: string;
  /** Where a missing file is a mistake (an explicitly named file) rather than the normal case. */
  readonly required: boolean;
  /** How messages name this file, when not by its layer kind (e.g. "file given with --file"). */
  readonly label?: string;
  /** The downstream root shipped inside the app (see discover.ts). */
  readonly shipped?: boolean;
}

/** What reading a layer's file came to. */
export type ReadOutcome =
  | { readonly status: 'read'; readonly text: string }
  | { readonly status: 'absent' }
  | { readonly status: 'ignored'; readonly issue: ConfigIssue }
  | { readonly status: 'failed'; readonly issue: ConfigIssue };

export function readLayerFile(source: LayerSource): ReadOutcome {
  const role = source.label ?? describeKind(source.kind);
  let isDir: boolean;
  try {
    isDir = statSync(source.file).isDirectory();
  } catch {
    if (!source.required) return { status: 'absent' };
    return { status: 'failed', issue: fileIssue(ConfigErrorCode.FileNotFound, source.file, `The ${role} "${source.file}" does not exist.`) };
  }
  if (isDir) {
    return {
      status: 'ignored',
      issue: {
        code: ConfigErrorCode.PathIsDirectory,
        severity: 'warning',
        file: source.file,
        pointer: '',
        message: `The ${role} "${source.file}" is a directory, not a config file; it was ignored.`,
      },
    };
  }
  try {
    return { status: 'read', text: readFileSync(source.file, 'utf8').replace(/^\uFEFF/, '') };
  } catch (error) {
    return { status: 'failed', issue: fileIssue(ConfigErrorCode.FileUnreadable, source.file, `Cannot read "${source.file}": ${(error as Error).message}.`) };
  }
}

export interface PreparedLayer {
  /** The layer's content, placeholders resolved; undefined when the file could not be parsed. */
  readonly value: Record<string, unknown> | undefined;
  /** Problems of the file alone; their pointers point into the file. */
  readonly issues: ConfigIssue[];
  readonly locator: SourceLocator;
  readonly assets: ReadonlyMap<string, string>;
  /** The text as written of every value that held a placeholder, by its pointer in the file. */
  readonly templates: ReadonlyMap<string, string>;
  readonly secrets: readonly string[];
  /** Pointers (into `value`) of the lists this layer merges into the inherited ones ("..."). */
  readonly mergedLists: ReadonlySet<string>;
  /** Where a pointer into `value` is in the file (lists that began with "..." are one entry longer there). */
  readonly filePointer: (pointer: string) => string;
}

/** Parse, null and list rules, placeholders, overlay schema and file-local checks: everything about one file alone. */
export function prepareLayer(text: string, layer: LayerRef, env: Env): PreparedLayer {
  const parsed = parseJsonc(text, layer.file);
  const same = (pointer: string) => pointer;
  const unusable = { value: undefined, locator: parsed.locator, assets: new Map(), templates: new Map(), secrets: [], mergedLists: new Set<string>(), filePointer: same };
  if (parsed.issues.length > 0) return { ...unusable, issues: parsed.issues };
  if (!isPlainObject(parsed.value)) {
    return { ...unusable, issues: [fileIssue(ConfigErrorCode.NotAnObject, layer.file, 'A config file must contain one JSON object ({ ... }).')] };
  }
  const layerRoot = dirname(layer.file);
  const markers = takeListMarkers(dropNulls(parsed.value, text), layer.file, text);
  const { filePointer } = markers;
  const placeholders = resolvePlaceholders(markers.value, env, layer.file, layerRoot, text);
  const value = placeholders.value as Record<string, unknown>;
  const issues = [...placeholders.issues];
  // A refused placeholder or a misplaced marker stays in the text; do not also report it as a malformed value.
  const refused = new Set(placeholders.issues.map((issue) => issue.pointer));

  const overlay = validateOverlay(value);
  if (!overlay.valid) {
    issues.push(...toSchemaIssues(overlay.errors, { file: layer.file, data: value }).filter((issue) => !refused.has(issue.pointer)));
  }
  const local = checkLayer(value, layer.file, layerRoot);
  issues.push(...local.issues, ...inertSectionWarnings(value, layer.file));
  const inFile = issues.map((issue) => ({ ...issue, pointer: filePointer(issue.pointer) }));
  const markedAt = new Set(markers.issues.map((issue) => issue.pointer));
  return {
    value,
    issues: [...markers.issues, ...inFile.filter((issue) => !markedAt.has(issue.pointer))],
    locator: parsed.locator,
    assets: local.assets,
    templates: new Map([...placeholders.templates].map(([pointer, text]) => [filePointer(pointer), text])),
    secrets: placeholders.secrets,
    mergedLists: markers.merged,
    filePointer,
  };
}

export function fileIssue(code: ConfigIssue['code'], file: string, message: string): ConfigIssue {
  return { code, severity: 'error', file, pointer: '', message };
}

function describeKind(kind: LayerKind): string {
  return {
    default: 'built-in default config file',
    'config-path': 'file named by OPEN_COWORK_CONFIG_PATH',
    downstream: 'downstream config file',
    user: 'user config file',
    managed: 'OS-managed config file',
  }[kind];
}

