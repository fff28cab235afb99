// A config change reaches the running OpenCode without a new process when it can: the
// config file is rewritten and the instances disposed. A change the process cannot take
// (its environment) still restarts it.
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeSessions, type RuntimeLaunchConfig } from '../../src/index.js';
import type { ScriptedModel } from '@open-cowork/testing';
import { startFollowing } from '../support/events.js';
import { startHarness, until, type Harness } from '../support/harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

let generation = 1;
let env: Record<string, string> = {};
function launch(model: ScriptedModel): RuntimeLaunchConfig {
  return {
    config: {
      provider: { scripted: { npm: '@ai-sdk/openai-compatible', name: `Scripted ${generation}`, options: { baseURL: model.url, apiKey: 'x' }, models: { 'scripted-1': {} } } },
      model: 'scripted/scripted-1',
      permission: { bash: generation % 2 === 0 ? 'deny' : 'ask' },
      autoupdate: false,
      share: 'disabled',
    },
    env,
  };
}

async function providerName(h: Harness): Promise<string | undefined> {
  const providers = await h.supervisor.connection().client.config.providers({ directory: h.workspace });
  return providers.data?.providers.find((p) => p.id === 'scripted')?.name;
}

describe('reloading the config of a running runtime (real OpenCode binary)', () => {
  it('applies a new config in place: same process, new providers and permissions, and the next prompt is answered', async () => {
    generation = 1;
    env = {};
    harness = await startHarness({ launchConfig: launch, rules: [{ match: { lastUser: 'After reload' }, reply: { text: 'RELOADED-ANSWER' } }] });
    const log = await startFollowing(harness.supervisor);
    const pid = harness.supervisor.connection().pid;
    expect(await providerName(harness)).toBe('Scripted 1');

    generation = 2;
    await expect(harness.supervisor.reload('permissions changed')).resolves.toBe('live');
    expect(harness.supervisor.connection().pid).toBe(pid);
    expect(harness.boots()).toBe(2); // the launch config was built again, no new process
    expect(await providerName(harness)).toBe('Scripted 2');
    const config = await harness.supervisor.connection().client.config.get({ directory: harness.workspace });
    expect(config.data?.permission).toMatchObject({ bash: 'deny' });
    // Ready throughout; the second "ready" says since when the new config is in use.
    expect(harness.statuses.map((status) => status.state)).toEqual(['starting', 'ready', 'ready']);

    const sessions = new RuntimeSessions(() => harness!.supervisor.connection().client);
    const session = await sessions.create({ directory: harness.workspace });
    const outcome = await sessions.promptAndWait({ sessionId: session.id, directory: harness.workspace, text: 'After reload' }, { events: log.events, timeoutMs: 60_000 });
    log.dispose();
    expect(outcome.status).toBe('completed');
    expect(log.textOf(session.id)).toContain('RELOADED-ANSWER');
  }, 90_000);

  it('restarts when the process environment changes', async () => {
    generation = 1;
    env = {};
    harness = await startHarness({ launchConfig: launch });
    await harness.supervisor.start();
    const pid = harness.supervisor.connection().pid;
    env = { OPENCODE_ENABLE_EXA: '1' };
    generation = 3;
    await expect(harness.supervisor.reload('web search switched on')).resolves.toBe('restarted');
    await until(() => harness!.supervisor.status.state === 'ready', 'the restarted runtime');
    expect(harness.supervisor.connection().pid).not.toBe(pid);
    expect(await providerName(harness)).toBe('Scripted 3');
  }, 90_000);

  it('changes requested while the runtime is busy restarting become one reload, which applies the latest', async () => {
    generation = 1;
    env = {};
    harness = await startHarness({ launchConfig: launch });
    await harness.supervisor.start();
    const h = harness;
    const boots = h.boots();
    // A restart holds the supervisor for seconds; reloads asked for meanwhile wait their turn.
    const restarted = h.supervisor.restart('busy');
    for (const next of [2, 3, 4]) {
      generation = next;
      h.supervisor.requestReload(`change ${next}`);
      await new Promise((resolve) => setTimeout(resolve, 80)); // past the 50 ms debounce each time
    }
    await restarted;
    await h.supervisor.reloaded();
    expect(h.boots()).toBe(boots + 2); // the restart, then a single reload
    expect(await providerName(h)).toBe('Scripted 4');
  }, 90_000);
});
