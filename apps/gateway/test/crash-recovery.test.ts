// kill -9 of a gateway process with 50 jobs in flight, then a restart: every message is
// answered exactly once and every reply chunk arrives once by delivery id — on PostgreSQL and
// on the embedded store.
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGatewayCli } from '../src/cli/main.js';
import { loadGatewayConfig } from '../src/config/load.js';
import { openStore, processOwnerId } from '../src/daemon/gateway.js';
import { listAudit, AuditType } from '../src/store/audit.js';
import type { Db } from '../src/store/db.js';
import { listJobs } from '../src/queue/jobs.js';
import { sendSignedMessage } from '../src/webhook/client.js';
import { startDeliveryPeer, type DeliveryPeer } from '../src/webhook/peer.js';
import { deliveryId } from '../src/channels/outbound.js';
import { gatewayEnv, killLeftoverRuntimes, spawnGateway, tempDir, token, waitFor, writeRuntimeConfig, type GatewayProcess } from './support/harness.js';
import { ENGINES, newPostgresDatabase } from './support/stores.js';

const SECRET = token();
const MESSAGES = 50;
const CHATS = 10;

let model: ScriptedModel;
beforeAll(async () => {
  model = await startScriptedModel({ paceMs: 40, rules: [{ name: 'echo', match: {}, reply: (c) => ({ text: `Answer to ${c.lastUserText}` }) }] });
});
afterAll(async () => {
  await model?.close();
});

async function cli(env: Record<string, string>, argv: string[]): Promise<void> {
  let stderr = '';
  const code = await runGatewayCli(argv, { stdout: () => undefined, stderr: (t) => (stderr += t), env, cwd: '/' });
  if (code !== 0) throw new Error(`${argv.join(' ')} failed (${code}): ${stderr}`);
}

describe.each(ENGINES)('kill -9 and restart on %s', (engine) => {
  const dir = tempDir(`gateway-crash-${engine}-`);
  const processes: GatewayProcess[] = [];
  let peer: DeliveryPeer;
  let env: Record<string, string>;

  beforeAll(async () => {
    peer = await startDeliveryPeer(SECRET);
    writeRuntimeConfig(`${dir.path}/data`, model.url);
    env = gatewayEnv({
      ...(engine === 'postgres' ? { DATABASE_URL: await newPostgresDatabase() } : { STORE: 'embedded' }),
      DATA_DIR: `${dir.path}/data`,
      PORT: '0',
      ADMIN_TOKEN: token(),
      WEBHOOK_SHARED_SECRET: SECRET,
      WEBHOOK_DELIVERY_URL: peer.url,
      WORKER_CONCURRENCY: '6',
      JOB_LEASE_SECONDS: '4',
      JOB_BACKOFF_BASE_MS: '200',
      JOB_BACKOFF_MAX_MS: '1000',
      LEADER_LEASE_SECONDS: '4',
    });
    await cli(env, ['identity', 'upsert', '--provider', 'webhook', '--external-user-id', 'alice', '--role', 'member']);
  });

  afterAll(async () => {
    for (const gateway of processes) await gateway.kill('SIGKILL');
    killLeftoverRuntimes(`${dir.path}/data`);
    await peer?.close();
    dir.remove();
  });

  it('answers all 50 messages exactly once, delivering each chunk once by its delivery id', { timeout: 900_000 }, async () => {
    const first = spawnGateway(env);
    processes.push(first);
    const url = await first.url;
    const jobs = new Map<string, string>();
    for (let i = 0; i < MESSAGES; i += 1) {
      const id = `m-${i}`;
      const answer = await sendSignedMessage(url, 'webhook', SECRET, { id, userId: 'alice', chatId: `chat-${i % CHATS}`, text: `question ${i}` });
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
      jobs.set(id, (answer.body as { jobId: string }).jobId);
    }
    // Kill while most of the 50 are still pending or running.
    await waitFor('a few replies before the kill', () => (peer.deliveries.length >= 3 ? true : undefined), 300_000);
    expect(await first.kill('SIGKILL')).toBe('SIGKILL');
    const deliveredBeforeKill = new Set(peer.deliveries.map((d) => d.inReplyTo)).size;
    expect(deliveredBeforeKill).toBeLessThan(MESSAGES);

    const second = spawnGateway(env);
    processes.push(second);
    await second.url;
    for (const id of jobs.keys()) await peer.waitForReply(id, 600_000);
    expect(await second.kill('SIGTERM')).toBe(0);

    const config = loadGatewayConfig({ env, cwd: '/' });
    const db: Db = await openStore(config, processOwnerId());
    try {
      const prompts = await listJobs(db, { kind: 'prompt', limit: 1000 });
      expect(prompts).toHaveLength(MESSAGES);
      expect(prompts.every((job) => job.status === 'completed')).toBe(true);
      const completedAudits = await listAudit(db, { type: AuditType.PromptCompleted, limit: 1000 });
      const [events] = await db.query(`select count(*)::int as n, count(distinct job_id)::int as jobs from gateway_session_events where type = 'prompt.completed'`);
      // Answered exactly once: one completion (audit and session event) per job.
      expect(completedAudits).toHaveLength(MESSAGES);
      expect(new Set(completedAudits.map((a) => a.subject)).size).toBe(MESSAGES);
      expect([Number(events?.['n']), Number(events?.['jobs'])]).toEqual([MESSAGES, MESSAGES]);
      for (const [messageId, jobId] of jobs) {
        const reply = peer.deliveries.filter((d) => d.inReplyTo === messageId);
        expect(reply.map((d) => d.text).join('')).toBe(`Answer to question ${messageId.slice(2)}`);
        expect(reply.map((d) => d.deliveryId)).toEqual(reply.map((d) => deliveryId(jobId, d.chunk, d.chunks)));
      }
      const deliveries = await listJobs(db, { kind: 'delivery', limit: 1000 });
      expect(deliveries.every((job) => job.status === 'completed')).toBe(true);
      expect(deliveries).toHaveLength(peer.deliveries.length);
      const reclaimed = prompts.filter((job) => job.attempts > 1).length;
      console.log(`[${engine}] replies before the kill: ${deliveredBeforeKill}; prompt jobs that needed a second attempt: ${reclaimed}; duplicate POSTs the peer ignored by delivery id: ${peer.duplicates}`);
    } finally {
      await db.close();
    }
  });
});
