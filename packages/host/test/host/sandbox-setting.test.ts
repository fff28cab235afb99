// The sandbox is a user setting: the real runtime restarts into what the user chose, "none"
// included, and back; a sandbox the host's owner asked for at start (the CLI's --sandbox)
// wins over the setting.
import { readFile } from 'node:fs/promises';
import type { RuntimeStatus } from '@open-cowork/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { call, ok, startTestHost, until, type TestHost } from './support.js';

let t: TestHost | undefined;

afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

/** Waits for a boot after `previousPid` to be ready, and returns its status. */
async function nextReady(host: TestHost, previousPid: number | undefined): Promise<RuntimeStatus> {
  let status: RuntimeStatus | undefined;
  await until(
    async () => {
      status = await ok(host.server, 'runtime.status', {});
      return status.state === 'ready' && status.pid !== previousPid;
    },
    'the runtime to restart',
    60_000,
  );
  return status!;
}

describe('the sandbox setting', () => {
  it('restarts the real runtime unsandboxed on "none" and sandboxed again on "auto"', async () => {
    t = await startTestHost({ rules: [] });
    const first = await ok(t.server, 'runtime.status', {});
    expect(first.sandbox).toMatchObject({ backend: 'bwrap', strength: 'strong' });
    expect((await ok(t.server, 'settings.get', {})).sandbox).toBe('auto');

    expect((await ok(t.server, 'settings.set', { patch: { sandbox: 'none' } })).sandbox).toBe('none');
    const unsandboxed = await nextReady(t, first.pid);
    expect(unsandboxed.sandbox).toMatchObject({ backend: 'none', strength: 'none' });
    const stored = JSON.parse(await readFile(`${t.dataDir}/settings.json`, 'utf8')) as { settings: Record<string, unknown> };
    expect(stored.settings['sandbox']).toBe('none');

    await ok(t.server, 'settings.set', { patch: { sandbox: 'auto' } });
    const again = await nextReady(t, unsandboxed.pid);
    expect(again.sandbox).toMatchObject({ backend: 'bwrap', strength: 'strong' });

    // Not a sandbox choice: refused, naming the field, and nothing changes.
    const refused = await call(t.server, 'settings.set', { patch: { sandbox: 'chroot' as never } });
    expect(refused.status).toBe(400);
    expect(refused.error?.message).toContain('sandbox');
    expect((await ok(t.server, 'settings.get', {})).sandbox).toBe('auto');
  }, 150_000);

  it('yields to the sandbox the host was started with', async () => {
    t = await startTestHost({ rules: [], host: { supervisor: { restartDebounceMs: 50, sandbox: { backend: 'none' } } } });
    const first = await ok(t.server, 'runtime.status', {});
    expect(first.sandbox?.backend).toBe('none');
    await ok(t.server, 'settings.set', { patch: { sandbox: 'bwrap' } });
    // The boundary stays what it was, so the change reloads the config in place: same process.
    await until(() => t!.logs.some((record) => record.message.includes('Reloaded the config in place')), 'the in-place reload', 60_000);
    const after = await ok(t.server, 'runtime.status', {});
    expect(after).toMatchObject({ state: 'ready', pid: first.pid });
    expect(after.sandbox?.backend).toBe('none');
  }, 150_000);
});
