// Method entries: a params validator and a handler per method, compiled from the contract's
// schemas. The dispatcher serves them; no transport builds its own.
import type { CallContext } from './context.js';

/** Why a params object was refused: where (a JSON pointer into params) and what is wrong. */
export interface ValidationIssue {
  readonly pointer: string;
  readonly message: string;
}

/** No issue, one, or several (as many as the validator reports; the first is the headline). */
export type ValidationOutcome = ValidationIssue | readonly ValidationIssue[] | undefined;

/**
 * One callable method. Method syntax (not arrow properties) on purpose: it lets a table
 * hold handlers with precise param types, which `validate` has vouched for at the edge.
 */
export interface MethodEntry {
  validate(params: unknown): ValidationOutcome;
  handle(params: unknown, ctx: CallContext): Promise<unknown>;
  /** Optional check of the handler's answer; an invalid result is a host bug (500). */
  validateResult?(result: unknown): ValidationOutcome;
}

export type MethodTable = Readonly<Record<string, MethodEntry>>;

export type MethodHandler = MethodEntry['handle'];

/** The part of an ajv error this module reads. */
export interface SchemaErrorLike {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

export type CompiledSchema = ((data: unknown) => boolean) & { errors?: readonly SchemaErrorLike[] | null };

/** Any ajv instance (Ajv, Ajv2020, …) or another compiler with the same shape. */
export interface SchemaCompiler {
  compile(schema: object): CompiledSchema;
}

export interface MethodSchemas {
  readonly params: object;
  readonly result?: object;
}

export interface CompileOptions {
  /** Also check every handler's result against `result` (for tests and development). */
  readonly checkResults?: boolean;
  /**
   * Turns a spec's schema into a compilable one, e.g. the contract's `withHostDefs`, which
   * embeds the shared `$defs` its `$ref`s point to. Default: the schema as is.
   */
  readonly prepareSchema?: (schema: object) => object;
}

/**
 * Builds a method table from per-method schemas (e.g. the contract's HOST_METHODS) and
 * handlers. Every spec needs a handler and every handler a spec, so a method can neither
 * be served unvalidated nor declared and forgotten.
 */
export function compileMethodTable<Specs extends Readonly<Record<string, MethodSchemas>>>(
  specs: Specs,
  handlers: { readonly [Name in keyof Specs]: MethodHandler },
  compiler: SchemaCompiler,
  options: CompileOptions = {},
): MethodTable {
  const missing = Object.keys(specs).filter((name) => !Object.hasOwn(handlers, name));
  const unknown = Object.keys(handlers).filter((name) => !Object.hasOwn(specs, name));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      missing.length > 0 ? `no handler for ${missing.join(', ')}` : '',
      unknown.length > 0 ? `handlers without a declared method: ${unknown.join(', ')}` : '',
    ];
    throw new Error(`Method table does not match its specs: ${parts.filter(Boolean).join('; ')}.`);
  }
  const prepare = options.prepareSchema ?? ((schema: object) => schema);
  const table: Record<string, MethodEntry> = Object.create(null) as Record<string, MethodEntry>;
  for (const [name, spec] of Object.entries(specs)) {
    const handle = handlers[name as keyof Specs];
    const checkParams = compiler.compile(prepare(spec.params));
    const entry: MethodEntry = {
      validate: (params) => issuesOf(checkParams, params),
      handle,
    };
    if (options.checkResults === true && spec.result !== undefined) {
      const checkResult = compiler.compile(prepare(spec.result));
      entry.validateResult = (result) => issuesOf(checkResult, result);
    }
    table[name] = entry;
  }
  return table;
}

/** Every distinct issue the validator reports (all of them when the compiler runs with allErrors). */
function issuesOf(check: CompiledSchema, data: unknown): readonly ValidationIssue[] | undefined {
  if (check(data)) return undefined;
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of check.errors ?? []) {
    const issue = describeSchemaError(error);
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues.length > 0 ? issues : [{ pointer: '', message: 'params are invalid' }];
}

const escapeToken = (token: string): string => token.replaceAll('~', '~0').replaceAll('/', '~1');

/** An ajv error as a pointer to the offending field and a sentence naming it. */
export function describeSchemaError(error: SchemaErrorLike): ValidationIssue {
  const { instancePath: at, keyword, params } = error;
  const where = at === '' ? 'params' : `params${at}`;
  if (keyword === 'required' && typeof params['missingProperty'] === 'string') {
    const field = params['missingProperty'];
    return { pointer: `${at}/${escapeToken(field)}`, message: `${where} is missing the required field "${field}"` };
  }
  if (keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
    const field = params['additionalProperty'];
    return { pointer: `${at}/${escapeToken(field)}`, message: `${where} has an unknown field "${field}"` };
  }
  return { pointer: at, message: `${where} ${error.message ?? 'is invalid'}` };
}
