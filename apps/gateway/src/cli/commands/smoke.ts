// `smoke`: one full round trip on this machine, in a temp folder: a scripted model, a local
// signed-webhook peer, a gateway with the embedded (or memory) store and the real managed
// runtime, an identity, a signed message in, a verified reply out. Every step is named; the
// first one that fails is reported and the exit status is 1.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadGatewayConfig } from '../../config/load.js';
import { PREFIX } from '../../config/variables.js';
import { startGateway, type RunningGateway } from '../../daemon/gateway.js';
import { messageOf } from '../../errors.js';
import { silentLogger } from '../../log.js';
import { upsertIdentity } from '../../store/identities.js';
import { sendSignedMessage } from '../../webhook/client.js';
import { startDeliveryPeer, type DeliveryPeer } from '../../webhook/peer.js';
import { ExitCode, parseCommand, printJson, str, UsageError, type CliIo } from '../io.js';

const HELP = 'open-cowork-gateway smoke --help';
export const SMOKE_USAGE = `Usage: open-cowork-gateway smoke [--store embedded|memory] [--timeout-ms N] [--json]

Runs a full round trip in a temporary folder, with nothing of this gateway's own configuration
or data: a scripted model (from @open-cowork/testing), the real OpenCode runtime, the store,
a local peer that verifies signed deliveries, and one signed message answered end to end.
Steps: model, peer, gateway, identity, webhook, reply, shutdown.
Exit status: 0 the reply arrived, 1 a step failed (named on stderr), 2 usage error.
`;

const REPLY = 'Smoke test reply from the scripted model.';

interface Step {
  readonly step: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

interface ScriptedModelHandle {
  readonly url: string;
  close(): Promise<void>;
}

/** The scripted model is a test kit, loaded only by this command. */
async function startModel(): Promise<ScriptedModelHandle> {
  const testing = await import('@open-cowork/testing');
  return testing.startScriptedModel({ rules: [{ name: 'smoke', match: {}, reply: { text: REPLY } }] });
}

export async function runSmokeCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommand(args, { store: { type: 'string' }, 'timeout-ms': { type: 'string' }, json: { type: 'boolean' } }, HELP, 0);
  if (parsed.values['help'] === true) {
    io.stdout(SMOKE_USAGE);
    return ExitCode.Ok;
  }
  const store = str(parsed.values, 'store') ?? 'embedded';
  if (store !== 'embedded' && store !== 'memory') throw new UsageError(`--store must be embedded or memory; got "${store}".`, HELP);
  const timeoutText = str(parsed.values, 'timeout-ms') ?? '180000';
  if (!/^\d+$/.test(timeoutText)) throw new UsageError('--timeout-ms must be a whole number.', HELP);
  const timeoutMs = Number(timeoutText);
  const json = parsed.values['json'] === true;

  const steps: Step[] = [];
  const root = mkdtempSync(path.join(tmpdir(), 'open-cowork-gateway-smoke-'));
  const secret = randomBytes(32).toString('hex');
  let model: ScriptedModelHandle | undefined;
  let peer: DeliveryPeer | undefined;
  let gateway: RunningGateway | undefined;
  let jobId = '';
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    if (!json) io.stderr(`smoke: ${name}…\n`);
    try {
      const result = await work();
      steps.push({ step: name, ok: true, ms: Date.now() - started });
      return result;
    } catch (error) {
      steps.push({ step: name, ok: false, ms: Date.now() - started, error: messageOf(error) });
      throw error;
    }
  };
  let failed: Step | undefined;
  try {
    model = await step('model', startModel);
    const modelUrl = model.url;
    peer = await step('peer', () => startDeliveryPeer(secret));
    const deliveryUrl = peer.url;
    gateway = await step('gateway', async () => {
      const dataDir = path.join(root, 'data');
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(
        path.join(dataDir, 'config.json'),
        JSON.stringify({
          providers: {
            available: ['scripted'],
            defaultProvider: 'scripted',
            defaultModel: 'scripted-1',
            custom: { scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: modelUrl, apiKey: 'local' }, models: { 'scripted-1': { name: 'Scripted 1' } } } },
          },
        }),
      );
      const env = {
        [PREFIX + 'STORE']: store,
        [PREFIX + 'DATA_DIR']: dataDir,
        [PREFIX + 'PORT']: '0',
        [PREFIX + 'ADMIN_TOKEN']: randomBytes(32).toString('hex'),
        [PREFIX + 'WEBHOOK_SHARED_SECRET']: secret,
        [PREFIX + 'WEBHOOK_DELIVERY_URL']: deliveryUrl,
      };
      const config = loadGatewayConfig({ env, cwd: root });
      // Only what the runtime needs from this process: its tools' PATH, and no registry.
      const runtimeEnv = { ...env, PATH: io.env['PATH'] ?? '/usr/bin:/bin', OPEN_COWORK_NPM_REGISTRY: 'http://127.0.0.1:9/' };
      return startGateway({ config, env: runtimeEnv, log: silentLogger, cwd: root });
    });
    const running = gateway;
    await step('identity', () => upsertIdentity(running.ctx.db, { provider: 'webhook', providerWorkspaceId: '', externalUserId: 'smoke-user' }, 'member').then(() => undefined));
    await step('webhook', async () => {
      const answer = await sendSignedMessage(running.url, 'webhook', secret, { id: 'smoke-1', userId: 'smoke-user', chatId: 'smoke-chat', text: 'Say something for the smoke test.' });
      if (answer.status !== 202) throw new Error(`The gateway answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      jobId = (answer.body as { jobId: string }).jobId;
    });
    const receiver = peer;
    await step('reply', async () => {
      const parts = await receiver.waitForReply('smoke-1', timeoutMs);
      const text = parts.map((part) => part.text).join('');
      if (!text.includes(REPLY)) throw new Error(`The reply was not the scripted one: ${JSON.stringify(text.slice(0, 200))}`);
    });
  } catch {
    failed = steps.find((s) => !s.ok);
  } finally {
    const closing = Date.now();
    try {
      await gateway?.close();
      await peer?.close();
      await model?.close();
      if (gateway !== undefined) steps.push({ step: 'shutdown', ok: true, ms: Date.now() - closing });
    } catch (error) {
      steps.push({ step: 'shutdown', ok: false, ms: Date.now() - closing, error: messageOf(error) });
      failed ??= steps.at(-1);
    }
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  }
  if (json) printJson(io, { ok: failed === undefined, store, jobId: jobId || null, steps, ...(failed ? { failedStep: failed.step } : {}) });
  else if (failed) io.stderr(`smoke failed at step "${failed.step}": ${failed.error ?? 'unknown error'}\n`);
  else io.stdout(`smoke ok: ${steps.map((s) => `${s.step} ${s.ms} ms`).join(', ')}\n`);
  return failed === undefined ? ExitCode.Ok : ExitCode.Failed;
}
