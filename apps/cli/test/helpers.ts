import { runCli, type CliIo } from '@open-cowork/cli';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file (apps/cli/test/helpers.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const DEFAULT_CONFIG = join(REPO_ROOT, 'open-cowork.config.json');

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Sandbox {
  /** A fresh temp directory for this sandbox; removed by cleanup(). */
  readonly root: string;
  /** A home directory with nothing in it. */
  readonly home: string;
  /** The OS-managed file location (absent until written). */
  readonly managedFile: string;
  /** The user data directory (OPEN_COWORK_USER_DATA_DIR); its config.json is the user layer. */
  readonly userDataDir: string;
  /** Writes JSON (or raw text) to a path relative to root, creating folders; returns the absolute path. */
  write(relativePath: string, content: unknown): string;
  /** Runs the CLI in-process with this sandbox's io and `env` (merged over the sandbox's base env). */
  run(argv: readonly string[], env?: Record<string, string>): RunResult;
  /** The same for commands that run over time (`run`); `io` adds e.g. `ask` or `signal`. */
  runAsync(argv: readonly string[], env?: Record<string, string>, io?: Pick<CliIo, 'ask' | 'signal' | 'self' | 'isTTY' | 'onKey' | 'columns'>): Promise<RunResult>;
  cleanup(): void;
}

export function writeJson(file: string, content: unknown): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  return file;
}

/**
 * A temp directory with an isolated home, user data directory and managed file.
 * The environment is always explicit: only OPEN_COWORK_USER_DATA_DIR plus what the test passes.
 */
/** A user config whose only provider is the scripted model at `url` (an OpenAI-compatible endpoint). */
export function scriptedUserConfig(url: string, modelName?: string): { providers: Record<string, unknown> } {
  const model = modelName === undefined ? {} : { name: modelName };
  return {
    providers: {
      available: ['scripted'],
      defaultProvider: 'scripted',
      defaultModel: 'scripted-1',
      custom: { scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: url, apiKey: 'local' }, models: { 'scripted-1': model } } },
    },
  };
}

export function createSandbox(prefix = 'open-cowork-cli-'): Sandbox {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const home = join(root, 'home');
  const userDataDir = join(root, 'user-data');
  const managedFile = join(root, 'managed', 'config.json');
  mkdirSync(home, { recursive: true });
  return {
    root,
    home,
    managedFile,
    userDataDir,
    write: (relativePath, content) => writeJson(resolve(root, relativePath), content),
    run: (argv, env = {}) =>
      runIn(argv, {
        env: { OPEN_COWORK_USER_DATA_DIR: userDataDir, ...env },
        cwd: root,
        homeDir: home,
        managedConfigPaths: [managedFile],
      }),
    runAsync: (argv, env = {}, io = {}) =>
      runInAsync(argv, {
        env: { OPEN_COWORK_USER_DATA_DIR: userDataDir, ...env },
        cwd: root,
        homeDir: home,
        managedConfigPaths: [managedFile],
        ...io,
      }),
    cleanup: () => rmSync(root, { recursive: true, force: true, maxRetries: 3 }),
  };
}

/** Runs a quick (synchronous) CLI command in-process with buffer-capturing io. */
export function runIn(argv: readonly string[], io: Omit<CliIo, 'stdout' | 'stderr'>): RunResult {
  const { code, stdout, stderr } = start(argv, io);
  if (typeof code !== 'number') throw new Error(`"${argv.join(' ')}" runs asynchronously; use runInAsync.`);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** Runs any CLI command in-process and waits for it. */
export async function runInAsync(argv: readonly string[], io: Omit<CliIo, 'stdout' | 'stderr'>): Promise<RunResult> {
  const started = start(argv, io);
  const code = await started.code;
  return { code, stdout: started.stdout(), stderr: started.stderr() };
}

function start(argv: readonly string[], io: Omit<CliIo, 'stdout' | 'stderr'>) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    platform: 'linux',
    defaultConfigPath: DEFAULT_CONFIG,
    ...io,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout: () => stdout, stderr: () => stderr };
}

/** Parses stdout as JSON, failing the test with the captured output when it is not. */
export function parseJson<T = unknown>(result: RunResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}).\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

export interface ExplainJsonEntry {
  readonly pointer: string;
  readonly value: unknown;
  readonly layer: string;
  readonly file: string;
  readonly sourcePointer: string;
  readonly list?: { readonly pointer: string; readonly rule: 'replaced' | 'merged'; readonly by?: readonly string[]; readonly layer: string; readonly file: string };
}

export interface IssueJson {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface ValidateJson {
  readonly ok: boolean;
  readonly failedClosed: boolean;
  readonly layers: readonly { kind: string; file: string; status: string }[];
  readonly issues: readonly IssueJson[];
}
