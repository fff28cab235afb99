import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderElector } from '../src/daemon/leader.js';
import { createSourceResolver } from '../src/http/source.js';
import { silentLogger } from '../src/log.js';
import { DAEMON_LEASE, readLease } from '../src/store/leases.js';
import { ENGINES, openTestStore, type TestStore } from './support/stores.js';
import { waitFor } from './support/harness.js';

describe.each(ENGINES)('leader election on %s', (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('one of two electors leads; one that loses its lease stops its duties at once and the other takes over', async () => {
    const running = new Map<string, AbortSignal>();
    const electors = ['replica-a', 'replica-b'].map((owner) => {
      const elector = new LeaderElector({ db: store.db, owner, leaseSeconds: 1, log: silentLogger });
      elector.addDuty((signal) => running.set(owner, signal));
      return elector;
    });
    try {
      await electors[0]!.start();
      await electors[1]!.start();
      expect([electors[0]!.isLeader, electors[1]!.isLeader]).toEqual([true, false]);
      expect(running.get('replica-a')?.aborted).toBe(false);
      expect(running.has('replica-b')).toBe(false);
      // Someone else holds the row now (as if a: paused longer than its lease and b took over).
      await store.db.query(`update gateway_leases set owner = 'intruder', expires_at = now() + interval '1 second' where name = $1`, [DAEMON_LEASE]);
      await waitFor('replica-a to step down', () => (running.get('replica-a')?.aborted ? true : undefined), 10_000, 50);
      expect(electors[0]!.isLeader).toBe(false);
      await waitFor('a new leader after the intruder lease expires', () => (electors.some((e) => e.isLeader) ? true : undefined), 10_000, 50);
      const lease = await readLease(store.db, DAEMON_LEASE);
      expect(['replica-a', 'replica-b']).toContain(lease?.owner);
    } finally {
      for (const elector of electors) await elector.stop();
    }
    expect(await readLease(store.db, DAEMON_LEASE)).toBeUndefined(); // a clean stop releases it
  });
});

describe('the request source behind proxies', () => {
  const request = (peer: string, forwarded?: string) => ({ socket: { remoteAddress: peer }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

  it('ignores X-Forwarded-For unless trusted, and then takes the right-most untrusted hop', () => {
    const untrusting = createSourceResolver(false, []);
    expect(untrusting(request('10.0.0.5', '1.2.3.4'))).toBe('10.0.0.5');
    const trusting = createSourceResolver(true, ['10.0.0.0/24', '192.168.1.1/32']);
    expect(trusting(request('10.0.0.5', '6.6.6.6, 1.2.3.4, 192.168.1.1'))).toBe('1.2.3.4');
    expect(trusting(request('::ffff:10.0.0.5', '1.2.3.4'))).toBe('1.2.3.4');
    // A peer outside the trusted proxies cannot choose its address.
    expect(trusting(request('203.0.113.9', '1.2.3.4'))).toBe('203.0.113.9');
    expect(trusting(request('10.0.0.5', 'not-an-ip'))).toBe('10.0.0.5');
  });
});
