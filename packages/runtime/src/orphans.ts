// Runtimes this app started are written to a ledger; a host that dies without stopping
// them leaves orphans, which the next start sweeps. A process is only touched when both
// its PID is in our ledger and its command line is ours, so a recycled PID is left alone.
import { execFile } from 'node:child_process';
import { readFile, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { writePrivateFile } from './private-write.js';

export interface LedgerEntry {
  readonly pid: number;
  readonly binary: string;
  readonly startedAt: number;
}

/** Reads a process's command line; undefined when it is not running. A port for tests. */
export type CommandLineReader = (pid: number) => Promise<string | undefined>;

export interface SweepReport {
  readonly killed: number[];
  /** PIDs in the ledger that are gone or now belong to another program. */
  readonly skipped: number[];
}

export class PidLedger {
  readonly #file: string;
  readonly #readCommandLine: CommandLineReader;
  readonly #kill: (pid: number, signal: NodeJS.Signals) => void;

  constructor(file: string, ports: { readCommandLine?: CommandLineReader; kill?: (pid: number, signal: NodeJS.Signals) => void } = {}) {
    this.#file = file;
    this.#readCommandLine = ports.readCommandLine ?? readCommandLine;
    this.#kill = ports.kill ?? ((pid, signal) => process.kill(pid, signal));
  }

  async entries(): Promise<LedgerEntry[]> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch {
      return [];
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    } catch {
      return []; // a torn write: nothing trustworthy to sweep
    }
  }

  async add(entry: LedgerEntry): Promise<void> {
    const entries = (await this.entries()).filter((e) => e.pid !== entry.pid);
    await this.#write([...entries, entry]);
  }

  async remove(pid: number): Promise<void> {
    const entries = await this.entries();
    const rest = entries.filter((e) => e.pid !== pid);
    if (rest.length === entries.length) return;
    if (rest.length === 0) await rm(this.#file, { force: true });
    else await this.#write(rest);
  }

  /** Kills (SIGKILL) every ledger process still running our command, then clears the ledger. */
  async sweep(): Promise<SweepReport> {
    const killed: number[] = [];
    const skipped: number[] = [];
    for (const entry of await this.entries()) {
      const command = await this.#readCommandLine(entry.pid);
      if (command !== undefined && isOurRuntime(command, entry.binary)) {
        try {
          this.#kill(-entry.pid, 'SIGKILL'); // its process group: the runtime and its MCP children
        } catch {
          try {
            this.#kill(entry.pid, 'SIGKILL');
          } catch {
            skipped.push(entry.pid);
            continue;
          }
        }
        killed.push(entry.pid);
      } else {
        skipped.push(entry.pid);
      }
    }
    await rm(this.#file, { force: true });
    return { killed, skipped };
  }

  async #write(entries: LedgerEntry[]): Promise<void> {
    await mkdir(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    await writePrivateFile(this.#file, JSON.stringify(entries));
  }
}

/** The command signature of a runtime we started: our binary running `serve`. */
export function isOurRuntime(commandLine: string, binary: string): boolean {
  const line = commandLine.replaceAll('\0', ' ');
  return line.startsWith(`${binary} `) && / serve( |$)/.test(line.slice(binary.length));
}

function isEntry(value: unknown): value is LedgerEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Number.isInteger(v['pid']) && (v['pid'] as number) > 1 && typeof v['binary'] === 'string' && typeof v['startedAt'] === 'number';
}

const execFileAsync = promisify(execFile);

async function readCommandLine(pid: number): Promise<string | undefined> {
  if (process.platform === 'linux') {
    try {
      const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      return raw === '' ? undefined : raw.replace(/\0$/, '');
    } catch {
      return undefined;
    }
  }
  try {
    const { stdout } = await execFileAsync('ps', ['-p', String(pid), '-o', 'command='], { timeout: 5000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}
