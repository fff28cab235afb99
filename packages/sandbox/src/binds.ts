// The folders a spec makes visible, as one ordered list every backend mounts from. Parents
// come before children, so a writable folder inside a read-only one ends up writable.
import path from 'node:path';
import { SandboxError, SandboxErrorCode } from './errors.js';
import { EXTRA_MOUNT_ROOT, isWithin } from './mount-allowlist.js';
import type { SandboxSpec } from './types.js';

export interface Bind {
  /** Path on the host. */
  readonly host: string;
  /** Path inside the boundary. */
  readonly inside: string;
  /** `hide`: an empty folder over whatever a parent bind shows there; `blank`: a file whose content cannot be read. */
  readonly mode: 'ro' | 'rw' | 'hide' | 'blank';
}

/** Every visible path of a spec, checked and ordered for mounting. */
export function planBinds(spec: SandboxSpec): Bind[] {
  const binds = new Map<string, Bind>();
  const add = (host: string, mode: Bind['mode'], inside = host) => {
    if (!path.isAbsolute(host)) throw new SandboxError(SandboxErrorCode.BadSpec, `Sandbox paths must be absolute; "${host}" is not.`);
    const clean = path.resolve(host);
    const at = path.resolve(inside);
    const known = binds.get(at);
    // Asked twice: hidden wins, then read-write (a workspace also on a read-only list stays writable).
    const rank = { ro: 0, rw: 1, blank: 2, hide: 3 } as const;
    if (known && rank[known.mode] >= rank[mode]) return;
    binds.set(at, { host: clean, inside: at, mode });
  };
  for (const dir of spec.readOnly ?? []) add(dir, 'ro');
  for (const dir of spec.writable ?? []) add(dir, 'rw');
  for (const dir of spec.workspaces) add(dir, 'rw');
  for (const mount of spec.mounts ?? []) add(mount.host, mount.mode, path.posix.join(EXTRA_MOUNT_ROOT, mount.name));
  if (spec.bridge) add(path.dirname(spec.bridge.socket), 'rw');
  for (const dir of spec.hidden ?? []) add(dir, 'hide');
  for (const file of spec.hiddenFiles ?? []) add(file, 'blank');
  // Something hidden matters only where something visible contains it, and a blank file not
  // at all inside a hidden folder.
  const all = [...binds.values()];
  const shown = all.filter((bind) => bind.mode === 'ro' || bind.mode === 'rw');
  const covers = (bind: Bind) => shown.some((other) => other.inside !== bind.inside && isWithin(other.inside, bind.inside));
  const insideHidden = (bind: Bind) => all.some((other) => other.mode === 'hide' && other.inside !== bind.inside && isWithin(other.inside, bind.inside));
  return all
    .filter((bind) => bind.mode === 'ro' || bind.mode === 'rw' || (covers(bind) && !(bind.mode === 'blank' && insideHidden(bind))))
    .sort((a, b) => depth(a.inside) - depth(b.inside) || a.inside.localeCompare(b.inside));
}

/** Refuses a spec whose program or working directory would not be visible inside (every backend has a private /tmp). */
export function checkSpec(spec: SandboxSpec, binds: readonly Bind[], systemDirs: readonly string[]): void {
  if (!path.isAbsolute(spec.command)) throw new SandboxError(SandboxErrorCode.BadSpec, `The sandboxed program must be an absolute path; "${spec.command}" is not.`);
  const visible = [...binds.filter((bind) => bind.mode === 'ro' || bind.mode === 'rw').map((bind) => bind.inside), ...systemDirs, '/tmp'];
  if (!visible.some((dir) => isWithin(dir, spec.cwd))) {
    throw new SandboxError(SandboxErrorCode.BadSpec, `The working directory ${spec.cwd} is not inside any folder the sandbox makes visible.`);
  }
  if (!visible.some((dir) => isWithin(dir, spec.command))) {
    throw new SandboxError(SandboxErrorCode.BadSpec, `The program ${spec.command} is not inside any folder the sandbox makes visible; add its folder to readOnly.`);
  }
}

function depth(p: string): number {
  return p.split('/').filter(Boolean).length;
}
