// Memory, CPU and process-count limits for one session's sandbox, enforced by a control group
// of its own (Linux). bubblewrap sets no such limits, and setrlimit cannot stand in: RLIMIT_NPROC
// counts every process of the user (and root is exempt), RLIMIT_AS breaks Bun's large virtual
// reservations, RLIMIT_CPU caps total seconds rather than a share. The group is made under the
// owner's own cgroup when that hierarchy is writable (root, or a delegated cgroup v2 subtree);
// where it is not, the limits are reported as not enforced rather than pretended.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ResourceLimits {
  /** Memory of the whole sandbox (OpenCode, its tools and their children), bytes; 0 = none. */
  readonly memoryBytes: number;
  /** CPU time share, in cores (1.5 = one and a half cores); 0 = none. */
  readonly cpuCores: number;
  /** Processes and threads alive at once in the sandbox; 0 = none. */
  readonly maxProcesses: number;
}

/** How the limits are enforced: a cgroup v2 or v1 group, or not at all (why, in `reason`). */
export type LimitEnforcement = 'cgroup-v2' | 'cgroup-v1' | 'none';

export interface SessionCgroup {
  readonly enforcement: LimitEnforcement;
  /** Why the limits are not enforced, when they are not. */
  readonly reason?: string;
  /** The `cgroup.procs` files a process writes its pid to, to join the group (with its future children). */
  readonly procsFiles: readonly string[];
}

const CGROUP_ROOT = '/sys/fs/cgroup';
const CPU_PERIOD_US = 100_000;
const V1_CONTROLLERS = ['memory', 'pids', 'cpu'] as const;

/** The session's group name: unique per data dir and session, recognisably this product's. */
export function cgroupName(tag: string, sessionId: string): string {
  return `open-cowork-jobs-${tag}-${sessionId}`;
}

/** Creates (or reuses) the session's group with `limits`; never throws. */
export function prepareSessionCgroup(name: string, limits: ResourceLimits): SessionCgroup {
  if (limits.memoryBytes === 0 && limits.cpuCores === 0 && limits.maxProcesses === 0) return { enforcement: 'none', reason: 'no limits were asked for', procsFiles: [] };
  const dirs = groupDirs(name);
  if (dirs === undefined) return { enforcement: 'none', reason: 'no cgroup hierarchy with the memory, pids and cpu controllers is mounted at /sys/fs/cgroup', procsFiles: [] };
  try {
    if (dirs.version === 2) {
      const dir = dirs.paths[0]!;
      enableV2Controllers(path.dirname(dir));
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'memory.max'), limits.memoryBytes > 0 ? String(limits.memoryBytes) : 'max');
      if (existsSync(path.join(dir, 'memory.swap.max'))) writeFileSync(path.join(dir, 'memory.swap.max'), limits.memoryBytes > 0 ? '0' : 'max');
      writeFileSync(path.join(dir, 'pids.max'), limits.maxProcesses > 0 ? String(limits.maxProcesses) : 'max');
      writeFileSync(path.join(dir, 'cpu.max'), limits.cpuCores > 0 ? `${Math.round(limits.cpuCores * CPU_PERIOD_US)} ${CPU_PERIOD_US}` : `max ${CPU_PERIOD_US}`);
      return { enforcement: 'cgroup-v2', procsFiles: [path.join(dir, 'cgroup.procs')] };
    }
    const [memory, pids, cpu] = dirs.paths as [string, string, string];
    for (const dir of dirs.paths) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(memory, 'memory.limit_in_bytes'), limits.memoryBytes > 0 ? String(limits.memoryBytes) : '-1');
    // With swap accounting, memory+swap gets the same cap, so the limit cannot be dodged by swapping.
    if (existsSync(path.join(memory, 'memory.memsw.limit_in_bytes'))) writeFileSync(path.join(memory, 'memory.memsw.limit_in_bytes'), limits.memoryBytes > 0 ? String(limits.memoryBytes) : '-1');
    writeFileSync(path.join(pids, 'pids.max'), limits.maxProcesses > 0 ? String(limits.maxProcesses) : 'max');
    writeFileSync(path.join(cpu, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
    writeFileSync(path.join(cpu, 'cpu.cfs_quota_us'), limits.cpuCores > 0 ? String(Math.round(limits.cpuCores * CPU_PERIOD_US)) : '-1');
    return { enforcement: 'cgroup-v1', procsFiles: dirs.paths.map((dir) => path.join(dir, 'cgroup.procs')) };
  } catch (error) {
    for (const dir of dirs.paths) rmdirQuietly(dir);
    return { enforcement: 'none', reason: `the cgroup could not be set up (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, procsFiles: [] };
  }
}

/**
 * Removes the session's group, called once its sandbox was stopped. Processes still in it (the
 * last of a killed sandbox, on their way out) are killed: only the sandbox ever joined the group.
 * Gives up after `waitMs`, leaving the group for the next stop.
 */
export async function removeSessionCgroup(name: string, waitMs = 5000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (const dir of groupDirs(name)?.paths ?? []) {
    while (existsSync(dir) && !rmdirQuietly(dir) && Date.now() < deadline) {
      for (const pid of membersOf(dir)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function rmdirQuietly(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

function membersOf(dir: string): number[] {
  try {
    return readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Processes the memory limit's OOM killer has ended in the session's group so far (0 when unknown). */
export function oomKills(name: string): number {
  const dirs = groupDirs(name);
  if (dirs === undefined) return 0;
  const file = dirs.version === 2 ? path.join(dirs.paths[0]!, 'memory.events') : path.join(dirs.paths[0]!, 'memory.oom_control');
  try {
    return Number(/^oom_kill (\d+)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * The group's folders: one on a cgroup v2 hierarchy, or one per controller (memory, pids, cpu)
 * on cgroup v1, each under this process's own group. Undefined when neither is mounted.
 */
function groupDirs(name: string): { version: 1 | 2; paths: string[] } | undefined {
  let own: string;
  try {
    own = readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return undefined;
  }
  const lines = own.split('\n').map((line) => line.split(':'));
  const v1 = V1_CONTROLLERS.map((controller) => {
    const line = lines.find((parts) => parts.length >= 3 && parts[1]!.split(',').includes(controller));
    const mount = path.join(CGROUP_ROOT, controller);
    return line && existsSync(path.join(mount, 'cgroup.procs')) ? path.join(mount, line.slice(2).join(':'), name) : undefined;
  });
  if (v1.every((dir) => dir !== undefined)) return { version: 1, paths: v1 };
  const unified = lines.find((parts) => parts[0] === '0' && parts[1] === '');
  if (unified && existsSync(path.join(CGROUP_ROOT, 'cgroup.controllers'))) return { version: 2, paths: [path.join(CGROUP_ROOT, unified.slice(2).join(':'), name)] };
  return undefined;
}

/** Lets `parent`'s children use the controllers (cgroup v2); fails when the hierarchy forbids it. */
function enableV2Controllers(parent: string): void {
  const available = readFileSync(path.join(parent, 'cgroup.controllers'), 'utf8').split(/\s+/);
  const missing = ['memory', 'pids', 'cpu'].filter((controller) => !available.includes(controller));
  if (missing.length > 0) throw new Error(`the ${missing.join(', ')} controller(s) are not delegated to ${parent}`);
  const enabled = readFileSync(path.join(parent, 'cgroup.subtree_control'), 'utf8').split(/\s+/);
  const toEnable = ['memory', 'pids', 'cpu'].filter((controller) => !enabled.includes(controller));
  if (toEnable.length > 0) writeFileSync(path.join(parent, 'cgroup.subtree_control'), toEnable.map((controller) => `+${controller}`).join(' '));
}
