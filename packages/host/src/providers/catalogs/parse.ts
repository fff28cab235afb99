// A catalog response body turned into model records: the array at `responsePath`, each
// record read through the configured field names. Records without a usable id are skipped;
// a body with no usable record at all is malformed (so a broken endpoint never empties the
// picker: the caller falls back to its cache or the static list).
import type { CatalogSpec } from './spec.js';
import { CatalogError, CatalogProblem } from './problems.js';

export interface CatalogModel {
  readonly id: string;
  readonly name?: string;
  readonly description?: string;
  /** Context window in tokens. */
  readonly contextLength?: number;
}

export interface ParsedCatalog {
  readonly models: CatalogModel[];
  /** Records left out: not objects, no usable id, or a repeated id. */
  readonly skipped: number;
}

/** Most models kept from one catalog. */
export const MAX_MODELS = 10_000;
const MAX_ID_LENGTH = 256;
const MAX_NAME_LENGTH = 256;
const MAX_DESCRIPTION_LENGTH = 2_000;
// C0 controls (tab, newline and the rest) and DEL: nothing a model id or name needs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function parseCatalog(body: string, spec: Pick<CatalogSpec, 'responsePath' | 'idField' | 'nameField' | 'descriptionField' | 'contextLengthField'>): ParsedCatalog {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CatalogError(CatalogProblem.Malformed, 'The catalog response is not JSON.');
  }
  const list = at(json, spec.responsePath);
  if (!Array.isArray(list)) {
    const where = spec.responsePath === undefined ? 'The catalog response' : `"${spec.responsePath}" in the catalog response`;
    throw new CatalogError(CatalogProblem.Malformed, `${where} is not an array of models${list === undefined ? ' (it is missing)' : ''}.`);
  }
  const seen = new Set<string>();
  const models: CatalogModel[] = [];
  let skipped = 0;
  for (const record of list) {
    const model = isRecord(record) ? readModel(record, spec) : undefined;
    if (model === undefined || seen.has(model.id) || models.length >= MAX_MODELS) {
      skipped += 1;
      continue;
    }
    seen.add(model.id);
    models.push(model);
  }
  if (models.length === 0) {
    const why = list.length === 0 ? 'the list is empty' : `none of its ${list.length} records has a usable "${spec.idField}"`;
    throw new CatalogError(CatalogProblem.Malformed, `The catalog has no models: ${why}.`);
  }
  return { models, skipped };
}

/** The value at a dotted path (object keys; a number indexes an array). */
function at(value: unknown, path: string | undefined): unknown {
  if (path === undefined) return value;
  let current = value;
  for (const key of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isRecord(current) && Object.hasOwn(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

function readModel(record: Record<string, unknown>, spec: Pick<CatalogSpec, 'idField' | 'nameField' | 'descriptionField' | 'contextLengthField'>): CatalogModel | undefined {
  const id = field(record, spec.idField);
  if (typeof id !== 'string') return undefined;
  const trimmed = id.trim();
  if (trimmed === '' || trimmed.length > MAX_ID_LENGTH || CONTROL.test(trimmed)) return undefined;
  const name = label(field(record, spec.nameField), MAX_NAME_LENGTH);
  const description = label(field(record, spec.descriptionField), MAX_DESCRIPTION_LENGTH);
  const contextLength = tokens(field(record, spec.contextLengthField));
  return {
    id: trimmed,
    ...(name === undefined ? {} : { name }),
    ...(description === undefined ? {} : { description }),
    ...(contextLength === undefined ? {} : { contextLength }),
  };
}

function field(record: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** A display string: whitespace runs folded to one space, cut at `max` characters. */
function label(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A positive whole number of tokens (a number, or a string of digits). */
function tokens(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,12}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isFinite(number) || number < 1) return undefined;
  return Math.min(Math.floor(number), Number.MAX_SAFE_INTEGER);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
