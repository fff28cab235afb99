import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeErrorCode, RuntimeSupervisor, type RuntimeStatus, type SupervisorOptions } from '../src/index.js';
import { fakeLauncher, GREETING, type FakeLauncher } from './fake-runtime.js';

const running: RuntimeSupervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function setup(overrides: Partial<SupervisorOptions> = {}, fake: FakeLauncher = fakeLauncher()) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-sup-'));
  let builds = 0;
  const supervisor = new RuntimeSupervisor({
    dataDir,
    binary: { path: '/opt/fake/opencode', version: '1.18.33', source: 'test' },
    launchConfig: () => {
      builds += 1;
      return { config: { build: builds, provider: { p: { options: { apiKey: 'sk-test-key-000000000000' } } } }, env: { OPENCODE_ENABLE_EXA: '1' }, secrets: ['sk-test-key-000000000000'] };
    },
    launch: fake.launch,
    readCommandLine: () => Promise.resolve(undefined),
    crash: { initialDelayMs: 10, maxDelayMs: 40, maxRestarts: 3, windowMs: 60_000 },
    health: { intervalMs: 25, timeoutMs: 500, failuresBeforeRestart: 2 },
    restartDebounceMs: 30,
    stopGraceMs: 200,
    ...overrides,
  });
  const statuses: RuntimeStatus[] = [];
  supervisor.onStatus((s) => statuses.push(s));
  running.push(supervisor);
  return { supervisor, fake, statuses, dataDir, builds: () => builds };
}

function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

const states = (list: RuntimeStatus[]) => list.map((s) => s.state);

describe('RuntimeSupervisor', () => {
  it('writes beside the config, for the tool guard, only the password and the secrets the config holds; stop removes both', async () => {
    const { supervisor, dataDir } = await setup({
      launchConfig: () => ({ config: { provider: { p: { options: { apiKey: 'sk-in-config-000000000000' } } } }, secrets: ['sk-in-config-000000000000', 'host-only-token-111111111111'] }),
    });
    const connection = await supervisor.start();
    const file = path.join(dataDir, 'runtime', 'config', 'redactions.json');
    const password = Buffer.from(connection.authorization.replace(/^Basic /, ''), 'base64').toString('utf8').split(':')[1];
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ values: [password, 'sk-in-config-000000000000'] });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await supervisor.stop();
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('starts once, reports starting then ready, and hands out an authenticated connection', async () => {
    const { supervisor, fake, statuses } = await setup();
    const connection = await supervisor.start();
    expect(states(statuses)).toEqual(['starting', 'ready']);
    expect(fake.launched).toHaveLength(1);
    expect(connection.url).toBe(fake.launched[0]?.url);
    expect(connection.authorization).toMatch(/^Basic /);
    expect((await fetch(`${connection.url}/global/health`)).status).toBe(401);
    expect((await fetch(`${connection.url}/global/health`, { headers: { authorization: connection.authorization } })).status).toBe(200);
    // A second start while ready is a no-op.
    await supervisor.start();
    expect(fake.launched).toHaveLength(1);
  });

  it('writes the config to a private file, passes its path and the switches, and removes it on stop', async () => {
    const { supervisor, fake } = await setup();
    await supervisor.start();
    const env = fake.launched[0]!.options.env;
    const file = env['OPENCODE_CONFIG']!;
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ build: 1 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(env['OPENCODE_ENABLE_EXA']).toBe('1');
    expect(JSON.stringify(env)).not.toContain('sk-test-key');
    await supervisor.stop();
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    expect(supervisor.status).toEqual({ state: 'stopped' });
  });

  it('uses a new password for every boot', async () => {
    const { supervisor, fake } = await setup();
    const first = await supervisor.start();
    const second = await supervisor.restart('test');
    expect(first.authorization).not.toBe(second.authorization);
    expect(fake.launched[0]!.options.env['OPENCODE_SERVER_PASSWORD']).not.toBe(fake.launched[1]!.options.env['OPENCODE_SERVER_PASSWORD']);
  });

  it('restarts a crashed runtime with a fresh config and says so', async () => {
    const { supervisor, fake, statuses, builds } = await setup();
    await supervisor.start();
    fake.launched[0]!.crash();
    await until(() => fake.launched.length === 2 && supervisor.status.state === 'ready', 'a second ready runtime');
    expect(states(statuses)).toEqual(['starting', 'ready', 'restarting', 'starting', 'ready']);
    const restarting = statuses[2];
    expect(restarting).toMatchObject({ state: 'restarting', attempt: 1 });
    expect(restarting?.state === 'restarting' && restarting.reason).toMatch(/exited unexpectedly \(killed by SIGKILL\)/);
    expect(builds()).toBe(2);
    expect(supervisor.connection().url).toBe(fake.launched[1]!.url);
  });

  it('gives up after the restart cap and reports failed with the reason', async () => {
    const fake = fakeLauncher();
    const { supervisor, statuses } = await setup({}, fake);
    await supervisor.start();
    fake.failNext(10);
    fake.launched[0]!.crash();
    await until(() => supervisor.status.state === 'failed', 'failed');
    expect(supervisor.status).toMatchObject({ state: 'failed', code: RuntimeErrorCode.RestartLimit });
    const delays = statuses.flatMap((s) => (s.state === 'restarting' ? [s.delayMs] : []));
    expect(delays).toEqual([10, 20, 40]); // doubling, capped at maxDelayMs
    await expect(supervisor.whenReady()).rejects.toMatchObject({ code: RuntimeErrorCode.RestartLimit });
  });

  it('retries a failed first start and resolves start() once it comes up', async () => {
    const fake = fakeLauncher();
    fake.failNext(2);
    const { supervisor, statuses } = await setup({}, fake);
    await supervisor.start();
    expect(states(statuses)).toEqual(['starting', 'restarting', 'starting', 'restarting', 'starting', 'ready']);
  });

  it('coalesces a burst of restart requests into one restart', async () => {
    const { supervisor, fake, builds } = await setup();
    await supervisor.start();
    for (let i = 0; i < 5; i++) supervisor.requestRestart('config changed');
    await until(() => fake.launched.length === 2 && supervisor.status.state === 'ready', 'the restart');
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.launched).toHaveLength(2);
    expect(builds()).toBe(2);
  });

  it('withdraws the connection as soon as a restart is requested, so nothing is sent into the old process', async () => {
    const { supervisor, fake, statuses } = await setup();
    await supervisor.start();
    supervisor.requestRestart('credentials changed');
    expect(supervisor.status).toMatchObject({ state: 'restarting', reason: 'credentials changed', delayMs: 30 });
    expect(() => supervisor.connection()).toThrow(/not ready \(restarting\)/);
    const next = await supervisor.whenReady();
    expect(next.url).toBe(fake.launched[1]?.url);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready', 'restarting', 'starting', 'ready']);
  });

  it('restarts a runtime that stops answering health checks', async () => {
    const { supervisor, fake, statuses } = await setup();
    await supervisor.start();
    fake.launched[0]!.healthy = false;
    await until(() => fake.launched.length === 2 && supervisor.status.state === 'ready', 'a replacement');
    expect(statuses.some((s) => s.state === 'restarting' && /health checks/.test(s.reason))).toBe(true);
  });

  it('never kills a runtime whose health checks time out while its answer streams', async () => {
    const { supervisor, fake, statuses } = await setup({ health: { intervalMs: 100, timeoutMs: 30, failuresBeforeRestart: 1 } });
    await supervisor.start();
    const proc = fake.launched[0]!;
    const status = (type: string) => ({ directory: '/w', payload: { type: 'session.status', properties: { sessionID: 'ses_1', status: { type } } } });
    proc.emit(status('busy'));
    proc.hangHealth = true;
    // A fast, long answer: deltas every few milliseconds, for many health intervals.
    for (let i = 0; i < 150; i++) {
      proc.emit({ directory: '/w', payload: { type: 'message.part.delta', properties: { sessionID: 'ses_1', messageID: 'm', partID: 'p', field: 'text', delta: `w${i} ` } } });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => supervisor.logs.lines().some((l) => /health check timed out while events were streaming/.test(l.text)), 'an excused health check');
    expect(fake.launched).toHaveLength(1);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready']);
    // Once nothing streams any more, a hung runtime is replaced after all.
    proc.emit(status('idle'));
    await until(() => fake.launched.length === 2 && supervisor.status.state === 'ready', 'a replacement once it went quiet');
  });

  it('gives a busy runtime a longer grace than an idle one before replacing it', async () => {
    const { supervisor, fake } = await setup({ health: { intervalMs: 20, timeoutMs: 50, failuresBeforeRestart: 2, busyFailuresBeforeRestart: 5 } });
    await supervisor.start();
    const proc = fake.launched[0]!;
    let seen = 0;
    supervisor.onEvent(() => void (seen += 1));
    proc.emit({ directory: '/w', payload: { type: 'session.status', properties: { sessionID: 'ses_1', status: { type: 'busy' } } } });
    await until(() => seen === 1, 'the busy status to arrive');
    proc.hangHealth = true;
    await until(() => fake.launched.length === 2, 'a replacement');
    expect(supervisor.logs.lines().map((l) => l.text)).toContainEqual('OpenCode failed 5 health checks in a row while answering.');
  });

  it('is ready only once the event stream is live, and resubscribes after a restart', async () => {
    const { supervisor, fake } = await setup();
    const events: unknown[] = [];
    supervisor.onEvent((e) => events.push(e));
    await supervisor.start();
    expect(events).toEqual([GREETING]); // already subscribed when start() resolved
    fake.launched[0]!.emit({ payload: { type: 'one' } });
    await until(() => events.length === 2, 'first event');
    await supervisor.restart('test');
    fake.launched[1]!.emit({ payload: { type: 'two' } });
    await until(() => events.length === 4, 'second event');
    expect(events).toEqual([GREETING, { payload: { type: 'one' } }, GREETING, { payload: { type: 'two' } }]);
  });

  it('does not wait forever for a silent event stream', async () => {
    const { supervisor } = await setup({ eventsTimeoutMs: 20 }, fakeLauncher({ greet: false }));
    await supervisor.start();
    expect(supervisor.status.state).toBe('ready');
    expect(supervisor.logs.lines().some((l) => /event stream did not connect in time/.test(l.text))).toBe(true);
  });

  it('stop() is idempotent, rejects waiters, and leaves no process', async () => {
    const { supervisor, fake } = await setup();
    await supervisor.start();
    await Promise.all([supervisor.stop(), supervisor.stop()]);
    expect(await fake.launched[0]!.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(() => supervisor.connection()).toThrow(/not ready \(stopped\)/);
    const waiting = supervisor.whenReady();
    await supervisor.stop();
    await expect(waiting).rejects.toMatchObject({ code: RuntimeErrorCode.Stopped });
  });

  it('fails at once, without retrying, when the binary cannot be found', async () => {
    const { supervisor, statuses } = await setup({ binary: undefined, parentEnv: { OPEN_COWORK_OPENCODE_BIN: 'relative/opencode' } });
    await expect(supervisor.start()).rejects.toMatchObject({ code: RuntimeErrorCode.BinaryMissing });
    expect(states(statuses)).toEqual(['starting', 'failed']);
  });

  it('keeps secrets and the password out of its log', async () => {
    const { supervisor, fake } = await setup();
    await supervisor.start();
    const password = fake.launched[0]!.options.env['OPENCODE_SERVER_PASSWORD']!;
    fake.launched[0]!.options.log.write('stdout', `boot with ${password} and key sk-test-key-000000000000\n`);
    const text = supervisor.logs.lines().map((l) => l.text).join('\n');
    expect(text).toContain('boot with [redacted] and key [redacted]');
    expect(text).not.toContain(password);
  });
});
