// Small builders for the contract's JSON Schemas. They return plain JSON Schema 2020-12 objects
// (what the generator and ajv read); they only make two rules hard to forget: every object is
// closed (`additionalProperties: false`, or a value schema for maps) and everything is described.

import type { JsonSchema } from '../contract.js';

type Properties = Readonly<Record<string, JsonSchema>>;

/** A closed object. `required` names the properties that must be present. */
export function object(description: string, properties: Properties, required: readonly string[] = []): JsonSchema {
  return {
    type: 'object',
    description,
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

/** The params of a method that takes none: an empty, closed object. */
export function noParams(description = 'No parameters.'): JsonSchema {
  return object(description, {});
}

/** An object used as a map: any keys (optionally constrained), every value matching `values`. */
export function map(description: string, values: JsonSchema, keys?: JsonSchema): JsonSchema {
  return { type: 'object', description, ...(keys ? { propertyNames: keys } : {}), additionalProperties: values };
}

/** A reference to a shared definition (see ./index.ts); `description` says what it means here. */
export function ref(name: string, description: string): JsonSchema {
  return { $ref: `#/$defs/${name}`, description };
}

export function string(description: string, constraints: JsonSchema = {}): JsonSchema {
  return { type: 'string', description, ...constraints };
}

/** A non-empty string. */
export function text(description: string, constraints: JsonSchema = {}): JsonSchema {
  return { type: 'string', description, minLength: 1, ...constraints };
}

export function integer(description: string, constraints: JsonSchema = {}): JsonSchema {
  return { type: 'integer', description, ...constraints };
}

export function number(description: string, constraints: JsonSchema = {}): JsonSchema {
  return { type: 'number', description, ...constraints };
}

export function boolean(description: string): JsonSchema {
  return { type: 'boolean', description };
}

/** Exactly this string (tags of unions, acknowledgements). */
export function literal(value: string, description: string): JsonSchema {
  return { type: 'string', const: value, description };
}

/** `true`, and nothing else: an acknowledgement. */
export function yes(description: string): JsonSchema {
  return { type: 'boolean', const: true, description };
}

export function oneOfStrings(values: readonly string[], description: string): JsonSchema {
  return { type: 'string', enum: values, description };
}

export function array(description: string, items: JsonSchema, constraints: JsonSchema = {}): JsonSchema {
  return { type: 'array', description, items, ...constraints };
}

/** Exactly one of several shapes (unions tagged by a `const` property). */
export function oneOf(description: string, variants: readonly JsonSchema[]): JsonSchema {
  return { description, oneOf: variants };
}

/** `schema`, or `null` (in patches, null clears a value). */
export function nullable(schema: JsonSchema, description: string): JsonSchema {
  return { description, anyOf: [schema, { type: 'null', description: 'Clears the value.' }] };
}

/** Any JSON value (tool inputs, request metadata): passed through, never interpreted. */
export function anyJson(description: string): JsonSchema {
  return { description };
}
