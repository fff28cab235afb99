// `open-cowork runner` as a process of its own, run from the CLI's TypeScript sources, with a
// data dir whose user config points the runtime at the scripted model. Tests read its --json
// events and SIGKILL it; afterAll kills it and whatever runtime it left.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { killLeftoverRuntimes, REPO_ROOT, RUNTIME_ENV, waitFor, writeRuntimeConfig } from './harness.js';

const CLI_ENTRY = path.join(REPO_ROOT, 'apps', 'cli', 'test', 'support', 'cli-entry.ts');

export interface RunnerEvent {
  readonly type: string;
  readonly taskId?: string;
  readonly [field: string]: unknown;
}

export interface RunnerProcess {
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly events: RunnerEvent[];
  readonly stderr: () => string;
  readonly exited: Promise<number | string>;
  waitForEvent(what: string, predicate: (event: RunnerEvent) => boolean, timeoutMs?: number): Promise<RunnerEvent>;
  kill(signal: NodeJS.Signals): Promise<number | string>;
}

export interface RunnerSpawn {
  /** The runner's own folder: its data dir (user config, host state) and its token file. */
  readonly dir: string;
  readonly modelUrl: string;
  readonly gatewayUrl: string;
  readonly token: string;
  /** label → folder */
  readonly workspaces: Readonly<Record<string, string>>;
  readonly args?: readonly string[];
}

export function spawnRunner(options: RunnerSpawn): RunnerProcess {
  const dataDir = path.join(options.dir, 'data');
  writeRuntimeConfig(dataDir, options.modelUrl);
  const tokenFile = path.join(options.dir, 'runner.token');
  writeFileSync(tokenFile, `${options.token}\n`, { mode: 0o600 });
  const workspaceArgs = Object.entries(options.workspaces).flatMap(([label, dir]) => {
    mkdirSync(dir, { recursive: true });
    return ['--workspace', `${label}=${dir}`];
  });
  const args = ['--conditions=source', '--import', 'tsx', CLI_ENTRY, 'runner', '--gateway', options.gatewayUrl, '--token-file', tokenFile, '--json', ...workspaceArgs, ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    // tsx resolves from the working directory.
    cwd: REPO_ROOT,
    env: { ...RUNTIME_ENV, HOME: options.dir, OPEN_COWORK_USER_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: RunnerEvent[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const lines = stdout.split('\n');
    stdout = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') events.push(JSON.parse(line) as RunnerEvent);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    dataDir,
    events,
    stderr: () => stderr,
    exited,
    waitForEvent: (what, predicate, timeoutMs = 240_000) =>
      waitFor(what, () => {
        const found = events.find(predicate);
        if (found === undefined && child.exitCode !== null) throw new Error(`The runner exited (${child.exitCode}) before ${what}:\n${stderr.slice(-3000)}`);
        return found;
      }, timeoutMs),
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Stops a runner (and any runtime it left behind when it was killed). */
export async function stopRunner(runner: RunnerProcess | undefined): Promise<void> {
  if (runner === undefined) return;
  await runner.kill('SIGKILL');
  killLeftoverRuntimes(runner.dataDir);
}
