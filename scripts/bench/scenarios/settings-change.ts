import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostEventPayload } from '@open-cowork/contracts';
import type { Host } from '@open-cowork/host';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { createScriptedHost } from './scripted-host.js';
import type { Scenario } from '../runner.js';

/**
 * A settings change followed by the next answer, against a plain answer in the same run.
 * Baseline: one prompt through the host (sessions.prompt) until the session goes idle.
 * Subject: a permission toggle (settings.set, bash ask ↔ allow: the runtime's config
 * changes) and then the same prompt. The runtime takes the change in place (its config
 * file rewritten, its instances disposed) instead of a new process; the figure shows what
 * the change costs the next answer. The app root is the repo, so the bundled MCP servers run:
 * a disposed instance starts them again before it answers, and the next answer waits for that.
 */
export function settingsChangeScenario(repoRoot: string): Scenario {
  let sandbox = '';
  let model: ScriptedModel;
  let host: Host;
  let session = '';
  let bash: 'ask' | 'allow' = 'ask';
  let restarts = 0;
  const idleWaiters = new Map<string, () => void>();

  const answer = async () => {
    const idle = new Promise<void>((resolve) => idleWaiters.set(session, resolve));
    await host.call('sessions.prompt', { sessionId: session, text: 'ping' });
    await idle;
  };

  return {
    name: 'settings-change',
    description: 'a permission toggle then the next answer, vs. a plain answer (host in process, real OpenCode, scripted model)',
    samples: 10,
    warmup: 2,
    setup: async () => {
      sandbox = mkdtempSync(join(tmpdir(), 'oc-bench-settings-'));
      const workspace = join(sandbox, 'workspace');
      mkdirSync(workspace);
      model = await startScriptedModel({ rules: [{ reply: { text: 'pong' } }] });
      host = await createScriptedHost(repoRoot, sandbox, model);
      const unsubscribe = host.events.subscribe((type, payload) => {
        if (type === 'session.status') {
          const { sessionId, status } = payload as HostEventPayload<'session.status'>;
          if (status.type === 'idle') idleWaiters.get(sessionId)?.();
        }
        if (type === 'runtime.status' && (payload as HostEventPayload<'runtime.status'>).state === 'starting') restarts += 1;
      });
      const ws = await host.workspaces.add(workspace);
      await host.start();
      restarts = 0;
      session = (await host.call('sessions.create', { workspaceId: ws.id })).id;
      return async () => {
        unsubscribe();
        await host.stop();
        await model.close();
        rmSync(sandbox, { recursive: true, force: true });
      };
    },
    baseline: { name: 'plain answer', run: answer },
    variants: [
      {
        name: 'permission toggle, then answer',
        run: async () => {
          bash = bash === 'ask' ? 'allow' : 'ask';
          await host.call('settings.set', { patch: { permissions: { bash } } });
          await answer();
        },
      },
    ],
    summary: () => `  runtime processes started by the toggles: ${restarts} (0: every change applied in place)`,
  };
}
