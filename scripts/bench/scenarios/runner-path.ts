import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGatewayConfig, runGatewayCli, sendSignedMessage, startDeliveryPeer, startGateway, upsertIdentity, type DeliveryPeer, type RunningGateway } from '@open-cowork/gateway';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { gatewayEnv, writeRuntimeConfig } from '../../../apps/gateway/test/support/harness.js';
import { spawnRunner, stopRunner, type RunnerProcess } from '../../../apps/gateway/test/support/runner-process.js';
import type { Scenario, ScenarioResult } from '../runner.js';

/** Tasks submitted at once in the throughput variant. */
const BATCH = 8;

/**
 * One gateway (embedded store, in this process) and two `open-cowork runner` processes, each on a
 * host and runtime of its own, all against one scripted model. The baseline is a signed webhook
 * message answered by the gateway's own runtime; the variants send the same message in a chat
 * bound to the runners' workspace, submit a prompt task through the Task API and wait for its
 * result, and submit a batch of tasks at once for the two runners to share (tasks per second).
 */
export function runnerPathScenario(): Scenario {
  const secret = randomBytes(32).toString('hex');
  let root = '';
  let model: ScriptedModel;
  let peer: DeliveryPeer;
  let gateway: RunningGateway;
  let submitter = '';
  const runners: RunnerProcess[] = [];
  let n = 0;

  const cli = async (env: Record<string, string>, argv: string[]): Promise<Record<string, unknown>> => {
    let stdout = '';
    let stderr = '';
    const code = await runGatewayCli([...argv, '--json'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: root });
    if (code !== 0) throw new Error(`open-cowork-gateway ${argv.join(' ')} failed (${code}): ${stderr}`);
    return JSON.parse(stdout) as Record<string, unknown>;
  };
  const message = async (chatId: string): Promise<void> => {
    n += 1;
    const id = `bench-${n}`;
    const answer = await sendSignedMessage(gateway.url, 'webhook', secret, { id, userId: 'bench', chatId, text: 'benchmark' });
    if (answer.status !== 202) throw new Error(`the gateway answered ${answer.status}`);
    await peer.waitForReply(id, 120_000);
  };
  const task = async (): Promise<void> => {
    const headers = { authorization: `Bearer ${submitter}`, 'content-type': 'application/json' };
    const created = await fetch(`${gateway.url}/tasks`, { method: 'POST', headers, body: JSON.stringify({ kind: 'prompt', workspace: 'repo', prompt: 'benchmark' }) });
    if (created.status !== 201) throw new Error(`POST /tasks answered ${created.status}: ${await created.text()}`);
    const { taskId } = (await created.json()) as { taskId: string };
    for (;;) {
      const view = (await (await fetch(`${gateway.url}/tasks/${taskId}?wait=30`, { headers })).json()) as { status: string; error?: string };
      if (view.status === 'completed') break;
      if (['failed', 'dead', 'cancelled'].includes(view.status)) throw new Error(`task ${taskId} ${view.status}: ${view.error ?? ''}`);
    }
    await fetch(`${gateway.url}/tasks/${taskId}/ack`, { method: 'POST', headers });
  };

  return {
    name: 'runner-path',
    description: `a prompt answered through a runner (one gateway, two runners) vs. the gateway's own runtime; ${BATCH} tasks at once for the throughput`,
    samples: 10,
    warmup: 2,
    setup: async () => {
      root = mkdtempSync(join(tmpdir(), 'oc-bench-runner-'));
      model = await startScriptedModel({ rules: [{ reply: { text: 'A short scripted answer for the benchmark.' } }] });
      peer = await startDeliveryPeer(secret);
      const dataDir = join(root, 'gateway');
      writeRuntimeConfig(dataDir, model.url);
      const env = gatewayEnv({ STORE: 'embedded', DATA_DIR: dataDir, PORT: '0', ADMIN_TOKEN: randomBytes(32).toString('hex'), WEBHOOK_SHARED_SECRET: secret, WEBHOOK_DELIVERY_URL: peer.url });
      // Credentials and the binding before serving: the embedded store has one owner at a time.
      const tokens = [String((await cli(env, ['runner', 'add', 'bench-a', '--workspace', 'repo']))['token'])];
      tokens.push(String((await cli(env, ['runner', 'add', 'bench-b', '--workspace', 'repo']))['token']));
      submitter = String((await cli(env, ['submitter', 'add', 'bench']))['token']);
      await cli(env, ['bind', 'add', '--provider', 'webhook', '--chat', 'bench-bound', '--workspace', 'repo']);
      const config = loadGatewayConfig({ env, cwd: root });
      gateway = await startGateway({ config, env, log: { log: () => undefined }, cwd: root });
      await upsertIdentity(gateway.ctx.db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'bench' }, 'member');
      for (const [i, token] of tokens.entries()) {
        runners.push(spawnRunner({ dir: join(root, `runner-${i + 1}`), modelUrl: model.url, gatewayUrl: gateway.url, token, workspaces: { repo: join(root, 'repo') } }));
      }
      await Promise.all(runners.map((runner) => runner.waitForEvent('the runner to be ready', (e) => e.type === 'runner.started', 180_000)));
      return async () => {
        for (const runner of runners) await stopRunner(runner);
        await gateway.close();
        await peer.close();
        await model.close();
        rmSync(root, { recursive: true, force: true });
      };
    },
    baseline: {
      name: "signed message → reply by the gateway's runtime",
      run: () => message('bench-free'),
    },
    variants: [
      { name: 'signed message in a bound chat → reply by a runner', run: () => message('bench-bound') },
      { name: 'Task API prompt task → result (submit, long-poll, ack)', run: task },
      { name: `${BATCH} Task API prompt tasks at once, two runners`, run: () => Promise.all(Array.from({ length: BATCH }, task)).then(() => undefined) },
    ],
    summary: (result: ScenarioResult) => {
      const batch = result.variants.find((variant) => variant.name.startsWith(`${BATCH} `));
      return batch === undefined ? '' : `  throughput: ${(BATCH / (batch.medianMs / 1000)).toFixed(2)} tasks/s through one gateway and two runners (median batch)`;
    },
  };
}
