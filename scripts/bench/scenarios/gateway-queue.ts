import { claimJob, completeJob, enqueueJob, migrate, openPglite, openPostgres, type Db } from '@open-cowork/gateway';
import PgBoss from 'pg-boss';
import type { Scenario, ScenarioResult } from '../runner.js';

/**
 * Jobs claimed and completed per second by four concurrent workers: the gateway's own lease
 * queue (plain SQL) against pg-boss 10.4.2 (the last line for Node 20), in the same run on the
 * same database — PostgreSQL (a throwaway cluster) or PGlite (in memory). Each sample drains a
 * batch stored beforehand (untimed); only claiming and completing are timed.
 */
const BATCH = 200;
const WORKERS = 4;
const QUEUE = 'bench';

interface Engine {
  readonly name: 'PostgreSQL' | 'PGlite';
  /** Opens the gateway's store and a pg-boss on the same database. */
  open(): Promise<{ readonly db: Db; readonly boss: PgBoss; close(): Promise<void> }>;
}

async function drain(claim: () => Promise<string | undefined>, complete: (id: string) => Promise<void>): Promise<number> {
  let done = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (;;) {
        const id = await claim();
        if (id === undefined) return;
        await complete(id);
        done += 1;
      }
    }),
  );
  return done;
}

function queueScenario(engine: Engine): Scenario {
  let handles: Awaited<ReturnType<Engine['open']>>;
  const fillOurs = async (): Promise<void> => {
    await handles.db.transaction(async (tx) => {
      for (let i = 0; i < BATCH; i += 1) await enqueueJob(tx, { kind: 'prompt', payload: { i }, maxAttempts: 3 });
    });
  };
  const fillBoss = (): Promise<void> => handles.boss.insert(Array.from({ length: BATCH }, (_, i) => ({ name: QUEUE, data: { i } })));
  const expectAll = (done: number, who: string): void => {
    if (done !== BATCH) throw new Error(`${who} completed ${done} of ${BATCH} jobs.`);
  };
  return {
    name: `gateway-queue-${engine.name === 'PGlite' ? 'pglite' : 'postgres'}`,
    description: `${BATCH} jobs claimed and completed by ${WORKERS} workers on ${engine.name}: gateway lease queue vs pg-boss 10.4.2`,
    samples: 8,
    warmup: 1,
    setup: async () => {
      handles = await engine.open();
      await fillOurs();
      await fillBoss();
      return () => handles.close();
    },
    baseline: {
      name: 'pg-boss fetch + complete',
      run: async () => {
        const done = await drain(
          async () => (await handles.boss.fetch(QUEUE, { batchSize: 1 }))[0]?.id,
          (id) => handles.boss.complete(QUEUE, id),
        );
        expectAll(done, 'pg-boss');
      },
      after: fillBoss,
    },
    variants: [
      {
        name: 'gateway lease queue claim + complete',
        run: async () => {
          const tokens = new Map<string, string>();
          const done = await drain(
            async () => {
              const job = await claimJob(handles.db, 'bench', 30);
              if (job === undefined) return undefined;
              tokens.set(job.id, job.leaseToken!);
              return job.id;
            },
            async (id) => {
              if (!(await completeJob(handles.db, id, tokens.get(id)!, null))) throw new Error('lost a lease');
            },
          );
          expectAll(done, 'the gateway queue');
        },
        after: fillOurs,
      },
    ],
    summary: (result: ScenarioResult) => {
      const perSecond = (ms: number) => (BATCH / (ms / 1000)).toFixed(0);
      const [boss, ours] = result.variants;
      if (!boss || !ours) return '';
      return `  jobs/s: pg-boss ${perSecond(boss.medianMs)}, gateway queue ${perSecond(ours.medianMs)} (throughput ratio ${(boss.medianMs / ours.medianMs).toFixed(2)}×)`;
    },
  };
}

const bossOptions = { supervise: false, schedule: false, migrate: true } as const;

/** PostgreSQL: a throwaway cluster for the run, one database shared by both queues. */
export function gatewayQueuePostgresScenario(startCluster: () => Promise<{ url: string; stop(): void }>): Scenario {
  return queueScenario({
    name: 'PostgreSQL',
    async open() {
      const cluster = await startCluster();
      const db = await openPostgres({ url: cluster.url, tls: { enabled: false, rejectUnauthorized: true }, poolMax: WORKERS + 2 });
      await migrate(db);
      const boss = new PgBoss({ connectionString: cluster.url, max: WORKERS + 2, ...bossOptions });
      boss.on('error', () => undefined);
      await boss.start();
      await boss.createQueue(QUEUE);
      return {
        db,
        boss,
        async close() {
          await boss.stop({ graceful: false, wait: true });
          await db.close();
          cluster.stop();
        },
      };
    },
  });
}

/** PGlite in memory: the gateway store, and pg-boss through an executeSql adapter on the same instance. */
export function gatewayQueuePgliteScenario(): Scenario {
  return queueScenario({
    name: 'PGlite',
    async open() {
      const db = await openPglite({ owner: 'bench' });
      await migrate(db);
      // pg-boss sends its schema as multi-statement text without parameters, which PGlite's
      // query() (one prepared statement) refuses; exec() runs those.
      const executeSql = async (text: string, values: unknown[] = []) => {
        try {
          return { rows: await db.query(text, values) };
        } catch (error) {
          if (values.length > 0 || !/multiple commands/i.test(String(error))) throw error;
          await db.exec(text);
          return { rows: [] };
        }
      };
      const boss = new PgBoss({ db: { executeSql }, ...bossOptions });
      boss.on('error', () => undefined);
      await boss.start();
      await boss.createQueue(QUEUE);
      return {
        db,
        boss,
        async close() {
          await boss.stop({ graceful: false, wait: true });
          await db.close();
        },
      };
    },
  });
}
