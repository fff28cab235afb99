import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  resolveOpencodeBinary,
  runtimeEnvironment,
  runtimeHome,
  RuntimeSupervisor,
  writePrivateConfig,
  type OpencodeBinary,
} from '@open-cowork/runtime';
import type { Scenario } from '../runner.js';

const DEAD_REGISTRY = 'http://127.0.0.1:9/';
const CONFIG = { autoupdate: false, share: 'disabled' };

/**
 * Cold start to a healthy runtime. Baseline: the same binary, same environment and config,
 * spawned directly on a known free port and polled on /global/health until it answers.
 * Subject: RuntimeSupervisor.start() (orphan sweep, private config file, readiness line).
 */
export function runtimeStartScenario(): Scenario {
  let sandbox = '';
  let binary: OpencodeBinary;
  let child: ChildProcess | undefined;
  let supervisor: RuntimeSupervisor | undefined;
  let round = 0;

  return {
    name: 'runtime-start',
    description: 'cold start to healthy: supervisor vs. direct spawn + health polling',
    samples: 8,
    warmup: 1,
    setup: async () => {
      sandbox = mkdtempSync(join(tmpdir(), 'oc-bench-rt-'));
      binary = await resolveOpencodeBinary();
      return () => rmSync(sandbox, { recursive: true, force: true });
    },
    baseline: {
      name: 'opencode serve + poll /global/health',
      run: async () => {
        const home = runtimeHome(join(sandbox, `direct-${round++}`));
        for (const dir of Object.values(home)) mkdirSync(dir, { recursive: true, mode: 0o700 });
        const file = await writePrivateConfig(join(home.root, 'config'), CONFIG);
        const password = 'bench-password';
        const env = runtimeEnvironment({ parent: process.env, home, configFile: file.path, password, npmRegistry: DEAD_REGISTRY });
        const port = await freePort();
        child = spawn(binary.path, ['serve', '--hostname', '127.0.0.1', '--port', String(port)], { cwd: home.home, env, stdio: 'ignore' });
        const authorization = `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}`;
        for (;;) {
          try {
            const response = await fetch(`http://127.0.0.1:${port}/global/health`, { headers: { authorization }, signal: AbortSignal.timeout(1000) });
            if (response.ok) return;
          } catch {
            // not listening yet
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
      after: async () => {
        const exited = child ? once(child, 'exit') : undefined;
        child?.kill('SIGTERM');
        await exited;
        child = undefined;
      },
    },
    variants: [
      {
        // The floor: what no wrapper can beat. Shows the supervisor's own overhead honestly,
        // since the polling baseline also pays for requests that hang during boot.
        name: 'opencode serve + listening line only',
        run: async () => {
          const home = runtimeHome(join(sandbox, `floor-${round++}`));
          for (const dir of Object.values(home)) mkdirSync(dir, { recursive: true, mode: 0o700 });
          const file = await writePrivateConfig(join(home.root, 'config'), CONFIG);
          const env = runtimeEnvironment({ parent: process.env, home, configFile: file.path, password: 'bench-password', npmRegistry: DEAD_REGISTRY });
          child = spawn(binary.path, ['serve', '--hostname', '127.0.0.1', '--port', '0'], { cwd: home.home, env, stdio: ['ignore', 'pipe', 'ignore'] });
          const stdout = child.stdout;
          if (!stdout) throw new Error('no stdout');
          let seen = '';
          for await (const chunk of stdout) {
            seen += String(chunk);
            if (seen.includes('listening on')) break;
          }
        },
        after: async () => {
          const exited = child ? once(child, 'exit') : undefined;
          child?.kill('SIGTERM');
          await exited;
          child = undefined;
        },
      },
      {
        name: 'RuntimeSupervisor.start()',
        run: async () => {
          supervisor = new RuntimeSupervisor({
            dataDir: join(sandbox, `supervised-${round++}`),
            binary,
            npmRegistry: DEAD_REGISTRY,
            // The supervisor's own cost; the sandbox's is the sandbox-start scenario.
            sandbox: { backend: 'none' },
            launchConfig: () => ({ config: CONFIG }),
          });
          await supervisor.start();
        },
        after: async () => {
          await supervisor?.stop();
          supervisor = undefined;
        },
      },
    ],
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
