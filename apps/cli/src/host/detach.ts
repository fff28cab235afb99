// `start --detach`: runs the host as a background process of its own and returns once it
// is serving, with the pairing details. Its log goes to a file; its stdout (which would
// hold the token) goes nowhere.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, type CliIo } from '../io.js';
import { resolveDataDir } from './data-dir.js';
import { runningHost } from './host-record.js';
import { pairingText } from './pairing.js';

export async function detach(io: CliIo, args: readonly string[], runId: string, timeoutMs = 120_000): Promise<ExitCode> {
  if (!io.self || io.self.length === 0) {
    io.stderr('Error: this CLI cannot start itself in the background here (no command to run).\n');
    return ExitCode.Failed;
  }
  const dataDir = resolveDataDir(io);
  const running = await runningHost(dataDir);
  if (running) {
    io.stderr(`Error: a host is already running for ${dataDir} (pid ${running.pid}, ${running.url}). Stop it with "open-cowork stop" first.\n`);
    return ExitCode.Failed;
  }
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  const logFile = path.join(logDir, `host-${runId}.log`);
  const log = openSync(logFile, 'a', 0o600);
  const own = args.filter((arg, i) => arg !== '--detach' && !isStartOnly(arg, args[i - 1]));
  const childArgs = [...own, '--no-tui', '--run-id', runId, '--data-dir', dataDir];
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

  const started = Date.now();
  for (;;) {
    const record = await runningHost(dataDir);
    if (record && record.pid === child.pid) {
      child.unref();
      io.stdout(pairingText({ url: record.url, token: record.token, workspaces: record.workspaces, runId: record.runId, dataDir }, true));
      io.stdout(`Log: ${logFile}\n`);
      return ExitCode.Ok;
    }
    if (exited !== undefined || Date.now() - started > timeoutMs) {
      if (exited === undefined) child.kill('SIGTERM');
      io.stderr(`Error: the background host did not start${exited !== undefined ? ` (exit code ${String(exited)})` : ' in time'}. Last log lines:\n${tail(logFile)}\n`);
      return ExitCode.Failed;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
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
