// Real OpenCode started by the production supervisor, and a scripted model: one of each per test
// file (and for the fixture capture script), torn down by dispose().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scriptedOpencodeConfig, startScriptedModel, type ScriptedModel, type ScriptRule } from '@open-cowork/testing';
import { RuntimeSupervisor, type RuntimeLaunchConfig, type RuntimeStatus, type SupervisorOptions } from '../../src/index.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

/** OpenCode's background plugin install fails fast against this, so nothing leaves the machine. */
export const DEAD_REGISTRY = 'http://127.0.0.1:9/';

export interface Harness {
  readonly model: ScriptedModel;
  readonly supervisor: RuntimeSupervisor;
  readonly dataDir: string;
  /** A workspace directory sessions run in. */
  readonly workspace: string;
  readonly statuses: RuntimeStatus[];
  /** How many times the launch config was built (≈ boots). */
  readonly boots: () => number;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  readonly rules?: readonly ScriptRule[];
  /** Builds the launch config from the scripted model; default: just the scripted provider. */
  readonly launchConfig?: (model: ScriptedModel) => RuntimeLaunchConfig;
  readonly supervisor?: Partial<SupervisorOptions>;
  readonly dataDir?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const model = await startScriptedModel({ rules: options.rules ?? [] });
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'oc-it-')));
  const workspace = await mkdtemp(path.join(tmpdir(), 'oc-ws-'));
  let boots = 0;
  const supervisor = new RuntimeSupervisor({
    dataDir,
    npmRegistry: DEAD_REGISTRY,
    launchConfig: () => {
      boots += 1;
      return options.launchConfig?.(model) ?? { config: { ...scriptedOpencodeConfig(model), autoupdate: false, share: 'disabled' } };
    },
    ...options.supervisor,
    // Sandboxed (the default backend) with the test workspace in use; the repo is visible
    // read-only, as a packaged app's own folder would be, for the MCP fixtures' packages.
    sandbox: { workspaces: () => [workspace], readOnly: [REPO_ROOT], ...options.supervisor?.sandbox },
  });
  const statuses: RuntimeStatus[] = [];
  supervisor.onStatus((status) => statuses.push(status));
  return {
    model,
    supervisor,
    dataDir,
    workspace,
    statuses,
    boots: () => boots,
    async dispose() {
      await supervisor.stop();
      await model.close();
      await rm(workspace, { recursive: true, force: true, maxRetries: 3 });
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/**
 * Polls `check` until it is true; fails with `what` after `timeoutMs` (a hang guard, not a speed
 * assertion). A check that throws counts as "not yet" (e.g. `connection()` while the runtime
 * restarts); the last error is named if time runs out.
 */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) {
      const detail = lastError === undefined ? '' : ` Last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(`Timed out waiting for ${what}.${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
