// Test helper: every schema of the contract with where it sits, and every subschema inside one.

import { HOST_DEFS, HOST_EVENTS, HOST_METHODS, type JsonSchema } from '../src/index.js';

export interface Located {
  /** e.g. "methods/sessions.list/params/properties/workspaceId". */
  readonly at: string;
  readonly schema: Record<string, unknown>;
  /** How the parent holds it: "property" schemas need a description. */
  readonly role: 'root' | 'property' | 'items' | 'values' | 'keys' | 'variant';
}

/** Every top-level schema: shared definitions, method params and results, event payloads. */
export function contractSchemas(): { at: string; schema: JsonSchema }[] {
  return [
    ...Object.entries(HOST_DEFS).map(([name, schema]) => ({ at: `$defs/${name}`, schema })),
    ...Object.entries(HOST_METHODS).flatMap(([name, spec]) => [
      { at: `methods/${name}/params`, schema: spec.params },
      { at: `methods/${name}/result`, schema: spec.result },
    ]),
    ...Object.entries(HOST_EVENTS).map(([name, spec]) => ({ at: `events/${name}/payload`, schema: spec.payload })),
  ];
}

const isSchema = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `schema` and every subschema inside it. */
export function walk(at: string, schema: JsonSchema, role: Located['role'] = 'root'): Located[] {
  const found: Located[] = [{ at, schema, role }];
  const properties = schema['properties'];
  if (isSchema(properties)) {
    for (const [name, child] of Object.entries(properties)) if (isSchema(child)) found.push(...walk(`${at}/properties/${name}`, child, 'property'));
  }
  if (isSchema(schema['items'])) found.push(...walk(`${at}/items`, schema['items'], 'items'));
  if (isSchema(schema['additionalProperties'])) found.push(...walk(`${at}/additionalProperties`, schema['additionalProperties'], 'values'));
  if (isSchema(schema['propertyNames'])) found.push(...walk(`${at}/propertyNames`, schema['propertyNames'], 'keys'));
  for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
    const variants = schema[keyword];
    if (Array.isArray(variants)) variants.forEach((child, index) => isSchema(child) && found.push(...walk(`${at}/${keyword}/${index}`, child, 'variant')));
  }
  return found;
}

export const everySubschema = (): Located[] => contractSchemas().flatMap(({ at, schema }) => walk(at, schema));
