// bubblewrap does not pass signals on: SIGTERM to the bwrap process ends it at once, and its
// sandbox dies with it (SIGKILL) before the program inside can shut down cleanly. To stop the
// program gracefully the signal goes to the program itself, found through the process tree:
// bwrap → the sandbox's init (pid 1 inside) → the program.
import { readdirSync, readFileSync } from 'node:fs';

/** Direct children of a process (Linux /proc). Empty when it is gone. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return scanForChildren(pid);
  }
}

/** Kernels without CONFIG_PROC_CHILDREN: read every process's parent. */
function scanForChildren(parent: number): number[] {
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …" — comm may hold spaces and parentheses; read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Sends `signal` to the program a bwrap process runs; false when it could not be found. */
export function signalBwrapProgram(bwrapPid: number, signal: NodeJS.Signals): boolean {
  const programs = childPids(bwrapPid).flatMap(childPids);
  let sent = false;
  for (const pid of programs) {
    try {
      process.kill(pid, signal);
      sent = true;
    } catch {
      // exited meanwhile
    }
  }
  return sent;
}
