// `start --detach`: runs the host as a background process of its own and returns once it
// is serving, with the pairing details. Its log goes to a file; its stdout (which would
// hold the token) goes nowhere.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, type CliIo } from '../io.js';
import { resolveDataDir } from './data-dir.js';
import { HostClient } from './host-client.js';
import { runningHost, type HostRecord } from './host-record.js';
import { pairingText } from './pairing.js';

/** `start --detach`: start in the background, print the pairing details, return. */
export async function detach(io: CliIo, args: readonly string[], runId: string): Promise<ExitCode> {
  const started = await startInBackground(io, args, runId);
  if (!started) return ExitCode.Failed;
  const { record, dataDir, logFile } = started;
  io.stdout(pairingText({ url: record.url, token: record.token, workspaces: record.workspaces, runId: record.runId, dataDir }, true));
  io.stdout(`Log: ${logFile}\n`);
  return ExitCode.Ok;
}

export interface BackgroundHost {
  readonly record: HostRecord;
  readonly dataDir: string;
  readonly logFile: string;
}

/**
 * Runs `serve` as a detached process of its own and waits until it serves. Problems are
 * written to stderr and give undefined. `extraArgs` go to the child only.
 */
export async function startInBackground(io: CliIo, args: readonly string[], runId: string, extraArgs: readonly string[] = [], timeoutMs = 120_000): Promise<BackgroundHost | undefined> {
  if (!io.self || io.self.length === 0) {
    io.stderr('Error: this CLI cannot start itself in the background here (no command to run).\n');
    return undefined;
  }
  const dataDir = resolveDataDir(io);
  const running = await runningHost(dataDir);
  if (running) {
    io.stderr(`Error: a host is already running for ${dataDir} (pid ${running.pid}, ${running.url}). Stop it with "open-cowork stop" first.\n`);
    return undefined;
  }
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  const logFile = path.join(logDir, `host-${runId}.log`);
  const log = openSync(logFile, 'a', 0o600);
  const own = args.filter((arg, i) => arg !== '--detach' && !isStartOnly(arg, args[i - 1]));
  const childArgs = [...own, ...extraArgs, '--no-tui', '--run-id', runId, '--data-dir', dataDir];
  const [command, ...prefix] = io.self;
  const child = spawn(command as string, [...prefix, 'serve', ...childArgs], {
    cwd: io.cwd,
    env: { ...io.env } as NodeJS.ProcessEnv,
    detached: true,
    stdio: ['ignore', 'ignore', log],
  });
  closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));

  const since = Date.now();
  for (;;) {
    const record = await runningHost(dataDir);
    // The record appears once the API listens; the pairing is printed once the runtime is up too.
    if (record && record.pid === child.pid && (await runtimeSettled(record))) {
      child.unref();
      return { record, dataDir, logFile };
    }
    if (exited !== undefined || Date.now() - since > timeoutMs) {
      if (exited === undefined) child.kill('SIGTERM');
      io.stderr(`Error: the background host did not start${exited !== undefined ? ` (exit code ${String(exited)})` : ' in time'}. Last log lines:\n${tail(logFile)}\n`);
      return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** True once the host's runtime is ready or has failed (then `status` says why). */
async function runtimeSettled(record: HostRecord): Promise<boolean> {
  try {
    const status = await new HostClient({ url: record.url, token: record.token }, 5000).call('runtime.status', {});
    return status.state === 'ready' || status.state === 'failed';
  } catch {
    return false;
  }
}

/** `--run-id`/`--data-dir` are set explicitly for the child; drop the user's copies. */
function isStartOnly(arg: string, previous: string | undefined): boolean {
  return arg === '--run-id' || arg === '--data-dir' || previous === '--run-id' || previous === '--data-dir' || arg.startsWith('--run-id=') || arg.startsWith('--data-dir=');
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
