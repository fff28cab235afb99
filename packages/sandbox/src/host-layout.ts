// What a Linux boundary copies from the host system, read once: the system folders (kept as
// symlinks where the host has merged /usr), host secrets under /etc to mask, and the real
// file behind /etc/resolv.conf when it points outside /etc (DNS would break otherwise).
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** Top-level folders a process needs to run programs; nothing personal lives here. */
export const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'] as const;

/** Files under /etc that hold host credentials; masked with an empty file inside. */
const ETC_SECRETS = ['/etc/shadow', '/etc/gshadow', '/etc/shadow-', '/etc/gshadow-', '/etc/sudoers', '/etc/security/opasswd'];

export interface SystemEntry {
  readonly path: string;
  /** Set when the host has a symlink here (e.g. `/bin -> usr/bin`); recreated as such. */
  readonly symlink?: string;
}

export interface HostLayout {
  readonly system: readonly SystemEntry[];
  /** Existing secret files to mask. */
  readonly masked: readonly string[];
  /** Files outside the system folders that the system folders refer to (resolv.conf's target). */
  readonly extraReadOnly: readonly string[];
  /** The effective uid of this process (root needs a different identity inside; see bwrap.ts). */
  readonly uid: number;
}

export function readHostLayout(): HostLayout {
  const system: SystemEntry[] = [];
  for (const dir of SYSTEM_DIRS) {
    let stat;
    try {
      stat = lstatSync(dir);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) system.push({ path: dir, symlink: readlinkSync(dir) });
    else if (stat.isDirectory()) system.push({ path: dir });
  }
  const masked = [...ETC_SECRETS, ...sshHostKeys()].filter((file) => existsSync(file));
  const extraReadOnly: string[] = [];
  try {
    const resolv = realpathSync('/etc/resolv.conf');
    if (!SYSTEM_DIRS.some((dir) => resolv === dir || resolv.startsWith(`${dir}/`))) extraReadOnly.push(resolv);
  } catch {
    // no resolv.conf: nothing to add
  }
  return { system, masked, extraReadOnly, uid: process.getuid?.() ?? -1 };
}

function sshHostKeys(): string[] {
  try {
    return readdirSync('/etc/ssh')
      .filter((name) => name.startsWith('ssh_host_') && name.endsWith('_key'))
      .map((name) => path.join('/etc/ssh', name));
  } catch {
    return [];
  }
}
