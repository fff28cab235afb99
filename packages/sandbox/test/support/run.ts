// Runs a sandboxed command to its end (or kills it at a hang guard) and collects its output.
import { spawn, type ChildProcess } from 'node:child_process';
import type { SandboxedCommand } from '../../src/index.js';

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every process a test started, so afterAll can kill what is left even after a failure. */
const started = new Set<ChildProcess>();

export function startSandboxed(command: SandboxedCommand): ChildProcess {
  const child = spawn(command.command, [...command.args], { env: { ...command.env }, cwd: command.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

export function finish(child: ChildProcess, guardMs = 20_000): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`The sandboxed command did not finish within ${guardMs / 1000} s. stderr: ${stderr}`));
    }, guardMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function runSandboxed(command: SandboxedCommand, guardMs?: number): Promise<Finished> {
  const result = await finish(startSandboxed(command), guardMs);
  await command.cleanup?.();
  return result;
}

export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Kills everything still running (afterAll). */
export function killAll(): void {
  for (const child of started) killGroup(child);
  started.clear();
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check` holds; throws naming `what` after `guardMs` (a hang guard). */
export async function until(check: () => boolean, what: string, guardMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > guardMs) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
