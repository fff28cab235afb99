// podman and docker: one container per process, started in the foreground and removed when it
// ends. No capabilities, a read-only root, no privilege gain, memory/CPU/process limits, a
// private /tmp, the host's system folders read-only (so no image needs to be pulled), the
// workspaces at their own paths and the first one also at /workspace, allowlisted extras
// under /workspace/extra. Variables are passed by name only: their values never appear on a
// command line another user could read.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { planBinds, checkSpec, type Bind } from './binds.js';
import { checkLabel } from './bwrap.js';
import { isWithin } from './mount-allowlist.js';
import type { HostLayout } from './host-layout.js';
import type { ResourceLimits, SandboxSpec } from './types.js';

export type ContainerEngine = 'podman' | 'docker';

/** Where the first workspace also appears. */
export const CONTAINER_WORKSPACE = '/workspace';
export const CONTAINER_LABEL = 'io.open-cowork.sandbox';

export const DEFAULT_LIMITS: Required<ResourceLimits> = { memoryMb: 2048, cpus: 2, pids: 1024 };

export interface ContainerTarget {
  /** Container name (unique per start; used to remove it). */
  readonly name: string;
  /** Who started it (the label's value), so leftovers of a crashed owner can be found. Default `open-cowork`. */
  readonly owner?: string;
  /** An image to run; podman may use `rootfs` instead. */
  readonly image?: string;
  /** podman only: an (empty) folder to use as the root file system, with the host's system folders mounted in. */
  readonly rootfs?: string;
  /** podman only: the OCI runtime (here `runc`: crun cannot set limits on this kind of host). */
  readonly runtime?: string;
  /**
   * Open-file and process limits to set explicitly: podman's defaults are higher than many
   * hosts allow, and the container then fails to start. Default: this process's own.
   */
  readonly ulimits?: { readonly nofile: number; readonly nproc: number };
}

export function containerArgs(engine: ContainerEngine, spec: SandboxSpec, layout: HostLayout, target: ContainerTarget): string[] {
  const binds = planBinds(spec);
  checkSpec(spec, binds, layout.system.map((entry) => entry.path));
  const limits = { ...DEFAULT_LIMITS, ...spec.limits };
  const ulimits = target.ulimits ?? hostLimits();
  // --init: a small init as pid 1 passes SIGTERM on (a program as pid 1 would ignore it).
  const args = ['run', '--rm', '--init', '--name', target.name, '--label', `${CONTAINER_LABEL}=${target.owner ?? 'open-cowork'}`];
  if (spec.label !== undefined) args.push('--label', `${CONTAINER_LABEL}.name=${checkLabel(spec.label)}`);
  if (engine === 'podman' && target.runtime !== undefined) args.push('--runtime', target.runtime);
  args.push(
    '--cap-drop', 'ALL',
    '--read-only',
    '--security-opt', 'no-new-privileges',
    '--memory', `${limits.memoryMb}m`,
    '--cpus', String(limits.cpus),
    '--pids-limit', String(limits.pids),
    '--ulimit', `nofile=${ulimits.nofile}:${ulimits.nofile}`,
    '--ulimit', `nproc=${ulimits.nproc}:${ulimits.nproc}`,
    '--tmpfs', '/tmp:rw,nosuid,nodev',
    '--network', spec.network === 'on' ? 'host' : 'none',
  );
  // A non-root user's files must stay theirs: run as them (podman: map them through).
  if (layout.uid > 0) args.push(...(engine === 'podman' ? ['--userns', 'keep-id'] : ['--user', `${layout.uid}:${process.getgid?.() ?? layout.uid}`]));
  for (const entry of layout.system) {
    const source = entry.symlink === undefined ? entry.path : path.resolve(path.dirname(entry.path), entry.symlink);
    args.push('--volume', `${source}:${entry.path}:ro`);
  }
  for (const file of layout.masked) args.push('--volume', `/dev/null:${file}:ro`);
  for (const file of layout.extraReadOnly) args.push('--volume', `${file}:${file}:ro`);
  for (const bind of binds) args.push(...volumeArgs(bind, bind.inside));
  const first = spec.workspaces[0];
  if (first !== undefined) {
    const alias = path.resolve(first);
    args.push('--volume', `${alias}:${CONTAINER_WORKSPACE}:rw`);
    // What is hidden inside the first workspace stays hidden under its second name too.
    for (const bind of binds) {
      if ((bind.mode === 'hide' || bind.mode === 'blank') && isWithin(alias, bind.inside)) args.push(...volumeArgs(bind, path.posix.join(CONTAINER_WORKSPACE, path.relative(alias, bind.inside))));
    }
  }
  for (const name of Object.keys(spec.env).sort()) args.push('--env', name);
  args.push('--workdir', spec.cwd);
  if (target.image !== undefined) args.push(target.image);
  else if (engine === 'podman' && target.rootfs !== undefined) args.push('--rootfs', target.rootfs);
  else throw new Error(`The ${engine} backend needs an image.`);
  args.push(spec.command, ...spec.args);
  return args;
}

function volumeArgs(bind: Bind, inside: string): string[] {
  switch (bind.mode) {
    case 'hide':
      return ['--tmpfs', `${inside}:rw,nosuid,nodev,size=1m`];
    case 'blank':
      return ['--volume', `/dev/null:${inside}:ro`];
    default:
      return ['--volume', `${bind.host}:${inside}:${bind.mode}`];
  }
}

/**
 * Open-file and process limits a container may set: this process's hard limits, capped where
 * podman's own processes were seen to refuse more (process limit above 32768).
 */
export function hostLimits(limitsText?: string): { nofile: number; nproc: number } {
  let text = limitsText;
  try {
    text ??= readFileSync('/proc/self/limits', 'utf8');
  } catch {
    text = '';
  }
  const hard = (label: string, fallback: number) => {
    const line = text.split('\n').find((entry) => entry.startsWith(label));
    const value = Number(line?.slice(label.length).trim().split(/\s+/)[1]);
    return Number.isSafeInteger(value) && value > 0 ? value : fallback;
  };
  return { nofile: Math.min(hard('Max open files', 4096), 65_536), nproc: Math.min(hard('Max processes', 4096), 32_768) };
}
