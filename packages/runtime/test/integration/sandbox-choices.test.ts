// The supervisor's sandbox options against the real runtime: networking off (the host reaches
// OpenCode through the socket bridge only), an explicit backend that cannot run here (a clear
// failure, no retries, no silent step down), and `none` (reported as unsandboxed).
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

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
