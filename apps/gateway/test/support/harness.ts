// Shared pieces of the gateway tests that run the real OpenCode runtime: the scripted model's
// provider in the runtime's Open Cowork configuration, gateway environments, and gateway
// processes (spawned from the TypeScript sources) that tests can SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREFIX } from '../../src/config/variables.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const CLI_ENTRY = path.join(REPO_ROOT, 'apps', 'gateway', 'test', 'support', 'cli-entry.ts');

export const token = (): string => randomBytes(32).toString('hex');

/** The runtime reads its providers from DATA_DIR/config.json (the Open Cowork user layer). */
export function writeRuntimeConfig(dataDir: string, modelUrl: string): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    path.join(dataDir, 'config.json'),
    JSON.stringify({
      providers: {
        available: ['scripted'],
        defaultProvider: 'scripted',
        defaultModel: 'scripted-1',
        custom: { scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: modelUrl, apiKey: 'local' }, models: { 'scripted-1': { name: 'Scripted 1' } } } },
      },
    }),
  );
}

/** What every runtime started by a test needs from this process: PATH, and no npm registry. */
export const RUNTIME_ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', OPEN_COWORK_NPM_REGISTRY: 'http://127.0.0.1:9/' };

export function gatewayEnv(values: Record<string, string>): Record<string, string> {
  return { ...RUNTIME_ENV, ...Object.fromEntries(Object.entries(values).map(([name, value]) => [PREFIX + name, value])) };
}

export function tempDir(prefix: string): { readonly path: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }) };
}

export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly url: Promise<string>;
  /** The process's owner id (its lease and claim identity). */
  readonly owner: Promise<string>;
  readonly output: () => string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  readonly exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): Promise<number | string>;
}

/** `open-cowork-gateway serve` in its own process; `url` resolves from its first stdout line. */
export function spawnGateway(env: Record<string, string>): GatewayProcess {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI_ENTRY, 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /"listening":"([^"]+)"/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`The gateway exited (${code}) before listening:\n${stderr.slice(-3000)}`)));
  });
  url.catch(() => undefined);
  const owner = url.then(() => /"owner":"([^"]+)"/.exec(stdout)?.[1] ?? '');
  owner.catch(() => undefined);
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return {
    child,
    url,
    owner,
    output: () => stderr,
    exited,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Kills every runtime a killed gateway left behind (its PID ledger), so nothing a test started
 * outlives it. A restarted gateway sweeps them itself; this covers a test that fails first.
 */
export function killLeftoverRuntimes(dataDir: string): void {
  const ledger = path.join(dataDir, 'runtime', 'pids.json');
  if (!existsSync(ledger)) return;
  try {
    const entries = JSON.parse(readFileSync(ledger, 'utf8')) as { pid: number }[] | { entries?: { pid: number }[] };
    for (const entry of Array.isArray(entries) ? entries : (entries.entries ?? [])) {
      try {
        process.kill(entry.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  } catch {
    // unreadable ledger: nothing recorded to kill
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
