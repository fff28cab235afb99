// A `command` task (only with --allow-commands): `/bin/sh -c COMMAND` in the task's workspace,
// inside the strongest sandbox this machine has (packages/sandbox: bubblewrap on Linux, Seatbelt
// on macOS) with no network, a minimal environment, the workspace the only folder it may change
// and the host's data dir covered. Output (stdout and stderr together) is kept up to a cap and
// streamed as progress; a command still running at the task's timeout is killed.
import { spawn } from 'node:child_process';
import { prepareSandbox, type Sandbox } from '@open-cowork/sandbox';
import type { TaskLease } from './task-lease.js';

export interface CommandSandbox {
  readonly sandbox: Sandbox;
  /** Folders a command never sees, even inside its workspace (the host's data dir). */
  readonly hidden: readonly string[];
  /** Bytes of output kept (and streamed). */
  readonly outputLimit: number;
}

/** The sandbox commands run in; refused (with the reason) when this machine has none that works. */
export async function prepareCommandSandbox(stateDir: string, hidden: readonly string[], outputLimit: number): Promise<CommandSandbox> {
  const sandbox = await prepareSandbox({ choice: 'auto', network: 'off', stateDir, owner: 'open-cowork-runner' });
  if (sandbox.status.strength === 'none') {
    throw new Error(`command tasks run only inside a sandbox, and none works on this machine (${sandbox.status.reason ?? sandbox.status.description})`);
  }
  return { sandbox, hidden, outputLimit };
}

export type CommandOutcome =
  | { readonly status: 'completed'; readonly result: { readonly exitCode: number; readonly output: string; readonly truncated: boolean } }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'interrupted'; readonly reason: string };

export interface CommandTaskInput {
  readonly commands: CommandSandbox;
  readonly command: string;
  readonly directory: string;
  readonly timeoutMs: number;
  readonly lease: TaskLease;
  readonly stopping: AbortSignal;
}

const KILL_GRACE_MS = 2000;

export function runCommandTask(input: CommandTaskInput): Promise<CommandOutcome> {
  const { commands, lease } = input;
  const started = commands.sandbox.command({
    command: '/bin/sh',
    args: ['-c', input.command],
    // Nothing of the runner's environment: no tokens, no credentials.
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: input.directory, LANG: 'C.UTF-8', TERM: 'dumb' },
    cwd: input.directory,
    workspaces: [input.directory],
    hidden: [...commands.hidden],
  });
  lease.report({ kind: 'started', data: { sandbox: commands.sandbox.status.backend } });
  return new Promise<CommandOutcome>((resolve) => {
    const child = spawn(started.command, [...started.args], { cwd: started.cwd, env: { ...started.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let kept = 0;
    let truncated = false;
    const take = (chunk: Buffer): void => {
      const room = commands.outputLimit - kept;
      if (room <= 0) {
        truncated = true;
        return;
      }
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (piece.length < chunk.length) truncated = true;
      chunks.push(piece);
      kept += piece.length;
      lease.report({ kind: 'text', data: { text: piece.toString('utf8') } });
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);

    let stopped: CommandOutcome | undefined;
    const stop = (outcome: CommandOutcome): void => {
      if (stopped !== undefined || child.exitCode !== null) return;
      stopped = outcome;
      const pid = child.pid;
      if (pid !== undefined && started.signal?.(pid, 'SIGTERM') !== true) child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(() => stop({ status: 'failed', error: `The command ran longer than ${input.timeoutMs} ms and was killed.` }), input.timeoutMs);
    const interrupted = (): void => stop({ status: 'interrupted', reason: lease.lostReason ?? 'the runner is stopping' });
    const signal = AbortSignal.any([lease.signal, input.stopping]);
    signal.addEventListener('abort', interrupted, { once: true });

    const finish = (outcome: CommandOutcome): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', interrupted);
      void (started.cleanup?.() ?? Promise.resolve()).catch(() => undefined).then(() => resolve(outcome));
    };
    child.once('error', (error) => finish({ status: 'failed', error: `The command could not start: ${error.message}` }));
    child.once('close', (code, signalName) => {
      if (stopped !== undefined) return finish(stopped);
      const output = Buffer.concat(chunks).toString('utf8');
      finish({ status: 'completed', result: { exitCode: code ?? (signalName === null ? -1 : 128), output, truncated } });
    });
  });
}
