// The supervisor's sandbox options against the real runtime: networking off (the host reaches
// OpenCode through the socket bridge only), an explicit backend that cannot run here (a clear
// failure, no retries, no silent step down), and `none` (reported as unsandboxed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { probeBackend, readHostLayout } from '@open-cowork/sandbox';
import { scriptedOpencodeConfig } from '@open-cowork/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

const probeDir = mkdtempSync(path.join(tmpdir(), 'oc-probe-'));
const podman = process.platform === 'linux' ? await probeBackend('podman', { platform: 'linux', network: 'on', layout: readHostLayout(), stateDir: probeDir }) : undefined;
rmSync(probeDir, { recursive: true, force: true });

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

describe.runIf(process.platform === 'linux')('the runtime\'s sandbox options', () => {
  it('network off: healthy through the socket bridge, with auth still required', async () => {
    harness = await startHarness({ supervisor: { sandbox: { network: 'off' } } });
    const connection = await harness.supervisor.start();
    expect(harness.supervisor.sandboxStatus).toMatchObject({ backend: 'bwrap', network: 'off' });
    expect(harness.supervisor.sandboxStatus?.description).toContain('network off (loopback only)');
    const health = await fetch(`${connection.url}/global/health`, { headers: { authorization: connection.authorization }, signal: AbortSignal.timeout(10_000) });
    expect(await health.json()).toMatchObject({ healthy: true });
    expect((await fetch(`${connection.url}/global/health`, { signal: AbortSignal.timeout(10_000) })).status).toBe(401);
    const session = await connection.client.session.create({ directory: harness.workspace });
    expect(session.data?.directory).toBe(harness.workspace);
  }, 90_000);

  it('a workspace added while it runs becomes visible through one restart at its first use', async () => {
    const second = mkdtempSync(path.join(tmpdir(), 'oc-ws-late-'));
    const listed: string[] = [];
    try {
      harness = await startHarness({ supervisor: { sandbox: { workspaces: () => [harness!.workspace, ...listed] } } });
      await harness.supervisor.start();
      expect(harness.boots()).toBe(1);
      await harness.supervisor.prepareFor(harness.workspace); // already visible: no restart
      await harness.supervisor.prepareFor(second); // not (yet) a workspace: left alone
      expect(harness.boots()).toBe(1);
      listed.push(second);
      await Promise.all([harness.supervisor.prepareFor(second), harness.supervisor.prepareFor(path.join(second, 'sub'))]);
      expect(harness.boots()).toBe(2); // two callers, one restart
      const session = await harness.supervisor.connection().client.session.create({ directory: second });
      expect(session.data?.directory).toBe(second);
    } finally {
      rmSync(second, { recursive: true, force: true });
    }
  }, 120_000);

  it('an explicit backend that cannot run here fails at once, saying why, without retrying', async () => {
    harness = await startHarness({ supervisor: { sandbox: { backend: 'macos' } } });
    await expect(harness.supervisor.start()).rejects.toMatchObject({
      code: 'SANDBOX_UNAVAILABLE',
      message: 'The macos sandbox cannot run here: Seatbelt (sandbox-exec) exists on macOS only.',
    });
    expect(harness.statuses.map((status) => status.state)).toEqual(['starting', 'failed']);
    expect(harness.boots()).toBe(1);
  });

  it('none: runs as before, and says it is unsandboxed', async () => {
    harness = await startHarness({ supervisor: { sandbox: { backend: 'none' } } });
    await harness.supervisor.start();
    expect(harness.supervisor.sandboxStatus).toMatchObject({ backend: 'none', strength: 'none', requested: 'none' });
    expect(harness.supervisor.logs.lines().some((line) => line.text.startsWith('Not sandboxed (chosen)'))).toBe(true);
  }, 60_000);
});

// In a container, shells share the runtime's process table (engines block nested namespaces).
// The runtime makes itself non-dumpable, so its environment stays unreadable to them anyway.
describe.skipIf(!podman?.available)(`the runtime in podman${podman?.available ? '' : ` (skipped: ${podman?.reason ?? 'not Linux'})`}`, () => {
  it('is reported as partial, and a shell cannot read the runtime\'s environment through /proc', async () => {
    harness = await startHarness({
      supervisor: { sandbox: { backend: 'podman' } },
      rules: [
        { match: { lastUser: 'peek', hasToolResults: false }, reply: { toolCalls: [{ name: 'bash', arguments: { command: 'echo "pid=${OPENCODE_PID:-unset}"; cat /proc/$PPID/environ', description: 'peek' } }] } },
        { match: { lastUser: 'peek', hasToolResults: true }, reply: { text: 'peeked' } },
      ],
      launchConfig: (model) => ({ config: { ...scriptedOpencodeConfig(model), autoupdate: false, share: 'disabled', permission: { '*': 'allow' } } }),
    });
    const connection = await harness.supervisor.start();
    expect(harness.supervisor.sandboxStatus).toMatchObject({ backend: 'podman', strength: 'partial', children: 'shared' });
    const session = await connection.client.session.create({ directory: harness.workspace });
    await connection.client.session.prompt({ sessionID: session.data!.id, directory: harness.workspace, parts: [{ type: 'text', text: 'peek' }] });
    const output = harness.model.requests.find((request) => request.toolResults.length > 0)?.toolResults[0]?.content ?? '';
    expect(output).toMatch(/^pid=unset\ncat: \/proc\/\d+\/environ: Permission denied\n$/);
  }, 240_000);
});
