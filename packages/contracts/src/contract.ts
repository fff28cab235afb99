// The host contract: every method and event any face of the product uses (desktop IPC,
// HTTP/SSE, the CLI), declared once as JSON Schemas. TypeScript types are generated from
// these schemas (src/generated/host-types.ts, `npm run generate`); validators are compiled
// from them at the edges. This package imports nothing outside itself: it is pure data.

import type { HostErrorCode } from './errors.js';

/** A JSON Schema (draft 2020-12) as a plain object. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface MethodSpec {
  /** What the method does, for people and generated docs. */
  readonly description: string;
  /** Schema of the single params object (always an object, possibly empty). */
  readonly params: JsonSchema;
  /** Schema of the result. */
  readonly result: JsonSchema;
  /** Error codes this method may fail with, besides the generic ones (GENERIC_HOST_ERRORS). */
  readonly errors: readonly HostErrorCode[];
}

export interface EventSpec {
  readonly description: string;
  /** Schema of the event's payload. */
  readonly payload: JsonSchema;
}

/**
 * The contract's version. Bumped when a change breaks existing clients (a method or field
 * removed or retyped); additions keep it. `app.info` reports it so a client can refuse a host
 * it does not understand.
 */
export const HOST_CONTRACT_VERSION = 1;
