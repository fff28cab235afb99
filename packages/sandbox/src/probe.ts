// Runs a short command to learn whether something works here. Never throws: a probe that
// cannot start, fails or hangs is an answer ("no, because …"), with the program's own words.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface ProbeResult {
  readonly ok: boolean;
  /** The first lines of stderr (or the start error), for the reason shown to people. */
  readonly detail: string;
  readonly stdout: string;
}

export function runProbe(command: string, args: readonly string[], options: { readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number; readonly cwd?: string } = {}): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    let child;
    try {
      child = spawn(command, [...args], { env: options.env ?? { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, cwd: options.cwd ?? '/', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      finish({ ok: false, detail: (error as Error).message, stdout: '' });
      return;
    }
    const timeoutMs = options.timeoutMs ?? 15_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, detail: `no answer within ${timeoutMs / 1000} s`, stdout });
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk.slice(0, 65_536)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk.slice(0, 65_536)));
    child.once('error', (error) => finish({ ok: false, detail: error.message, stdout }));
    child.once('close', (code, signal) => {
      const words = firstLines(stderr) || (signal ? `killed by ${signal}` : `exit code ${String(code)}`);
      finish({ ok: code === 0, detail: code === 0 ? '' : words, stdout });
    });
  });
}

function firstLines(text: string): string {
  return text.trim().split('\n').slice(0, 3).join(' ').slice(0, 400);
}

/** The first executable named `name` on PATH (then in the usual system folders), or undefined. */
export function findProgram(name: string, pathVariable: string | undefined = process.env['PATH']): string | undefined {
  const dirs = [...(pathVariable ?? '').split(path.delimiter).filter((dir) => path.isAbsolute(dir)), '/usr/bin', '/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}
