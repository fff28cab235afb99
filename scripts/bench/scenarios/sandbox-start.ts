import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveOpencodeBinary, RuntimeSupervisor, type OpencodeBinary } from '@open-cowork/runtime';
import { prepareSandbox, type SandboxBackendName } from '@open-cowork/sandbox';
import type { Scenario, Variant } from '../runner.js';

const DEAD_REGISTRY = 'http://127.0.0.1:9/';
const CONFIG = { autoupdate: false, share: 'disabled' };

/**
 * Runtime cold start to ready, unsandboxed (baseline) and inside each sandbox that works on
 * this machine, interleaved in the same rounds. The target for the default (bubblewrap on
 * Linux) is a ratio of at most 1.15. The sandbox is chosen (probed) once, before timing, as
 * the supervisor does once per process.
 */
export function sandboxStartScenario(): Scenario {
  let base = '';
  let binary: OpencodeBinary;
  let round = 0;
  let supervisor: RuntimeSupervisor | undefined;
  const available: SandboxBackendName[] = [];

  const variant = (backend: SandboxBackendName): Variant => ({
    name: backend === 'none' ? 'RuntimeSupervisor.start(), unsandboxed' : `RuntimeSupervisor.start() in ${backend}`,
    run: async () => {
      const dataDir = join(base, `${backend}-${round++}`);
      const workspace = join(dataDir, 'workspace');
      mkdirSync(workspace, { recursive: true });
      supervisor = new RuntimeSupervisor({ dataDir, binary, npmRegistry: DEAD_REGISTRY, sandbox: { backend, workspaces: () => [workspace] }, launchConfig: () => ({ config: CONFIG }) });
      await supervisor.start();
    },
    after: async () => {
      await supervisor?.stop();
      supervisor = undefined;
    },
  });

  // The backends to time are known once setup has probed them, hence the getters.
  return {
    name: 'sandbox-start',
    get description() {
      return `cold start to ready: unsandboxed vs ${available.join(', ') || '(no sandbox works here)'} (target for the default: ≤ 1.15×)`;
    },
    samples: 8,
    warmup: 1,
    setup: async () => {
      base = mkdtempSync(join(tmpdir(), 'oc-bench-sandbox-'));
      binary = await resolveOpencodeBinary();
      for (const backend of ['bwrap', 'podman', 'docker'] as const) {
        const usable = await prepareSandbox({ choice: backend, stateDir: join(base, 'probe') }).then(
          () => true,
          () => false,
        );
        if (usable) available.push(backend);
      }
      return () => rmSync(base, { recursive: true, force: true });
    },
    baseline: variant('none'),
    get variants() {
      return available.map(variant);
    },
  };
}
