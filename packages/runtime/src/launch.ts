// Starts one `opencode serve` process and waits for its "listening" line. Nothing talks
// to the runtime before that line: a request sent during boot can hang forever.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { SandboxedCommand, SocketBridge } from '@open-cowork/sandbox';
import { RuntimeErrorCode, RuntimeStartError } from './errors.js';
import type { LogBuffer } from './log-buffer.js';

const LISTENING = /opencode server listening on (http:\/\/[^\s]+)/;

export interface LaunchOptions {
  readonly binary: string;
  readonly env: Readonly<Record<string, string>>;
  /** Working directory for the process (its isolated home). */
  readonly cwd: string;
  readonly log: LogBuffer;
  /** How long to wait for the listening line. Default 30 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Runs the process inside a boundary (see runtime-boundary.ts); absent: as it is. */
  readonly sandbox?: LaunchSandbox;
}

/** How launchOpencode runs inside a sandbox. */
export interface LaunchSandbox {
  /** The command line that starts the plain one inside the boundary. */
  wrap(plain: { command: string; args: readonly string[]; env: Readonly<Record<string, string>>; cwd: string }): SandboxedCommand;
  /** Networking off: serve on this port inside, and reach it through the socket bridge. */
  readonly bridge?: { readonly port: number; open(): Promise<SocketBridge> };
}

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running runtime process. */
export interface RuntimeProcess {
  readonly pid: number;
  /** e.g. http://127.0.0.1:4096 */
  readonly url: string;
  /** Settles when the process has exited, for whatever reason. */
  readonly exited: Promise<ExitInfo>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

/** Loopback, a free port, and OpenCode's own warnings and errors (MCP failures among them) on stderr. */
export const SERVE_ARGS = ['serve', '--hostname', '127.0.0.1', '--port', '0', '--print-logs', '--log-level', 'WARN'] as const;

export async function launchOpencode(options: LaunchOptions): Promise<RuntimeProcess> {
  const { log, signal, sandbox } = options;
  if (signal?.aborted) throw aborted();
  const args = sandbox?.bridge ? SERVE_ARGS.map((arg, i) => (SERVE_ARGS[i - 1] === '--port' ? String(sandbox.bridge?.port) : arg)) : [...SERVE_ARGS];
  const plain = { command: options.binary, args, env: options.env, cwd: options.cwd };
  const started: SandboxedCommand = sandbox ? sandbox.wrap(plain) : plain;
  const bridge = await sandbox?.bridge?.open();
  const child = spawn(started.command, [...started.args], {
    cwd: started.cwd,
    env: { ...started.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32', // own process group, so stop() reaches its children
  });
  const exited = exitOf(child).then(async (info) => {
    await bridge?.close();
    await started.cleanup?.();
    return info;
  });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => log.write('stderr', chunk));

  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      let listening = false;
      const timer = setTimeout(
        () => reject(new RuntimeStartError(RuntimeErrorCode.StartTimeout, `OpenCode did not report that it was listening within ${(options.timeoutMs ?? 30_000) / 1000} s.`, { output: log.tail() })),
        options.timeoutMs ?? 30_000,
      );
      const onAbort = () => reject(aborted());
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      child.stdout.on('data', (chunk: string) => {
        log.write('stdout', chunk);
        if (listening) return;
        seen += chunk;
        const match = LISTENING.exec(seen);
        if (match?.[1]) {
          listening = true;
          cleanup();
          // Inside a boundary without network the address is the sandbox's own; the host uses the bridge.
          resolve(bridge?.url ?? match[1]);
        } else if (seen.length > 65_536) {
          seen = seen.slice(-1024);
        }
      });
      child.once('error', (error) => {
        cleanup();
        reject(new RuntimeStartError(RuntimeErrorCode.ExitedDuringStart, `Could not start OpenCode: ${error.message}.`, { output: log.tail() }));
      });
      void exited.then((info) => {
        cleanup();
        reject(
          new RuntimeStartError(
            RuntimeErrorCode.ExitedDuringStart,
            `OpenCode exited during start-up (${describeExit(info)}).${lastLines(log)}`,
            { output: log.tail(), exitCode: info.code, signal: info.signal },
          ),
        );
      });
    });
  } catch (error) {
    await terminate(child, exited, 2000, started.signal);
    throw error;
  }

  let stopping: Promise<ExitInfo> | undefined;
  return {
    pid: child.pid ?? -1,
    url,
    exited,
    stop: (graceMs = 5000) => (stopping ??= terminate(child, exited, graceMs, started.signal)),
  };
}

export function describeExit(info: ExitInfo): string {
  return info.signal ? `killed by ${info.signal}` : `exit code ${String(info.code)}`;
}

function lastLines(log: LogBuffer): string {
  const tail = log.tail(5);
  return tail ? ` Last output:\n${tail}` : '';
}

function aborted(): RuntimeStartError {
  return new RuntimeStartError(RuntimeErrorCode.StartAborted, 'Starting OpenCode was cancelled.');
}

function exitOf(child: ChildProcess): Promise<ExitInfo> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return once(child, 'exit').then(
    ([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }),
    () => ({ code: null, signal: null }),
  );
}

/** `deliver`: how a sandbox passes SIGTERM to the program inside (bubblewrap does not pass it on). */
async function terminate(child: ChildProcess, exited: Promise<ExitInfo>, graceMs: number, deliver?: SandboxedCommand['signal']): Promise<ExitInfo> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  if (!(deliver && child.pid !== undefined && deliver(child.pid, 'SIGTERM'))) signalGroup(child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      signalGroup(child, 'SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([exited, killed]);
  clearTimeout(timer);
  const info = await exited;
  // Children the runtime left behind (MCP servers) share its process group.
  signalGroup(child, 'SIGKILL');
  return info;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
