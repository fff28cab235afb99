// CPU time a process tree has used, read from Linux's /proc: how the health watch tells a
// runtime that is too busy to answer (its CPU time grows) from one that is stuck (it does not).
// The launched pid may be a sandbox's own process (bubblewrap) with OpenCode below it, so the
// whole tree counts. Elsewhere there is no /proc: the answer is undefined and the watch keeps
// its plain rules.
import { readdirSync, readFileSync } from 'node:fs';

/** Descendants visited at most: a runtime has a handful (shells, MCP servers). */
const MAX_PROCESSES = 256;

/** utime + stime of `pid` and all its descendants, in clock ticks; undefined without /proc or when `pid` is gone. */
export function treeCpuTicks(pid: number, procRoot = '/proc'): number | undefined {
  const own = cpuTicks(pid, procRoot);
  if (own === undefined) return undefined;
  let total = own;
  const queue = childrenOf(pid, procRoot);
  for (let seen = 0; queue.length > 0 && seen < MAX_PROCESSES; seen += 1) {
    const next = queue.shift()!;
    total += cpuTicks(next, procRoot) ?? 0;
    queue.push(...childrenOf(next, procRoot));
  }
  return total;
}

function cpuTicks(pid: number, procRoot: string): number | undefined {
  const stat = read(`${procRoot}/${pid}/stat`);
  if (stat === undefined) return undefined;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses; utime and stime are the
  // 14th and 15th fields, the 12th and 13th after the closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

function childrenOf(pid: number, procRoot: string): number[] {
  const tasks = readDir(`${procRoot}/${pid}/task`);
  return tasks.flatMap((tid) =>
    (read(`${procRoot}/${pid}/task/${tid}/children`) ?? '')
      .split(' ')
      .filter((word) => /^\d+$/.test(word))
      .map(Number),
  );
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
