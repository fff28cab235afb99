// A jobs service on a fresh data dir, with the real OpenCode binary in bubblewrap and a
// scripted model; everything it starts is stopped by dispose(), also when a test fails.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scriptedOpencodeConfig, startScriptedModel, type ScriptedModel, type ScriptRule } from '@open-cowork/testing';
import { JobsManager, stopOwnSandboxes, TERMINAL_STATES, type JobLimits, type JobsManagerOptions, type JobStatus, type Notification } from '../../src/index.js';

/** OpenCode's background plugin install fails fast against this, so nothing leaves the machine. */
export const DEAD_REGISTRY = 'http://127.0.0.1:9/';

export interface JobsHarness {
  readonly model: ScriptedModel;
  readonly dataDir: string;
  /** The provider key the sessions get; it must never show in an environment or a command line. */
  readonly apiKey: string;
  readonly notifications: Notification[];
  manager: JobsManager;
  options(overrides?: Partial<JobsManagerOptions>): JobsManagerOptions;
  /** Polls status until the job is terminal (a hang guard, not a speed check). */
  finished(jobId: string, timeoutMs?: number): Promise<JobStatus>;
  dispose(): Promise<void>;
}

export async function startJobsHarness(
  input: { rules?: readonly ScriptRule[]; limits?: Partial<JobLimits>; dataDir?: string; model?: ScriptedModel; options?: Partial<JobsManagerOptions> } = {},
): Promise<JobsHarness> {
  const model = input.model ?? (await startScriptedModel({ rules: input.rules ?? [] }));
  const dataDir = input.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'oc-jobs-')));
  const apiKey = `sk-jobs-${randomBytes(12).toString('hex')}`;
  const notifications: Notification[] = [];
  const options = (overrides: Partial<JobsManagerOptions> = {}): JobsManagerOptions => ({
    dataDir,
    sandbox: 'bwrap',
    npmRegistry: DEAD_REGISTRY,
    sessionConfig: () => {
      const config = scriptedOpencodeConfig(model);
      const provider = config.provider['scripted']!;
      return { config: { model: config.model, provider: { scripted: { ...provider, options: { ...provider.options, apiKey } } } }, secrets: [apiKey] };
    },
    limits: { checkIntervalMs: 200, ...input.limits },
    notify: (notification) => void notifications.push(notification),
    notifyBackoff: { initialDelayMs: 50, maxDelayMs: 500 },
    ...input.options,
    ...overrides,
  });
  const harness: JobsHarness = {
    model,
    dataDir,
    apiKey,
    notifications,
    manager: await JobsManager.open(options()),
    options,
    async finished(jobId, timeoutMs = 180_000) {
      const started = Date.now();
      for (;;) {
        const status = await harness.manager.status({ job_id: jobId });
        if (TERMINAL_STATES.includes(status.status)) return status;
        if (Date.now() - started > timeoutMs) throw new Error(`job ${jobId} still ${status.status} after ${timeoutMs} ms: ${JSON.stringify(status)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async dispose() {
      await harness.manager.close({ stopServers: true }).catch(() => undefined);
      await stopAllSandboxes(harness.manager.tag);
      if (!input.model) await model.close();
      if (!input.dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  return harness;
}

/** Stops every sandbox carrying a data dir's tag (the last net of a test's cleanup). */
export async function stopAllSandboxes(tag: string): Promise<void> {
  await stopOwnSandboxes(tag);
}

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
