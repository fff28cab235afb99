import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeRawEvents, RuntimeSessions, RuntimeSupervisor } from '@open-cowork/runtime';
import { scriptedOpencodeConfig, startScriptedModel } from '@open-cowork/testing';
import type { Scenario } from '../runner.js';

/**
 * One prompt, answered by the scripted model, until the answer is complete. Same runtime,
 * same model, one session each. Baseline: the raw SDK's synchronous `session.prompt`.
 * Subject: our session layer (`promptAsync` + waiting on normalized events from the
 * supervisor's event stream), which is how the app and `open-cowork run` prompt.
 */
export function promptRoundTripScenario(): Scenario {
  let sdkSession = '';
  let ourSession = '';
  let workspace = '';
  let supervisor: RuntimeSupervisor;
  let sessions: RuntimeSessions;
  let feed: ReturnType<typeof normalizeRawEvents>;

  return {
    name: 'prompt-round-trip',
    description: 'prompt to complete answer: session layer + events vs. raw SDK session.prompt',
    samples: 20,
    warmup: 3,
    setup: async () => {
      const sandbox = mkdtempSync(join(tmpdir(), 'oc-bench-prompt-'));
      workspace = mkdtempSync(join(tmpdir(), 'oc-bench-ws-'));
      const model = await startScriptedModel({ rules: [{ reply: { text: 'A short scripted answer for the benchmark.' } }] });
      supervisor = new RuntimeSupervisor({
        dataDir: sandbox,
        npmRegistry: 'http://127.0.0.1:9/',
        // The workspace lives under /tmp, which a sandboxed runtime sees privately: list it.
        sandbox: { workspaces: () => [workspace] },
        launchConfig: () => ({ config: { ...scriptedOpencodeConfig(model), autoupdate: false, share: 'disabled' } }),
      });
      feed = normalizeRawEvents((listener) => supervisor.onEvent(listener));
      sessions = new RuntimeSessions(() => supervisor.connection().client);
      await supervisor.start();
      sdkSession = (await sessions.create({ directory: workspace })).id;
      ourSession = (await sessions.create({ directory: workspace })).id;
      return async () => {
        feed.dispose();
        await supervisor.stop();
        await model.close();
        rmSync(sandbox, { recursive: true, force: true });
        rmSync(workspace, { recursive: true, force: true });
      };
    },
    baseline: {
      name: 'raw SDK session.prompt',
      run: async () => {
        const result = await supervisor.connection().client.session.prompt({ sessionID: sdkSession, directory: workspace, parts: [{ type: 'text', text: 'benchmark' }] });
        if (result.error) throw new Error(`prompt failed: ${JSON.stringify(result.error)}`);
      },
    },
    variants: [
      {
        name: 'RuntimeSessions.promptAndWait',
        run: async () => {
          const outcome = await sessions.promptAndWait({ directory: workspace, sessionId: ourSession, text: 'benchmark' }, { events: feed.events });
          if (outcome.status !== 'completed') throw new Error(`prompt ${outcome.status}: ${outcome.error.message}`);
        },
      },
    ],
  };
}
