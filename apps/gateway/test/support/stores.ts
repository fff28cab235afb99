// Both store engines for the repository tests: a fresh database on the run's PostgreSQL
// cluster, and an embedded PGlite store loaded from the migrated template.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations.js';
import { openPglite } from '../../src/store/pglite.js';
import { openPostgres } from '../../src/store/postgres.js';

export type EngineName = 'postgres' | 'embedded';
export const ENGINES: readonly EngineName[] = ['postgres', 'embedded'];

/** A new empty database on the shared cluster; returns its URL. */
export async function newPostgresDatabase(): Promise<string> {
  const name = `t_${randomUUID().replaceAll('-', '')}`;
  const admin = await openPostgres({ url: inject('postgresUrl'), tls: { enabled: false, rejectUnauthorized: true }, poolMax: 2 });
  try {
    await admin.exec(`create database ${name}`);
  } finally {
    await admin.close();
  }
  return inject('postgresUrl').replace(/\/postgres$/, `/${name}`);
}

export function templateBlob(): Blob {
  return new Blob([readFileSync(inject('pgliteTemplate'))]);
}

export interface TestStore {
  readonly db: Db;
  /** For postgres, the database URL; for embedded, the store's folder. */
  readonly where: string;
  close(): Promise<void>;
}

export async function openTestStore(engine: EngineName): Promise<TestStore> {
  if (engine === 'postgres') {
    const url = await newPostgresDatabase();
    const db = await openPostgres({ url, tls: { enabled: false, rejectUnauthorized: true }, poolMax: 10 });
    await migrate(db);
    return { db, where: url, close: () => db.close() };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'gateway-store-'));
  const db = await openPglite({ dir, owner: `test-${randomUUID()}`, loadDataDir: templateBlob() });
  await migrate(db);
  return {
    db,
    where: dir,
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
