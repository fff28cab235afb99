import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobsManager, sandboxLabel, dataDirTag, type SessionConfigInput } from '@open-cowork/jobs';
import { resolveOpencodeBinary, RuntimeSupervisor, runtimeEnvironment, runtimeHome, type OpencodeBinary } from '@open-cowork/runtime';
import { prepareSandbox, type Sandbox } from '@open-cowork/sandbox';
import { scriptedOpencodeConfig, startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { launchServer, stopServer } from '../../../packages/jobs/src/server.js';
import { writeSessionConfig } from '../../../packages/jobs/src/session-config.js';
import type { Scenario, ScenarioResult } from '../runner.js';

const DEAD_REGISTRY = 'http://127.0.0.1:9/';
const WARM = 'Warm job to first output';
const COLD = 'Cold job (new session, server starts) to first output';
const UNSANDBOXED = 'RuntimeSupervisor.start(), unsandboxed';
const SANDBOXED = 'Session server start in bubblewrap (launchServer)';

/**
 * Isolated session jobs. The baseline is a job on a warm session (its server already runs):
 * start → first byte of output. A cold job does the same on a new session, so its server
 * starts first. In the same rounds, the session server's start alone in bubblewrap (the jobs
 * package's launch: sandbox, config file, health) is timed next to an unsandboxed runtime start;
 * the summary gives that ratio.
 */
export function jobsPathScenario(): Scenario {
  let root = '';
  let model: ScriptedModel;
  let warm: JobsManager;
  let cold: JobsManager;
  let binary: OpencodeBinary;
  let sandbox: Sandbox;
  let sessionConfig: SessionConfigInput;
  let n = 0;
  let pendingJob: { manager: JobsManager; jobId: string } | undefined;
  let supervisor: RuntimeSupervisor | undefined;
  let server: { pid: number; label: string } | undefined;

  const firstOutput = async (manager: JobsManager, sessionId: string): Promise<void> => {
    const { jobId } = await manager.start({ prompt: 'benchmark', session_id: sessionId });
    pendingJob = { manager, jobId };
    for (;;) {
      const status = await manager.status({ job_id: jobId });
      if (status.outputSize > 0) return;
      if (status.status === 'failed' || status.status === 'cancelled') throw new Error(`job ${jobId} ${status.status}: ${status.error ?? ''}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const settle = async (): Promise<void> => {
    if (pendingJob) await pendingJob.manager.settled(pendingJob.jobId);
    pendingJob = undefined;
  };

  return {
    name: 'jobs-path',
    description: 'isolated session jobs: start → first output on a warm vs a cold session; the session server start in bubblewrap vs an unsandboxed runtime start',
    samples: 6,
    warmup: 1,
    setup: async () => {
      root = mkdtempSync(join(tmpdir(), 'oc-bench-jobs-'));
      model = await startScriptedModel({ rules: [{ reply: { text: 'A short scripted answer for the benchmark.' } }] });
      const config = scriptedOpencodeConfig(model);
      sessionConfig = { config: { model: config.model, provider: config.provider }, secrets: [] };
      const open = (dir: string) => JobsManager.open({ dataDir: join(root, dir), sandbox: 'bwrap', npmRegistry: DEAD_REGISTRY, sessionConfig: () => sessionConfig, limits: { checkIntervalMs: 50 } });
      warm = await open('warm');
      cold = await open('cold');
      binary = await resolveOpencodeBinary();
      sandbox = await prepareSandbox({ choice: 'bwrap', network: 'on', stateDir: join(root, 'sandbox') });
      // The warm session's server is started once, untimed.
      await firstOutput(warm, 'warm');
      await settle();
      return async () => {
        await warm.close({ stopServers: true });
        await cold.close({ stopServers: true });
        await model.close();
        rmSync(root, { recursive: true, force: true });
      };
    },
    baseline: { name: WARM, run: () => firstOutput(warm, 'warm'), after: settle },
    variants: [
      {
        name: COLD,
        run: () => firstOutput(cold, `cold-${n++}`),
        after: async () => {
          await settle();
          await cold.cleanup({ idle_seconds: 0, delete_workspaces: true });
        },
      },
      {
        name: UNSANDBOXED,
        run: async () => {
          const dataDir = join(root, `plain-${n++}`);
          supervisor = new RuntimeSupervisor({ dataDir, binary, npmRegistry: DEAD_REGISTRY, sandbox: { backend: 'none', workspaces: () => [dataDir] }, launchConfig: () => ({ config: sessionConfig.config }) });
          await supervisor.start();
        },
        after: async () => {
          await supervisor?.stop();
          supervisor = undefined;
        },
      },
      {
        name: SANDBOXED,
        run: async () => {
          const dir = join(root, `server-${n++}`);
          const box = runtimeHome(join(dir, 'box'));
          for (const folder of [box.root, box.home, box.config, box.data, box.cache, box.state, box.tmp, join(dir, 'secrets'), join(dir, 'workspace')]) mkdirSync(folder, { recursive: true, mode: 0o700 });
          const password = randomBytes(24).toString('base64url');
          const configFile = await writeSessionConfig(join(dir, 'secrets'), sessionConfig);
          const label = sandboxLabel(dataDirTag(dir), 'bench');
          const launched = await launchServer(
            {
              sandbox,
              binary: binary.path,
              env: runtimeEnvironment({ parent: process.env, home: box, configFile, password, npmRegistry: DEAD_REGISTRY }),
              workspace: join(dir, 'workspace'),
              label,
              logFile: join(dir, 'server.log'),
              readOnly: [join(binary.path, '..'), join(dir, 'secrets')],
              writable: [box.root],
              hidden: [],
              readyTimeoutMs: 60_000,
            },
            `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}`,
          );
          server = { pid: launched.pid, label };
        },
        after: async () => {
          if (server) await stopServer(server.pid, server.label);
          server = undefined;
        },
      },
    ],
    summary: (result: ScenarioResult) => {
      const median = (name: string) => result.variants.find((variant) => variant.name === name)?.medianMs ?? Number.NaN;
      const coldRatio = median(COLD) / median(WARM);
      const sandboxRatio = median(SANDBOXED) / median(UNSANDBOXED);
      return `  cold / warm first output: ${coldRatio.toFixed(2)}×; sandboxed session server start / unsandboxed runtime start: ${sandboxRatio.toFixed(2)}×`;
    },
  };
}
