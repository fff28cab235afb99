// The one database interface the repositories use. Two engines implement it: PostgreSQL
// (node-postgres pool) and PGlite (PostgreSQL in WebAssembly, in-process). The SQL is the same.

export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with $1… parameters; returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type Engine = 'postgres' | 'pglite';

export interface Db extends Queryable {
  readonly engine: Engine;
  /** Where the data is, for doctor and logs (never with a password). */
  readonly description: string;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * On PGlite this is the engine's own transaction(), which holds its single connection; two
   * raw BEGINs issued concurrently would merge into one transaction there.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** bigint, numeric and count() come back as strings from node-postgres and numbers from PGlite. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return 0;
}

export function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  return value instanceof Date ? value : new Date(String(value));
}

export function toIso(value: unknown): string | undefined {
  return toDate(value)?.toISOString();
}

/** jsonb comes back parsed from both engines; text is parsed as a fallback. */
export function toJson(value: unknown): unknown {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}
