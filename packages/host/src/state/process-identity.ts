// Who a recorded process is: its start time and command line as `ps` reports them. A record of
// a running process (the headless host's, a runner's) keeps these, so a killed process or a
// reused PID is told apart from the process the record names.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProcessIdentity {
  readonly processStart: string;
  readonly commandLine: string;
}

/** Who the process `pid` is, or undefined when there is none (or no `ps` to ask). */
export async function processIdentity(pid: number): Promise<ProcessIdentity | undefined> {
  try {
    const [start, args] = await Promise.all([run('ps', ['-o', 'lstart=', '-p', String(pid)]), run('ps', ['-o', 'args=', '-p', String(pid)])]);
    const processStart = start.stdout.trim();
    const commandLine = args.stdout.trim();
    return processStart === '' || commandLine === '' ? undefined : { processStart, commandLine };
  } catch {
    return undefined; // ps exits 1 for a PID that does not exist
  }
}

/** Whether `record.pid` is still the very process the record names. */
export async function isRecordedProcess(record: { readonly pid: number } & ProcessIdentity): Promise<boolean> {
  const identity = await processIdentity(record.pid);
  return identity !== undefined && identity.processStart === record.processStart && identity.commandLine === record.commandLine;
}
