// The words every backend shares: what may be asked for, what a boundary contains, and how
// the chosen boundary describes itself to a status line or a settings page.

/** A concrete isolation mechanism. `none` runs the process as it is, and says so. */
export type SandboxBackendName = 'bwrap' | 'podman' | 'docker' | 'macos' | 'none';

/** What a user or an operator asks for: a backend, or `auto` for the strongest that works here. */
export type SandboxChoice = SandboxBackendName | 'auto';

export const SANDBOX_CHOICES: readonly SandboxChoice[] = ['auto', 'none', 'bwrap', 'podman', 'docker', 'macos'];

/** `on`: the host's network (loopback included). `off`: loopback only, reached through a socket bridge. */
export type NetworkPolicy = 'on' | 'off';

/**
 * How much the boundary holds, in one word for a status line:
 * - `strong`: system read-only, only the listed folders writable, a private process table, and
 *   every child the runtime starts in a boundary of its own;
 * - `partial`: a boundary exists but something above is missing (named in `reason`);
 * - `none`: no boundary at all.
 */
export type SandboxStrength = 'strong' | 'partial' | 'none';

/**
 * How a child of the sandboxed process (a shell, an MCP server) is kept from its parent:
 * - `namespace`: a nested boundary with its own process table and `/proc`;
 * - `no-proc`: a nested boundary whose process table is private but which has no `/proc`
 *   at all (the kernel refuses a fresh `/proc` there; this happens when the host runs as root);
 * - `shared`: children share the runtime's boundary (their environment is still scrubbed).
 */
export type ChildIsolation = 'namespace' | 'no-proc' | 'shared';

/** What the chosen boundary is, for `status`, logs and the UI. */
export interface SandboxStatus {
  /** What was asked for. */
  readonly requested: SandboxChoice;
  /** What runs. */
  readonly backend: SandboxBackendName;
  readonly strength: SandboxStrength;
  readonly network: NetworkPolicy;
  readonly children: ChildIsolation;
  /** One sentence for people, e.g. "Sandboxed with bubblewrap: …". */
  readonly description: string;
  /** Why the boundary is weaker than asked or than `strong` (absent when it is neither). */
  readonly reason?: string;
}

/** An extra folder from the mount allowlist, already checked (see mount-allowlist.ts). */
export interface CheckedMount {
  /** Real path on the host. */
  readonly host: string;
  /** Folder name under `/workspace/extra`. */
  readonly name: string;
  readonly mode: 'ro' | 'rw';
}

/** Container limits; bubblewrap and Seatbelt have none of their own. */
export interface ResourceLimits {
  /** Default 2048. */
  readonly memoryMb?: number;
  /** Default 2. */
  readonly cpus?: number;
  /** Default 512. */
  readonly pids?: number;
}

/** One process to run inside a boundary, and what it may see. */
export interface SandboxSpec {
  /** Absolute path of the program. */
  readonly command: string;
  readonly args: readonly string[];
  /** The complete environment of the process (nothing else is passed). */
  readonly env: Readonly<Record<string, string>>;
  /** Working directory; must be one of the visible paths. */
  readonly cwd: string;
  /** Folders the process may change, visible at their own paths. */
  readonly workspaces: readonly string[];
  /** Further host paths visible read-only at their own paths (the program, its libraries). */
  readonly readOnly?: readonly string[];
  /** Further host paths visible read-write at their own paths (the process's private data). */
  readonly writable?: readonly string[];
  /** Allowlisted extra folders, visible under `/workspace/extra/<name>`. */
  readonly mounts?: readonly CheckedMount[];
  /**
   * Folders covered by an empty one even where a visible folder contains them (the app's
   * data folder inside a workspace). A listed folder deeper inside stays visible.
   */
  readonly hidden?: readonly string[];
  /**
   * Files covered so that their content cannot be read or changed inside, where a visible
   * folder contains them (configuration nobody trusted).
   */
  readonly hiddenFiles?: readonly string[];
  readonly network: NetworkPolicy;
  readonly limits?: ResourceLimits;
  /**
   * With network `off`: a unix socket the host connects to, forwarded inside the boundary to
   * `127.0.0.1:<port>` (see bridge.ts). Its folder is made writable.
   */
  readonly bridge?: { readonly socket: string; readonly port: number; readonly node: string };
  /**
   * Keep the boundary running when the process that started it dies (a long-lived session
   * server that a restarted owner reconnects to). Default false: bubblewrap ends the boundary
   * with its parent. Containers outlive their client either way.
   */
  readonly outliveParent?: boolean;
  /**
   * A name written where the host can read it without entering the boundary (bubblewrap: the
   * command line, as `--setenv OPEN_COWORK_SANDBOX <label>`; containers: a label), so an owner
   * can tell its own boundaries from anyone else's. Printable, no whitespace.
   */
  readonly label?: string;
}

/** The command line that starts a spec inside a boundary. */
export interface SandboxedCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Removes what the backend left on the host (a container), after the process exited. Idempotent. */
  readonly cleanup?: () => Promise<void>;
  /**
   * Delivers a signal to the program inside, given the pid of the process that `command`
   * started, when signalling that process would not reach it (bubblewrap). False when the
   * program was not found. Absent: signal the started process itself.
   */
  readonly signal?: (pid: number, signal: NodeJS.Signals) => boolean;
}
