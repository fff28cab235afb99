import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEAD_REGISTRY, isAlive, startHarness, until, type Harness } from '../support/harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

describe('the supervised runtime (real OpenCode binary)', () => {
  it('starts healthy behind a per-boot password: 401 without it, 200 with it', async () => {
    harness = await startHarness();
    const connection = await harness.supervisor.start();
    expect(connection.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const route of ['/global/health', '/session', '/config', '/doc']) {
      expect((await fetch(connection.url + route)).status, route).toBe(401);
    }
    const wrong = `Basic ${Buffer.from('opencode:not-the-password').toString('base64')}`;
    expect((await fetch(`${connection.url}/global/health`, { headers: { authorization: wrong } })).status).toBe(401);
    const health = await fetch(`${connection.url}/global/health`, { headers: { authorization: connection.authorization } });
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ healthy: true });
    expect(harness.statuses.map((s) => s.state)).toEqual(['starting', 'ready']);
  });

  it('keeps its config private while running and removes it on stop', async () => {
    harness = await startHarness();
    await harness.supervisor.start();
    const file = path.join(harness.dataDir, 'runtime', 'config', 'opencode.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    const environ = await readFile(`/proc/${harness.supervisor.connection().pid}/environ`, 'utf8');
    expect(environ.split('\0')).toContain(`OPENCODE_CONFIG=${file}`);
    expect(environ).not.toContain('OPENCODE_CONFIG_CONTENT');
    await harness.supervisor.stop();
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('restarts after a SIGKILL mid-session, says so, and keeps the history', async () => {
    harness = await startHarness({ rules: [{ match: { lastUser: 'first' }, reply: { text: 'FIRST-ANSWER' } }, { match: { lastUser: 'second' }, reply: { text: 'SECOND-ANSWER' } }] });
    const before = await harness.supervisor.start();
    const created = await before.client.session.create({ directory: harness.workspace });
    const sessionID = created.data!.id;
    await before.client.session.prompt({ sessionID, directory: harness.workspace, parts: [{ type: 'text', text: 'first' }] });

    process.kill(before.pid, 'SIGKILL');
    await until(() => harness!.supervisor.status.state === 'ready' && harness!.supervisor.connection().pid !== before.pid, 'a restarted runtime');
    const states = harness.statuses.map((s) => s.state);
    expect(states).toEqual(['starting', 'ready', 'restarting', 'starting', 'ready']);
    expect(harness.statuses[2]).toMatchObject({ state: 'restarting', reason: expect.stringContaining('SIGKILL') as unknown });
    expect(isAlive(before.pid)).toBe(false);

    const after = harness.supervisor.connection();
    const reply = await after.client.session.prompt({ sessionID, directory: harness.workspace, parts: [{ type: 'text', text: 'second' }] });
    expect(JSON.stringify(reply.data?.parts)).toContain('SECOND-ANSWER');
    const history = await after.client.session.messages({ sessionID, directory: harness.workspace });
    const texts = JSON.stringify(history.data);
    expect(texts).toContain('FIRST-ANSWER');
    expect(texts).toContain('SECOND-ANSWER');
  }, 90_000);

  it('restarts once for a burst of config changes, with the new config', async () => {
    let generation = 0;
    harness = await startHarness({
      launchConfig: (model) => ({
        config: {
          provider: { scripted: { npm: '@ai-sdk/openai-compatible', name: `Scripted ${generation}`, options: { baseURL: model.url, apiKey: 'x' }, models: { 'scripted-1': {} } } },
          model: 'scripted/scripted-1',
        },
      }),
      supervisor: { restartDebounceMs: 200 },
    });
    await harness.supervisor.start();
    generation = 7;
    for (let i = 0; i < 5; i++) harness.supervisor.requestRestart('config changed');
    await until(() => harness!.boots() === 2 && harness!.supervisor.status.state === 'ready', 'the restart');
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the debounce window: no second restart
    expect(harness.boots()).toBe(2);
    const providers = await harness.supervisor.connection().client.config.providers({ directory: harness.workspace });
    expect(providers.data?.providers.find((p) => p.id === 'scripted')?.name).toBe('Scripted 7');
  }, 90_000);

  /** A host process that starts a runtime and is then killed without a chance to stop it. */
  async function killedHost(dataDir: string, sandbox: string): Promise<number> {
    const host = spawn(process.execPath, ['--import', 'tsx', '--conditions', 'source', path.join(import.meta.dirname, 'orphan-host.ts'), dataDir, DEAD_REGISTRY, sandbox], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    host.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    await until(() => /runtime-pid (\d+)/.test(out), 'the orphan host to start its runtime', 60_000);
    host.kill('SIGKILL');
    await new Promise((resolve) => host.once('exit', resolve));
    return Number(/runtime-pid (\d+)/.exec(out)?.[1]);
  }

  it('a sandboxed runtime dies with its killed host: there is no orphan to sweep', async () => {
    harness = await startHarness();
    const runtime = await killedHost(harness.dataDir, 'auto');
    await until(() => !isAlive(runtime), 'the sandboxed runtime to end with its host');
  }, 90_000);

  it('sweeps an unsandboxed runtime orphaned by a killed host at the next start', async () => {
    harness = await startHarness({ supervisor: { sandbox: { backend: 'none' } } });
    const orphan = await killedHost(harness.dataDir, 'none');
    expect(isAlive(orphan)).toBe(true);

    // Unrelated processes in the ledger are left alone even if their PID is recorded.
    const bystander = spawn('sleep', ['30']);
    const ledgerFile = path.join(harness.dataDir, 'runtime', 'pids.json');
    const ledger = JSON.parse(await readFile(ledgerFile, 'utf8')) as { pid: number; binary: string; startedAt: number }[];
    await import('node:fs/promises').then((fs) => fs.writeFile(ledgerFile, JSON.stringify([...ledger, { pid: bystander.pid, binary: ledger[0]!.binary, startedAt: 0 }])));

    await harness.supervisor.start();
    await until(() => !isAlive(orphan), 'the orphan to be swept');
    expect(isAlive(bystander.pid!)).toBe(true);
    expect(harness.supervisor.logs.lines().some((l) => /Stopped 1 runtime\(s\) left behind/.test(l.text))).toBe(true);
    bystander.kill();
  }, 90_000);

  it('stops with SIGTERM and leaves nothing running', async () => {
    harness = await startHarness();
    const { pid } = await harness.supervisor.start();
    await harness.supervisor.stop();
    expect(isAlive(pid)).toBe(false);
    // Unsandboxed it dies of the signal; inside bubblewrap, bubblewrap reports that as 128 + 15.
    expect(harness.supervisor.logs.lines().some((l) => /^OpenCode stopped \((killed by SIGTERM|exit code (0|143))\)\.$/.test(l.text))).toBe(true);
    expect(harness.supervisor.status).toEqual({ state: 'stopped' });
  });
});
