import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGatewayConfig, sendSignedMessage, startDeliveryPeer, startGateway, upsertIdentity, type DeliveryPeer, type RunningGateway } from '@open-cowork/gateway';
import { RuntimeSessions } from '@open-cowork/runtime';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import type { Scenario } from '../runner.js';

/**
 * A signed webhook message to its delivered, verified reply through the gateway (embedded
 * store, durable job, events, reply delivery) against the same prompt sent straight to the
 * gateway's own runtime with the session layer. Same runtime, same scripted model.
 */
export function gatewayRoundTripScenario(): Scenario {
  const secret = randomBytes(32).toString('hex');
  let root = '';
  let model: ScriptedModel;
  let peer: DeliveryPeer;
  let gateway: RunningGateway;
  let direct: RuntimeSessions;
  let directSession = '';
  let n = 0;

  return {
    name: 'gateway-round-trip',
    description: 'signed message to delivered reply through the gateway vs. the same prompt straight to its runtime',
    samples: 15,
    warmup: 3,
    setup: async () => {
      root = mkdtempSync(join(tmpdir(), 'oc-bench-gateway-'));
      model = await startScriptedModel({ rules: [{ reply: { text: 'A short scripted answer for the benchmark.' } }] });
      peer = await startDeliveryPeer(secret);
      const dataDir = join(root, 'data');
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(
        join(dataDir, 'config.json'),
        JSON.stringify({
          providers: {
            available: ['scripted'],
            defaultProvider: 'scripted',
            defaultModel: 'scripted-1',
            custom: { scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: model.url, apiKey: 'local' }, models: { 'scripted-1': { name: 'Scripted 1' } } } },
          },
        }),
      );
      const P = 'OPEN_COWORK_STANDALONE_GATEWAY_';
      const env = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        OPEN_COWORK_NPM_REGISTRY: 'http://127.0.0.1:9/',
        [P + 'STORE']: 'embedded',
        [P + 'DATA_DIR']: dataDir,
        [P + 'PORT']: '0',
        [P + 'ADMIN_TOKEN']: randomBytes(32).toString('hex'),
        [P + 'WEBHOOK_SHARED_SECRET']: secret,
        [P + 'WEBHOOK_DELIVERY_URL']: peer.url,
      };
      const config = loadGatewayConfig({ env, cwd: root });
      gateway = await startGateway({ config, env, log: { log: () => undefined }, cwd: root });
      await upsertIdentity(gateway.ctx.db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'bench' }, 'member');
      const opencode = gateway.ctx.opencode;
      direct = new RuntimeSessions(() => opencode.client());
      directSession = (await direct.create({ directory: config.opencode.workspace })).id;
      return async () => {
        await gateway.close();
        await peer.close();
        await model.close();
        rmSync(root, { recursive: true, force: true });
      };
    },
    baseline: {
      name: 'straight to the runtime (promptAndWait)',
      run: async () => {
        const outcome = await direct.promptAndWait({ directory: gateway.ctx.config.opencode.workspace, sessionId: directSession, text: 'benchmark' }, { events: gateway.ctx.opencode.events });
        if (outcome.status !== 'completed') throw new Error(`prompt ${outcome.status}`);
      },
    },
    variants: [
      {
        name: 'signed webhook → delivered reply',
        run: async () => {
          n += 1;
          const id = `bench-${n}`;
          const answer = await sendSignedMessage(gateway.url, 'webhook', secret, { id, userId: 'bench', chatId: 'bench-chat', text: 'benchmark' });
          if (answer.status !== 202) throw new Error(`gateway answered ${answer.status}`);
          await peer.waitForReply(id, 60_000);
        },
      },
    ],
  };
}
