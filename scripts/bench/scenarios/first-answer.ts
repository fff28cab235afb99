import type { RuntimeSessions } from '@open-cowork/runtime';
import { ok, startTestHost, type TestHost } from '../../../packages/host/test/host/support.js';
import type { Scenario } from '../runner.js';

/**
 * The first answer in a new chat right after the runtime starts, against a later answer in a
 * new chat (baseline), with the real host and runtime and the scripted model. Each "first"
 * sample restarts the runtime untimed (a process start warms the workspaces as a host start
 * does) and prompts at once, so any warm-up still running is paid for; the second variant
 * prompts once that warm-up is over (a person takes longer than it to open a chat and type).
 */
export function firstAnswerScenario(): Scenario {
  let t: TestHost;
  let workspaceId = '';
  let sessions: RuntimeSessions;

  const answerInNewChat = async () => {
    const session = await ok(t.server, 'sessions.create', { workspaceId });
    const directory = t.folders.a;
    const outcome = await sessions.promptAndWait({ directory, sessionId: session.id, text: 'benchmark' }, { events: t.host.runtime.events });
    if (outcome.status !== 'completed') throw new Error(`prompt ${outcome.status}: ${outcome.error.message}`);
  };
  const restart = async () => {
    await t.host.runtime.restart('benchmark: a fresh runtime process');
  };

  return {
    name: 'first-answer',
    description: 'first answer in a new chat right after a runtime start vs a later answer (target ≤ 1.5×)',
    samples: 5,
    warmup: 1,
    setup: async () => {
      t = await startTestHost({ rules: [{ reply: { text: 'A short scripted answer for the benchmark.' } }] });
      workspaceId = (await ok(t.server, 'workspaces.add', { path: t.folders.a })).id;
      sessions = t.host.runtime.sessions;
      // The workspace joins the runtime's sandbox at the next process start.
      await restart();
      await answerInNewChat();
      return () => t.dispose();
    },
    baseline: { name: 'later answer, new chat', run: answerInNewChat },
    variants: [
      { name: 'first answer right after start', before: restart, run: answerInNewChat },
      {
        name: 'first answer after the warm-up',
        before: async () => {
          await restart();
          await t.host.warmUp.settled();
        },
        run: answerInNewChat,
      },
    ],
  };
}
