// bubblewrap (Linux): the command lines for the outer boundary a process runs in, and for the
// nested boundary its children run in. Pure: the host facts come in as a HostLayout.
//
// Outer: new user, PID, IPC, UTS and cgroup namespaces (and network, when off); the system
// folders read-only; a private /tmp, /dev and /proc; only the spec's folders bound; no
// capabilities; gone with its parent.
//
// Nested: a fresh PID namespace inside the outer one, so a child's `/proc` shows only itself
// and its own children, never the process that started it; paths the parent keeps private
// covered by empty folders; no capabilities; no further user namespaces.
//
// Root is special: bubblewrap covers a few /proc folders for root (they look writable to
// anything mapped to the real root), and the kernel then refuses any fresh /proc further in.
// Root therefore runs inside as an unprivileged uid (still the real root on disk, so files it
// writes keep their owner), and a nested boundary that cannot mount /proc gets none at all.
import { planBinds, checkSpec, type Bind } from './binds.js';
import { SandboxError, SandboxErrorCode } from './errors.js';
import type { HostLayout } from './host-layout.js';
import type { SandboxSpec } from './types.js';

/** The variable that carries a spec's label on bubblewrap's command line (see SandboxSpec.label). */
export const SANDBOX_LABEL_ENV = 'OPEN_COWORK_SANDBOX';

/** A label must survive a command line and a container label unchanged. */
export function checkLabel(label: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:=-]{0,199}$/.test(label)) throw new SandboxError(SandboxErrorCode.BadSpec, `A sandbox label must be 1-200 letters, digits or ._:=- ; "${label}" is not.`);
  return label;
}

/** The uid/gid root runs as inside an outer boundary. */
export const ROOT_INSIDE_ID = 65534;

export function bwrapArgs(spec: SandboxSpec, layout: HostLayout): string[] {
  const binds = planBinds(spec);
  checkSpec(spec, binds, layout.system.map((entry) => entry.path));
  const args = [...(spec.outliveParent ? [] : ['--die-with-parent']), '--new-session', '--unshare-user', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'];
  if (spec.label !== undefined) args.push('--setenv', SANDBOX_LABEL_ENV, checkLabel(spec.label));
  if (spec.network === 'off') args.push('--unshare-net');
  if (layout.uid === 0) args.push('--uid', String(ROOT_INSIDE_ID), '--gid', String(ROOT_INSIDE_ID));
  args.push('--cap-drop', 'ALL');
  for (const entry of layout.system) {
    if (entry.symlink !== undefined) args.push('--symlink', entry.symlink, entry.path);
    else args.push('--ro-bind', entry.path, entry.path);
  }
  for (const file of layout.masked) args.push('--ro-bind', '/dev/null', file);
  for (const file of layout.extraReadOnly) args.push('--ro-bind', file, file);
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  args.push(...bindArgs(binds));
  args.push('--chdir', spec.cwd, '--', spec.command, ...spec.args);
  return args;
}

function bindArgs(binds: readonly Bind[]): string[] {
  return binds.flatMap((bind) => {
    switch (bind.mode) {
      case 'hide':
        return ['--tmpfs', bind.inside];
      case 'blank':
        return ['--ro-bind', '/dev/null', bind.inside];
      default:
        return [bind.mode === 'ro' ? '--ro-bind' : '--bind', bind.host, bind.inside];
    }
  });
}

export interface NestedBoundaryInput {
  /** `proc`: a fresh /proc of the child's own; `none`: no /proc at all (see the header). */
  readonly proc: 'proc' | 'none';
  /** Folders of the parent to cover with an empty folder. */
  readonly hide?: readonly string[];
  /** Folders under a hidden one that stay visible (and writable, if they were). */
  readonly keep?: readonly string[];
  /** Single files of the parent to cover with an empty file. */
  readonly hideFiles?: readonly string[];
  /** Variables bubblewrap removes from the child's environment (a second net under the caller's own scrub). */
  readonly unsetEnv?: readonly string[];
}

/** Arguments for `bwrap … -- <child>` that start one child in its own boundary. */
export function nestedBwrapArgs(input: NestedBoundaryInput): string[] {
  const args = ['--die-with-parent', '--unshare-user', '--disable-userns', '--unshare-pid', '--cap-drop', 'ALL', '--bind', '/', '/'];
  args.push(...(input.proc === 'proc' ? ['--proc', '/proc'] : ['--tmpfs', '/proc']));
  for (const dir of input.hide ?? []) args.push('--tmpfs', dir);
  for (const dir of input.keep ?? []) args.push('--bind', dir, dir);
  for (const file of input.hideFiles ?? []) args.push('--ro-bind', '/dev/null', file);
  for (const name of input.unsetEnv ?? []) args.push('--unsetenv', name);
  return args;
}
