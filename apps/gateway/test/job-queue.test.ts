import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJob, completeJob, enqueueJob, failJob, getJob, heartbeatJob, reclaimExpiredJobs, cancelJob, retryJob, type Job } from '../src/queue/jobs.js';
import { ENGINES, openTestStore, type TestStore } from './support/stores.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(ENGINES)('the job queue on %s', (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine);
  });
  afterAll(async () => {
    await store?.close();
  });

  const drain = async (): Promise<void> => {
    for (;;) {
      const job = await claimJob(store.db, 'drain', 30);
      if (!job) return;
      await completeJob(store.db, job.id, job.leaseToken!, null);
    }
  };

  it('claims with a lease whose expiry comes from the database clock, and completes only with the token', async () => {
    await drain();
    const { id } = await enqueueJob(store.db, { kind: 'prompt', payload: { n: 1 }, maxAttempts: 3 });
    const job = await claimJob(store.db, 'worker-a', 30);
    expect(job?.id).toBe(id);
    expect(job?.status).toBe('running');
    expect(job?.attempts).toBe(1);
    const [clock] = await store.db.query<{ now: Date }>('select now() as now');
    const expiresIn = new Date(job!.leaseExpiresAt!).getTime() - clock!.now.getTime();
    expect(expiresIn).toBeGreaterThan(25_000);
    expect(expiresIn).toBeLessThanOrEqual(30_000);
    expect(await completeJob(store.db, id, 'not-the-token', { ok: true })).toBe(false);
    expect(await heartbeatJob(store.db, id, job!.leaseToken!, 30)).toBe(true);
    expect(await completeJob(store.db, id, job!.leaseToken!, { ok: true })).toBe(true);
    expect((await getJob(store.db, id))?.status).toBe('completed');
    expect(await heartbeatJob(store.db, id, job!.leaseToken!, 30)).toBe(false);
  });

  it('runs one job per queue key at a time, in order, while other keys proceed', async () => {
    await drain();
    const a1 = await enqueueJob(store.db, { kind: 'prompt', payload: {}, maxAttempts: 3, queueKey: 'chat-a' });
    const a2 = await enqueueJob(store.db, { kind: 'prompt', payload: {}, maxAttempts: 3, queueKey: 'chat-a' });
    const b1 = await enqueueJob(store.db, { kind: 'prompt', payload: {}, maxAttempts: 3, queueKey: 'chat-b' });
    const first = await claimJob(store.db, 'w', 30);
    const second = await claimJob(store.db, 'w', 30);
    const third = await claimJob(store.db, 'w', 30);
    expect([first?.id, second?.id]).toEqual([a1.id, b1.id]);
    expect(third).toBeUndefined();
    await completeJob(store.db, first!.id, first!.leaseToken!, null);
    const next = await claimJob(store.db, 'w', 30);
    expect(next?.id).toBe(a2.id);
    await completeJob(store.db, next!.id, next!.leaseToken!, null);
    await completeJob(store.db, second!.id, second!.leaseToken!, null);
  });

  it('a failing job waits out its backoff, keeps later jobs of its chat waiting, and is dead after the attempt limit with lastError', async () => {
    await drain();
    const failing = await enqueueJob(store.db, { kind: 'prompt', payload: {}, maxAttempts: 2, queueKey: 'chat-c' });
    const later = await enqueueJob(store.db, { kind: 'prompt', payload: {}, maxAttempts: 2, queueKey: 'chat-c' });
    let job = await claimJob(store.db, 'w', 30);
    expect(job?.id).toBe(failing.id);
    let outcome = await failJob(store.db, job!.id, job!.leaseToken!, 'boom 1', { retryable: true, backoffMs: 300 });
    expect(outcome.status).toBe('pending');
    expect(await claimJob(store.db, 'w', 30)).toBeUndefined(); // backing off, and chat-c's order holds
    await sleep(400);
    job = await claimJob(store.db, 'w', 30);
    expect(job?.id).toBe(failing.id);
    expect(job?.attempts).toBe(2);
    outcome = await failJob(store.db, job!.id, job!.leaseToken!, 'boom 2', { retryable: true, backoffMs: 300 });
    expect(outcome.status).toBe('dead');
    expect(outcome.job?.lastError).toBe('boom 2');
    const after = await claimJob(store.db, 'w', 30);
    expect(after?.id).toBe(later.id);
    await completeJob(store.db, after!.id, after!.leaseToken!, null);
    const retried = await retryJob(store.db, failing.id);
    expect(retried).toMatchObject({ status: 'pending', attempts: 0 });
    await cancelJob(store.db, failing.id);
  });

  it('reclaims an expired lease; the old holder can no longer complete, heartbeat or fail it', async () => {
    await drain();
    const { id } = await enqueueJob(store.db, { kind: 'prompt', payload: {}, maxAttempts: 3 });
    const lost = await claimJob(store.db, 'crashed', 0.2);
    await sleep(400);
    const reclaimed = await reclaimExpiredJobs(store.db);
    expect(reclaimed.map((j) => [j.id, j.status])).toEqual([[id, 'pending']]);
    expect(reclaimed[0]?.lastError).toMatch(/lease expired during attempt 1/);
    const again = await claimJob(store.db, 'healthy', 30);
    expect(again?.id).toBe(id);
    expect(again?.attempts).toBe(2);
    expect(await completeJob(store.db, id, lost!.leaseToken!, 'late')).toBe(false);
    expect(await heartbeatJob(store.db, id, lost!.leaseToken!, 30)).toBe(false);
    expect((await failJob(store.db, id, lost!.leaseToken!, 'late', { retryable: true, backoffMs: 0 })).status).toBeNull();
    expect(await completeJob(store.db, id, again!.leaseToken!, 'fresh')).toBe(true);
    expect((await getJob(store.db, id))?.result).toBe('fresh');
  });

  it('a cancelled running job loses its lease', async () => {
    await drain();
    const { id } = await enqueueJob(store.db, { kind: 'prompt', payload: {}, maxAttempts: 3 });
    const job = await claimJob(store.db, 'w', 30);
    expect((await cancelJob(store.db, id))?.status).toBe('cancelled');
    expect(await heartbeatJob(store.db, id, job!.leaseToken!, 30)).toBe(false);
  });

  it('an enqueue with a known id is idempotent', async () => {
    const first = await enqueueJob(store.db, { id: 'delivery-x', kind: 'delivery', payload: { n: 1 }, maxAttempts: 3 });
    const second = await enqueueJob(store.db, { id: 'delivery-x', kind: 'delivery', payload: { n: 2 }, maxAttempts: 3 });
    expect([first.created, second.created]).toEqual([true, false]);
    expect((await getJob(store.db, 'delivery-x'))?.payload).toEqual({ n: 1 });
    await cancelJob(store.db, 'delivery-x');
  });

  it('concurrent workers never claim one job twice, and never run two jobs of one key at once', async () => {
    await drain();
    const keys = ['k1', 'k2', 'k3', null];
    for (let i = 0; i < 80; i += 1) {
      const key = keys[i % keys.length];
      await enqueueJob(store.db, { kind: 'prompt', payload: { i }, maxAttempts: 3, ...(key ? { queueKey: key } : {}) });
    }
    const seen: string[] = [];
    const runningKeys = new Set<string>();
    let overlap = false;
    const worker = async (name: string): Promise<void> => {
      for (;;) {
        const job: Job | undefined = await claimJob(store.db, name, 30);
        if (!job) {
          const [left] = await store.db.query<{ n: number }>(`select count(*)::int as n from gateway_jobs where status in ('pending','running')`);
          if (Number(left?.n) === 0) return;
          await sleep(5);
          continue;
        }
        seen.push(job.id);
        if (job.queueKey) {
          if (runningKeys.has(job.queueKey)) overlap = true;
          runningKeys.add(job.queueKey);
        }
        await sleep(1);
        if (job.queueKey) runningKeys.delete(job.queueKey);
        expect(await completeJob(store.db, job.id, job.leaseToken!, null)).toBe(true);
      }
    };
    await Promise.all(['w1', 'w2', 'w3', 'w4', 'w5', 'w6'].map(worker));
    expect(seen).toHaveLength(80);
    expect(new Set(seen).size).toBe(80);
    expect(overlap).toBe(false);
  });
});
