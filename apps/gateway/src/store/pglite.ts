// The embedded store: PGlite in the gateway's data dir (or in memory for STORE=memory).
// The PGlite version is pinned exactly in package.json: a data dir written by one version does
// not open in the next (upgrade by backup and restore, see docs/gateway.md).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { GatewayError, GatewayErrorCode, messageOf } from '../errors.js';
import type { Db, Queryable, Row } from './db.js';
import { acquireDirLock, type DirLock } from './dir-lock.js';

export interface PgliteOptions {
  /** The store's folder; undefined keeps everything in memory. */
  readonly dir?: string;
  /** Process owner id written into the lock file. */
  readonly owner: string;
  /** A data dir tarball to start from (tests keep one so each store skips initdb). */
  readonly loadDataDir?: Blob;
}

const wrap = (db: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await db.query<T>(sql, params as unknown[]);
    return result.rows;
  },
  async exec(sql: string): Promise<void> {
    await db.exec(sql);
  },
});

export interface PgliteDb extends Db {
  /** The data dir as a tarball (a template for tests; not a backup format). */
  dumpDataDir(): Promise<Blob>;
}

export async function openPglite(options: PgliteOptions): Promise<PgliteDb> {
  let lock: DirLock | undefined;
  let dataDir: string | undefined;
  if (options.dir !== undefined) {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    lock = acquireDirLock(path.join(options.dir, 'gateway.lock'), options.owner);
    dataDir = path.join(options.dir, 'pgdata');
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }) });
  } catch (error) {
    lock?.release();
    throw new GatewayError(
      GatewayErrorCode.StoreUnavailable,
      `Cannot open the embedded store${dataDir === undefined ? '' : ` at ${dataDir}`}: ${messageOf(error)}. A data dir written by another PGlite version does not open; see "Upgrading" in docs/gateway.md.`,
    );
  }
  const base = wrap(pglite);
  let closed = false;
  return {
    engine: 'pglite',
    description: dataDir === undefined ? 'embedded (in memory)' : `embedded (${dataDir})`,
    query: base.query,
    exec: base.exec,
    dumpDataDir: () => pglite.dumpDataDir('none'),
    transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return pglite.transaction((tx) => work(wrap(tx)));
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}
