// Compilable schemas. The schemas in HOST_METHODS and HOST_EVENTS point into HOST_DEFS with
// `{"$ref": "#/$defs/Name"}` and do not carry the table themselves; these functions return a
// self-contained copy with HOST_DEFS embedded as `$defs`, ready for ajv's 2020-12 build
// (`new Ajv2020({strict: true})`) or any other 2020-12 validator. The same embedding is what
// scripts/generate.mjs hands json-schema-to-typescript.

import type { JsonSchema } from './contract.js';
import { HOST_EVENTS } from './events.js';
import { HOST_METHODS } from './methods.js';
import { HOST_DEFS } from './schemas/index.js';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** `schema` with HOST_DEFS embedded as its `$defs`, so every `#/$defs/…` reference resolves. */
export function withHostDefs(schema: JsonSchema): JsonSchema {
  return { $schema: JSON_SCHEMA_DIALECT, ...schema, $defs: HOST_DEFS };
}

/** The self-contained schema of method `method`'s params. */
export function paramsSchemaOf(method: keyof typeof HOST_METHODS): JsonSchema {
  return withHostDefs(HOST_METHODS[method].params);
}

/** The self-contained schema of method `method`'s result. */
export function resultSchemaOf(method: keyof typeof HOST_METHODS): JsonSchema {
  return withHostDefs(HOST_METHODS[method].result);
}

/** The self-contained schema of event `event`'s payload. */
export function payloadSchemaOf(event: keyof typeof HOST_EVENTS): JsonSchema {
  return withHostDefs(HOST_EVENTS[event].payload);
}

/** The self-contained schema of shared definition `name` (e.g. "Session"). */
export function defSchemaOf(name: keyof typeof HOST_DEFS): JsonSchema {
  return withHostDefs({ $ref: `#/$defs/${name}` });
}

type MethodSchemas = { readonly params: JsonSchema; readonly result: JsonSchema };

/**
 * Every method's params and result as self-contained schemas, by method name: the table a
 * transport compiles its validators from (e.g. `compileMethodTable(HOST_METHOD_SCHEMAS, …)`).
 */
export const HOST_METHOD_SCHEMAS = Object.fromEntries(
  Object.keys(HOST_METHODS).map((name) => {
    const method = name as keyof typeof HOST_METHODS;
    return [method, { params: paramsSchemaOf(method), result: resultSchemaOf(method) }];
  }),
) as { readonly [M in keyof typeof HOST_METHODS]: MethodSchemas };

/** Every event's payload as a self-contained schema, by event name. */
export const HOST_EVENT_SCHEMAS = Object.fromEntries(
  Object.keys(HOST_EVENTS).map((name) => [name, payloadSchemaOf(name as keyof typeof HOST_EVENTS)]),
) as { readonly [E in keyof typeof HOST_EVENTS]: JsonSchema };
