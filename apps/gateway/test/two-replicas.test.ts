// Two gateway processes on one PostgreSQL: one leader by the daemon lease, every job run by
// exactly one of them, and the standby taking over when the leader is killed.
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/store/postgres.js';
import { listAudit, AuditType } from '../src/store/audit.js';
import type { Db } from '../src/store/db.js';
import { upsertIdentity } from '../src/store/identities.js';
import { readLease, DAEMON_LEASE } from '../src/store/leases.js';
import { migrate } from '../src/store/migrations.js';
import { listJobs } from '../src/queue/jobs.js';
import { sendSignedMessage } from '../src/webhook/client.js';
import { startDeliveryPeer, type DeliveryPeer } from '../src/webhook/peer.js';
import { gatewayEnv, killLeftoverRuntimes, spawnGateway, tempDir, token, waitFor, writeRuntimeConfig, type GatewayProcess } from './support/harness.js';
import { newPostgresDatabase } from './support/stores.js';

const SECRET = token();
const ADMIN = token();
const MESSAGES = 30;

let model: ScriptedModel;
let peer: DeliveryPeer;
let db: Db;
const dir = tempDir('gateway-replicas-');
const replicas: GatewayProcess[] = [];

beforeAll(async () => {
  model = await startScriptedModel({ paceMs: 20, rules: [{ name: 'echo', match: {}, reply: (c) => ({ text: `Answer to ${c.lastUserText}` }) }] });
  peer = await startDeliveryPeer(SECRET);
  const url = await newPostgresDatabase();
  db = await openPostgres({ url, tls: { enabled: false, rejectUnauthorized: true }, poolMax: 4 });
  await migrate(db);
  await upsertIdentity(db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'alice' }, 'member');
  for (const name of ['a', 'b']) {
    writeRuntimeConfig(`${dir.path}/${name}`, model.url);
    replicas.push(
      spawnGateway(
        gatewayEnv({
          DATABASE_URL: url,
          DATA_DIR: `${dir.path}/${name}`,
          PORT: '0',
          ADMIN_TOKEN: ADMIN,
          WEBHOOK_SHARED_SECRET: SECRET,
          WEBHOOK_DELIVERY_URL: peer.url,
          WORKER_CONCURRENCY: '4',
          JOB_LEASE_SECONDS: '10',
          LEADER_LEASE_SECONDS: '6',
        }),
      ),
    );
  }
});

afterAll(async () => {
  for (const replica of replicas) await replica.kill('SIGKILL');
  for (const name of ['a', 'b']) killLeftoverRuntimes(`${dir.path}/${name}`);
  await db?.close();
  await peer?.close();
  await model?.close();
  dir.remove();
});

const leaderGauge = async (url: string): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
  return Number(/^open_cowork_gateway_leader (\d+)/m.exec(text)?.[1] ?? NaN);
};

describe('two gateway processes on one PostgreSQL', () => {
  it('have one leader, share the work, and never run a job twice', { timeout: 600_000 }, async () => {
    const urls = await Promise.all(replicas.map((replica) => replica.url));
    const owners = await Promise.all(replicas.map((replica) => replica.owner));
    expect(new Set(owners).size).toBe(2);
    for (let i = 0; i < MESSAGES; i += 1) {
      const answer = await sendSignedMessage(urls[i % 2]!, 'webhook', SECRET, { id: `r-${i}`, userId: 'alice', chatId: `chat-${i % 6}`, text: `replica question ${i}` });
      expect(answer.status).toBe(202);
    }
    for (let i = 0; i < MESSAGES; i += 1) await peer.waitForReply(`r-${i}`, 300_000);

    const lease = await readLease(db, DAEMON_LEASE);
    expect(owners).toContain(lease?.owner);
    expect((await Promise.all(urls.map(leaderGauge))).sort()).toEqual([0, 1]);
    expect((await listAudit(db, { type: AuditType.LeaderAcquired })).map((a) => a.actor)).toEqual([lease?.owner]);
    const retentionRuns = await listAudit(db, { type: AuditType.RetentionPruned });
    expect(retentionRuns.every((a) => a.actor === lease?.owner)).toBe(true);

    const prompts = await listJobs(db, { kind: 'prompt', limit: 100 });
    expect(prompts).toHaveLength(MESSAGES);
    expect(prompts.every((job) => job.status === 'completed' && job.attempts === 1)).toBe(true);
    expect(prompts.every((job) => owners.includes(job.leaseOwner ?? ''))).toBe(true);
    // Each prompt reached the model exactly once.
    for (let i = 0; i < MESSAGES; i += 1) {
      expect(model.requests.filter((r) => !r.isTitleRequest && r.lastUserText === `replica question ${i}`), `question ${i}`).toHaveLength(1);
    }
    expect(peer.duplicates).toBe(0);
    console.log(`jobs run per replica: ${owners.map((owner) => prompts.filter((job) => job.leaseOwner === owner).length).join(' / ')}`);

    // The leader dies; the standby takes the lease once it expires, and starts its duties.
    const leaderIndex = owners.indexOf(lease!.owner);
    const standby = 1 - leaderIndex;
    await replicas[leaderIndex]!.kill('SIGKILL');
    killLeftoverRuntimes(`${dir.path}/${leaderIndex === 0 ? 'a' : 'b'}`);
    await waitFor('the standby to take the lease', async () => ((await readLease(db, DAEMON_LEASE))?.owner === owners[standby] ? true : undefined), 60_000);
    expect(await leaderGauge(urls[standby]!)).toBe(1);
    await waitFor('a retention pass by the new leader', async () => ((await listAudit(db, { type: AuditType.RetentionPruned })).some((a) => a.actor === owners[standby]) ? true : undefined), 30_000);
  });
});
