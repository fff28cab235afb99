// podman and docker, tried for real where an engine runs; where none does, these tests are
// skipped and their title says why (the probe's own words).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forgetProbes, prepareSandbox, probeBackend, readHostLayout, type SandboxSpec } from '../src/index.js';
import { runProbe } from '../src/probe.js';
import { finish, killAll, killGroup, runSandboxed, startSandboxed, until } from './support/run.js';

const base = mkdtempSync(path.join(tmpdir(), 'oc-container-'));
const workspace = path.join(base, 'workspace');
mkdirSync(workspace);
const stateDir = path.join(base, 'state');
afterAll(() => {
  killAll();
  rmSync(base, { recursive: true, force: true });
});

const context = { platform: process.platform, network: 'on' as const, layout: process.platform === 'linux' ? readHostLayout() : { system: [], masked: [], extraReadOnly: [], uid: -1 }, stateDir };

for (const engine of ['podman', 'docker'] as const) {
  forgetProbes();
  const probe = await probeBackend(engine, context);
  const title = probe.available ? `${engine} boundary` : `${engine} boundary (skipped: ${probe.reason})`;

  describe.skipIf(!probe.available)(title, () => {
    const spec = (script: string): Omit<SandboxSpec, 'network'> => ({
      command: '/bin/sh',
      args: ['-c', script],
      env: { PATH: '/usr/bin:/bin', GREETING: 'value-by-name' },
      cwd: workspace,
      workspaces: [workspace],
    });

    it('read-only root, no capabilities, the workspace writable at its own path and at /workspace', async () => {
      const sandbox = await prepareSandbox({ choice: engine, stateDir });
      expect(sandbox.status).toMatchObject({ backend: engine, requested: engine });
      const result = await runSandboxed(
        sandbox.command(spec('touch /oc-probe 2>/dev/null && echo root-writable || echo root-read-only; grep ^CapEff /proc/self/status; echo a > a.txt; cat /workspace/a.txt; echo "$GREETING"')),
        120_000,
      );
      expect(result.stdout).toBe('root-read-only\nCapEff:\t0000000000000000\na\nvalue-by-name\n');
      expect(readFileSync(path.join(workspace, 'a.txt'), 'utf8')).toBe('a\n');
    });

    it('network off leaves only loopback, and the container is gone afterwards', async () => {
      const sandbox = await prepareSandbox({ choice: engine, network: 'off', stateDir });
      const command = sandbox.command(spec('tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "'));
      const result = await runSandboxed(command, 120_000);
      expect(result.stdout).toBe('lo\n');
      const name = command.args[command.args.indexOf('--name') + 1]!;
      const listed = await runProbe(probe.program!, ['ps', '--all', '--filter', `name=${name}`, '--format', '{{.Names}}']);
      expect(listed.stdout.trim()).toBe('');
    });

    it('a container whose client was killed outlives it; sweep removes it, and only its owner\'s', async () => {
      const owner = `oc-test-${process.pid}`;
      const sandbox = await prepareSandbox({ choice: engine, stateDir, owner });
      const command = sandbox.command(spec('echo up; exec sleep 600'));
      const name = command.args[command.args.indexOf('--name') + 1]!;
      const client = startSandboxed(command);
      const done = finish(client, 120_000);
      let out = '';
      client.stdout?.on('data', (chunk: string) => (out += chunk));
      await until(() => out.includes('up'), 'the container to start', 120_000);
      killGroup(client);
      await done;
      const running = async () => (await runProbe(probe.program!, ['ps', '--all', '--filter', `name=${name}`, '--format', '{{.Names}}'])).stdout.trim();
      expect(await running()).toBe(name);
      expect(await (await prepareSandbox({ choice: engine, stateDir, owner: 'someone-else' })).sweep()).toEqual([]);
      expect(await sandbox.sweep()).toHaveLength(1);
      expect(await running()).toBe('');
    });
  });
}
