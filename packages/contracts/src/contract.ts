// The host contract: every method and event any face of the product uses (desktop IPC,
// HTTP/SSE, the CLI), declared once as JSON Schemas. TypeScript types are generated from
// these schemas (src/generated/host-types.ts, `npm run generate`); validators are compiled
// from them at the edges. Nothing here may import anything: this package is pure data.

/** A JSON Schema (draft 2020-12) as a plain object. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface MethodSpec {
  /** What the method does, for people and generated docs. */
  readonly description: string;
  /** Schema of the single params object (always an object, possibly empty). */
  readonly params: JsonSchema;
  /** Schema of the result. */
  readonly result: JsonSchema;
  /** Error codes (from HostErrorCode) this method may fail with, besides the generic ones. */
  readonly errors: readonly string[];
}

export interface EventSpec {
  readonly description: string;
  /** Schema of the event's payload. */
  readonly payload: JsonSchema;
}
