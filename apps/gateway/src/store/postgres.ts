// PostgreSQL through a node-postgres pool, with TLS as configured.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { DatabaseTls } from '../config/load.js';
import { GatewayError, GatewayErrorCode, messageOf } from '../errors.js';
import type { Db, Queryable, Row } from './db.js';

export interface PostgresOptions {
  readonly url: string;
  readonly tls: DatabaseTls;
  readonly poolMax: number;
  readonly applicationName?: string;
}

/** The URL without its password, for messages. */
export function describeDatabaseUrl(text: string): string {
  try {
    const url = new URL(text);
    return `postgres://${url.username === '' ? '' : `${decodeURIComponent(url.username)}@`}${url.host}${url.pathname}`;
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

function tlsOptions(tls: DatabaseTls): pg.PoolConfig['ssl'] {
  if (!tls.enabled) return false;
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.caPath === undefined ? {} : { ca: readFileSync(tls.caPath, 'utf8') }),
    ...(tls.certPath === undefined ? {} : { cert: readFileSync(tls.certPath, 'utf8') }),
    ...(tls.keyPath === undefined ? {} : { key: readFileSync(tls.keyPath, 'utf8') }),
  };
}

/** The URL with sslmode and friends removed: TLS comes from the gateway's own variables only. */
function withoutTlsParameters(text: string): string {
  const url = new URL(text);
  for (const name of ['sslmode', 'ssl', 'sslcert', 'sslkey', 'sslrootcert', 'uselibpqcompat']) url.searchParams.delete(name);
  return url.toString();
}

const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await client.query(sql, params as unknown[]);
    return result.rows as T[];
  },
  async exec(sql: string): Promise<void> {
    await client.query(sql);
  },
});

export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const description = describeDatabaseUrl(options.url);
  const pool = new pg.Pool({
    connectionString: withoutTlsParameters(options.url),
    ssl: tlsOptions(options.tls),
    max: options.poolMax,
    application_name: options.applicationName ?? 'open-cowork-gateway',
    connectionTimeoutMillis: 10_000,
  });
  // An idle client that loses its server emits 'error' on the pool; without a listener that
  // would crash the process. The next query reports the problem instead.
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new GatewayError(GatewayErrorCode.StoreUnavailable, `Cannot connect to PostgreSQL at ${description}: ${messageOf(error)}`);
  }
  const base = wrap(pool);
  let closed = false;
  return {
    engine: 'postgres',
    description,
    query: base.query,
    exec: base.exec,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('begin');
        const result = await work(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
