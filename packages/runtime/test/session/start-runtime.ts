// Test-only launcher for the real OpenCode binary, isolated in a temp directory and pointed at a
// scripted model. Kept in this one file so the tests can switch to the production supervisor later.

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2';
import { scriptedOpencodeConfig } from '@open-cowork/testing';
import { resolveOpencodeBinary } from '../../src/binary.js';

export interface TestRuntime {
  readonly baseUrl: string;
  /** An SDK client with the Basic auth header, as the supervisor will build it. */
  readonly client: OpencodeClient;
  /** A fresh, empty workspace directory to run sessions in. */
  readonly directory: string;
  /** Everything the runtime wrote (home, XDG dirs, config); removed by close(). */
  readonly root: string;
  /** stdout + stderr so far, for failure messages. */
  output(): string;
  /** SIGTERM, wait for exit, remove the temp root. Idempotent. */
  close(): Promise<void>;
}

export interface StartRuntimeOptions {
  /** The scripted model (from `startScriptedModel`): provider `scripted`, its first model the default. */
  readonly model: { readonly url: string; readonly modelIds: readonly string[] };
  /** More providers, next to `scripted`. */
  readonly providers?: Record<string, unknown>;
  /** Extra top-level OpenCode config merged over the defaults. */
  readonly config?: Record<string, unknown>;
  /** Extra environment for the child (e.g. OpenCode feature flags). */
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
}

const READY = /opencode server listening on (http:\/\/127\.0\.0\.1:\d+)/;

export async function startRuntime(options: StartRuntimeOptions): Promise<TestRuntime> {
  const binary = await resolveOpencodeBinary();
  const root = mkdtempSync(join(tmpdir(), 'oc-runtime-test-'));
  const dirs = Object.fromEntries(
    ['home', 'config', 'data', 'cache', 'state', 'tmp', 'workspace'].map((name) => {
      const dir = join(root, name);
      mkdirSync(dir, { recursive: true });
      return [name, dir];
    }),
  ) as Record<'home' | 'config' | 'data' | 'cache' | 'state' | 'tmp' | 'workspace', string>;

  const scripted = scriptedOpencodeConfig(options.model);
  const config = {
    $schema: 'https://opencode.ai/config.json',
    provider: { ...scripted.provider, ...options.providers },
    model: scripted.model,
    small_model: scripted.model,
    permission: { bash: 'ask' },
    ...options.config,
  };
  const configFile = join(root, 'opencode.json');
  writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
  chmodSync(configFile, 0o600);

  const password = randomBytes(16).toString('hex');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_STATE_HOME: dirs.state,
    TMPDIR: dirs.tmp,
    OPENCODE_CONFIG: configFile,
    OPENCODE_SERVER_PASSWORD: password,
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_SHARE: '1',
    OPENCODE_DISABLE_FFF: '1',
    OPENCODE_DISABLE_PROJECT_CONFIG: '1',
    npm_config_registry: 'http://127.0.0.1:9/',
    ...options.env,
  };

  const child = spawn(binary.path, ['serve', '--hostname', '127.0.0.1', '--port', '0'], {
    cwd: dirs.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      await stopChild(child);
      rmSync(root, { recursive: true, force: true });
    })());

  let baseUrl: string;
  try {
    baseUrl = await waitForReady(child, options.timeoutMs ?? 15_000, (text) => (output += text));
  } catch (error) {
    await close();
    throw new Error(`${(error as Error).message}\n--- opencode output ---\n${output}`, { cause: error });
  }

  const client = createOpencodeClient({
    baseUrl,
    headers: { authorization: `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}` },
  });
  return { baseUrl, client, directory: dirs.workspace, root, output: () => output, close };
}

function waitForReady(child: ChildProcess, timeoutMs: number, onText: (text: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => finish(new Error(`opencode did not report ready within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      onText(text);
      buffer += text;
      const match = READY.exec(buffer);
      if (match?.[1]) finish(null, match[1]);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      finish(new Error(`opencode exited before ready (code ${code}, signal ${signal})`));
    function finish(error: Error | null, url?: string): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining stdout so the child never blocks on a full pipe.
      child.stdout?.on('data', (c: Buffer) => onText(c.toString('utf8')));
      if (error) reject(error);
      else resolve(url as string);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
