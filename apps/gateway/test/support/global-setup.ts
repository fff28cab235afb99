// Once per test run of the gateway project: one PostgreSQL cluster (each test file makes its
// own database on it) and an initialised PGlite template (each embedded store loads it instead of
// running initdb). Both are torn down when the run ends, failed or not.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    postgresSocketDir: string;
    postgresPort: number;
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  const dir = mkdtempSync(path.join(tmpdir(), 'gateway-template-'));
  try {
    // An initialised, empty data dir: initdb is the slow part of opening a fresh PGlite.
    const pglite = await PGlite.create();
    const dump = await pglite.dumpDataDir('none');
    const file = path.join(dir, 'template.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await pglite.close();
    project.provide('pgliteTemplate', file);
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide('postgresUrl', cluster.url);
  project.provide('postgresSocketDir', cluster.dir);
  project.provide('postgresPort', cluster.port);
  return async () => {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
