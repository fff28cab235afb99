// The gateway's private runtime runs in the runtime package's default sandbox, and the gateway
// shows it only the sessions' workspace. Attacked as a prompt would attack it: the scripted model
// runs a shell (approved from the channel, as an operator would) that looks for the gateway's
// secrets — the embedded store, the other files of DATA_DIR, the gateway's own environment and
// every environment under /proc — and writes a file in its workspace. The gateway runs as its
// own process, so its admin token and webhook secret really are in an environment to look for.
// An OpenCode plugin planted in the workspace after the start (nobody trusts the gateway's
// workspace) never loads: the sessions' calls go through the supervisor's prepareFor, which
// covers it by a restart before the workspace's first use. The tests run in order.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGatewayCli } from '../src/cli/main.js';
import { PREFIX } from '../src/config/variables.js';
import { sendSignedMessage } from '../src/webhook/client.js';
import { startDeliveryPeer, type DeliveryPeer } from '../src/webhook/peer.js';
import { HEADER_SIGNATURE, HEADER_TIMESTAMP, signInbound } from '../src/webhook/signing.js';
import { gatewayEnv, killLeftoverRuntimes, spawnGateway, tempDir, token, waitFor, writeRuntimeConfig, type GatewayProcess } from './support/harness.js';

const ADMIN = token();
const SECRET = token();
const NOTES_SECRET = `operator-notes-${randomUUID()}`;
const ASK = 'look for the gateway secrets';
const HELLO = 'hello after the plant';

describe.runIf(process.platform === 'linux')('the managed runtime in its sandbox (gateway process, embedded store, real bubblewrap)', { timeout: 600_000 }, () => {
  const dir = tempDir('gateway-sandbox-');
  const dataDir = path.join(dir.path, 'data');
  const workspace = path.join(dataDir, 'workspace');
  let model: ScriptedModel;
  let peer: DeliveryPeer;
  let gateway: GatewayProcess | undefined;
  let url: string;

  const attack = (gatewayPid: number): string =>
    [
      'echo "pwd: $(pwd)"',
      `echo "store: $([ -e ${dataDir}/store ] && echo VISIBLE || echo hidden)"`,
      `echo "config: $([ -e ${dataDir}/config.json ] && echo VISIBLE || echo hidden)"`,
      `echo "notes: $(cat ${dataDir}/operator-notes.txt 2>&1)"`,
      `echo "gateway environ: $(tr '\\0' '\\n' 2>&1 < /proc/${gatewayPid}/environ | head -c 300)"`,
      'echo "gateway variables under /proc: $(for f in /proc/[0-9]*/environ; do tr \'\\0\' \'\\n\' < "$f"; done 2>/dev/null | grep -c STANDALONE_GATEWAY)"',
      `echo "planted plugins: $(ls -A .opencode/plugins 2>&1)"`,
      'echo "== env"; env | sort',
      'echo made-by-agent > from-agent.txt',
      'echo attack-finished',
    ].join('\n');

  async function postAction(body: Record<string, unknown>): Promise<number> {
    const text = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(`${url}/webhooks/webhook/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [HEADER_TIMESTAMP]: timestamp, [HEADER_SIGNATURE]: signInbound(SECRET, timestamp, text) },
      body: text,
    });
    await response.body?.cancel();
    return response.status;
  }

  beforeAll(async () => {
    let gatewayPid = 0;
    model = await startScriptedModel({
      rules: [
        { name: 'attack', match: { lastUser: ASK, hasToolResults: false }, reply: () => ({ toolCalls: [{ name: 'bash', arguments: { command: attack(gatewayPid), description: 'Look around' } }] }) },
        { name: 'report', match: { lastUser: ASK, hasToolResults: true }, reply: (c) => ({ text: `Report:\n${c.toolResults.map((r) => r.content).join('\n')}` }) },
        { name: 'hello', match: { lastUser: HELLO }, reply: { text: 'Hello there.' } },
      ],
    });
    peer = await startDeliveryPeer(SECRET);
    writeRuntimeConfig(dataDir, model.url);
    writeFileSync(path.join(dataDir, 'operator-notes.txt'), NOTES_SECRET, { mode: 0o600 });
    const env = gatewayEnv({ STORE: 'embedded', DATA_DIR: dataDir, PORT: '0', ADMIN_TOKEN: ADMIN, WEBHOOK_SHARED_SECRET: SECRET, WEBHOOK_DELIVERY_URL: peer.url, PROMPTER_CAN_APPROVE: 'true', APPROVAL_TIMEOUT_MS: '240000' });
    let stderr = '';
    const code = await runGatewayCli(['identity', 'upsert', '--provider', 'webhook', '--external-user-id', 'alice', '--role', 'member'], { stdout: () => undefined, stderr: (t) => (stderr += t), env, cwd: dir.path });
    if (code !== 0) throw new Error(`identity upsert failed (${code}): ${stderr}`);
    gateway = spawnGateway(env);
    gatewayPid = gateway.child.pid!;
    url = await gateway.url;
  });

  afterAll(async () => {
    await gateway?.kill('SIGTERM');
    killLeftoverRuntimes(dataDir);
    await peer?.close();
    await model?.close();
    dir.remove();
  });

  it('a plugin planted in the workspace after the start, before its first use, does not load when a message arrives', async () => {
    // Planted once the runtime is up and before anything has worked in the workspace: what
    // the start covered is settled, so only the calls' prepareFor can keep this plugin out.
    await waitFor('the runtime to be ready', () => (/"event":"runtime\.ready"/.test(gateway!.output()) ? true : undefined), 180_000);
    const marker = path.join(realpathSync(workspace), 'planted-plugin-ran.log');
    mkdirSync(path.join(workspace, '.opencode', 'plugins'), { recursive: true });
    writeFileSync(
      path.join(workspace, '.opencode', 'plugins', 'planted.js'),
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(marker)}, 'loaded by ' + process.pid + '\\n');\nexport const Planted = async () => ({});\n`,
    );
    const sent = await sendSignedMessage(url, 'webhook', SECRET, { id: 'hello-1', userId: 'alice', chatId: 'chat-hello', text: HELLO });
    expect(sent.status).toBe(202);
    const reply = await waitFor(
      'the answer to hello',
      () => {
        const chunks = peer.deliveries.filter((d) => d.kind === undefined && d.inReplyTo === 'hello-1');
        return chunks.length > 0 && chunks.length === chunks[0]!.chunks ? chunks.map((d) => d.text).join('') : undefined;
      },
      300_000,
    );
    expect(reply).toContain('Hello there.');
    expect(existsSync(marker), 'the planted plugin wrote its marker').toBe(false);
  });

  it('says which sandbox it runs in: /ready for the admin and the runtime.ready log line', async () => {
    const response = await fetch(`${url}/ready`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const report = (await response.json()) as { checks: { code: string; summary: string; evidence: Record<string, boolean> }[] };
    const health = report.checks.find((check) => check.code === 'GATEWAY_OPENCODE_HEALTH');
    expect(health).toMatchObject({ evidence: { healthy: true, managed: true, sandboxed: true, sandboxStrong: true } });
    expect(health?.summary).toMatch(/bubblewrap/i);
    expect(gateway!.output()).toMatch(/"event":"runtime\.ready","managed":true,"sandbox":"bwrap","sandboxStrength":"strong"/);
  });

  it('a shell the model runs sees its workspace, and none of the store, DATA_DIR or the gateway\'s environment', async () => {
    const sent = await sendSignedMessage(url, 'webhook', SECRET, { id: 'attack-1', userId: 'alice', chatId: 'chat-1', text: ASK });
    expect(sent.status).toBe(202);
    // Approve every permission the shell asks for (bash, then any outside folder): what must
    // hold is the boundary, not a refused approval.
    const answered = new Set<string>();
    const reply = await waitFor(
      'the report',
      async () => {
        for (const ask of peer.deliveries.filter((d) => d.kind === 'approval' && d.inReplyTo === 'attack-1' && !answered.has(d.approvalId!))) {
          answered.add(ask.approvalId!);
          expect(await postAction({ id: randomUUID(), approvalId: ask.approvalId, action: 'once', userId: 'alice' })).toBe(200);
        }
        const chunks = peer.deliveries.filter((d) => d.kind === undefined && d.inReplyTo === 'attack-1');
        return chunks.length > 0 && chunks.length === chunks[0]!.chunks ? chunks.map((d) => d.text).join('') : undefined;
      },
      300_000,
    );
    const seen = [reply, ...model.requests.filter((r) => r.lastUserText === ASK).flatMap((r) => r.toolResults.map((result) => result.content))].join('\n');

    expect(seen).toContain('attack-finished');
    expect(seen).toContain(`pwd: ${realpathSync(workspace)}`);
    expect(seen).toContain('store: hidden');
    expect(seen).toContain('config: hidden');
    expect(seen).toMatch(/notes: .*No such file or directory/);
    expect(seen).toMatch(/gateway environ: .*No such file or directory/);
    expect(seen).toContain('gateway variables under /proc: 0');
    // The planted plugin's folder is covered inside the sandbox (nothing there to load).
    expect(seen).toMatch(/planted plugins: .*No such file or directory/);
    expect(seen).not.toContain('planted.js');
    expect(existsSync(path.join(workspace, 'planted-plugin-ran.log')), 'the planted plugin wrote its marker (later)').toBe(false);
    for (const secret of [ADMIN, SECRET, NOTES_SECRET, PREFIX]) expect(seen).not.toContain(secret);
    // What the agent wrote in its workspace is there for the operator.
    expect(existsSync(path.join(workspace, 'from-agent.txt')) && readFileSync(path.join(workspace, 'from-agent.txt'), 'utf8')).toBe('made-by-agent\n');
  });
});
