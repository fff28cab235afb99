// The runtime inside a sandbox. Chosen at a boot (the strongest that works, unless the owner
// asks otherwise) and kept until the owner's choice changes, applied at every boot:
// - OpenCode runs in the outer boundary, which shows it the system read-only, the workspaces
//   in use, its own folder, and the folders its MCP servers and skills live in;
// - OpenCode configuration (plugins, `opencode.json`, …) in those folders and their parents is
//   covered over unless its folder is trusted (see project-config.ts); unsandboxed, a call in
//   a folder with such configuration around it is refused instead;
// - every shell it starts goes through `$SHELL`, pointed at a wrapper that starts the real
//   shell in a nested child boundary; every local MCP server is started behind the same
//   boundary's prefix. A child there has a process table of its own (its parent's /proc entry,
//   environment included, is not there), sees the runtime's folder covered up but for the
//   runtime's home and temp, and never gets the runtime-only variables;
// - with networking off, OpenCode serves on a fixed port inside, reached through a unix socket.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import {
  BRIDGED_PORT,
  findProgram,
  isWithin,
  openSocketBridge,
  prepareSandbox,
  shellWrapperScript,
  type CheckedMount,
  type NetworkPolicy,
  type ResourceLimits,
  type Sandbox,
  type SandboxChoice,
  type SandboxStatus,
} from '@open-cowork/sandbox';
import type { RuntimeHome } from './environment.js';
import type { LaunchSandbox } from './launch.js';
import { isolateMcpCommands, RUNTIME_ONLY_ENV } from './mcp-isolation.js';
import { writePrivateFile } from './private-write.js';
import { untrustedProjectConfig, type FolderConfig } from './project-config.js';
import { RuntimeError, RuntimeRequestErrorCode } from './session/errors.js';

/** How the supervisor sandboxes the runtime. Every field is optional: the default is `auto`. */
export interface RuntimeSandboxOptions {
  /**
   * Default `auto`: the strongest backend that works here, or none (said so in the status).
   * A function is asked again at every boot (a user setting): a changed answer takes effect then.
   */
  readonly backend?: SandboxChoice | (() => SandboxChoice | Promise<SandboxChoice>);
  /** Default `on` (providers are on the network). `off` leaves loopback only, reached by a socket bridge. */
  readonly network?: NetworkPolicy;
  /** The folders the agent works in, read at every boot: a new one needs a restart to become visible. */
  readonly workspaces?: () => readonly string[] | Promise<readonly string[]>;
  /** Further host folders visible read-only (e.g. where bundled MCP servers and skills are installed). */
  readonly readOnly?: readonly string[];
  /** Further host folders visible read-write. */
  readonly writable?: readonly string[];
  /**
   * Folders whose own OpenCode configuration may load, read at every boot and before a
   * folder's first use (the user's workspace trust). Default: none. Configuration in any other
   * folder around a workspace is covered over; unsandboxed, calls there are refused.
   */
  readonly trustedFolders?: () => readonly string[] | Promise<readonly string[]>;
  /** Allowlisted extra folders (checked with the sandbox package's checkMounts). */
  readonly mounts?: readonly CheckedMount[];
  /**
   * Folders to cover even where a workspace or read-only folder contains them. The app's data
   * folder (the parent of the runtime's own) is always covered: settings, sealed credentials
   * and their key stay out of reach when someone makes a parent of it a workspace.
   */
  readonly hidden?: readonly string[];
  /** podman/docker: an image instead of the host's system folders on an empty root. */
  readonly image?: string;
  readonly limits?: ResourceLimits;
  /** The program that runs the socket bridge inside (network off). Default: this Node. */
  readonly node?: string;
}

/** What one boot runs with. */
export interface BootBoundary {
  readonly status: SandboxStatus;
  /** OpenCode's config with every local MCP command behind the child boundary. */
  readonly config: unknown;
  /** Variables for the runtime's environment (`SHELL`, pointed at the wrapper). */
  readonly env: Readonly<Record<string, string>>;
  /** Absent when unsandboxed. */
  readonly launch?: LaunchSandbox;
  /** Containers an earlier, crashed run of this data dir left running, removed now (first boot only). */
  readonly swept: readonly string[];
  /**
   * OpenCode configuration of untrusted folders around the workspaces and the runtime's home:
   * covered over when sandboxed; unsandboxed (`covered` false), calls in those folders are refused.
   */
  readonly untrusted: readonly FolderConfig[];
  readonly covered: boolean;
}

/** What a call in a folder needs before it may be made (see RuntimeBoundary.admit). */
export type Admission = { readonly verdict: 'ok' } | { readonly verdict: 'restart'; readonly reason: string };

export class RuntimeBoundary {
  readonly #options: RuntimeSandboxOptions;
  readonly #home: RuntimeHome;
  /** The sandbox for `#choice`, probed once per choice. */
  #sandbox: Promise<Sandbox> | undefined;
  #choice: SandboxChoice | undefined;
  /** The sandbox the current boot runs in. */
  #booted: Sandbox | undefined;
  /** Backends whose leftover containers were swept (once each). */
  readonly #swept = new Set<string>();
  /** The workspaces the current boot shows; undefined when unsandboxed or not booted. */
  #shown: readonly string[] | undefined;
  /** Real paths of the configuration the current boot covers. */
  #covered = new Set<string>();
  /** What the current boot hides (`hiddenKey`). */
  #bootedHidden: string | undefined;
  /** The folders the current boot's config needed (`#pathsKey`). */
  #bootedPaths: string | undefined;
  /** Folders already admitted during the current boot: OpenCode read their configuration then. */
  #admitted = new Set<string>();
  /** Every folder calls were made in (sub-folders of workspaces among them), looked around at every boot. */
  readonly #used = new Set<string>();

  constructor(options: RuntimeSandboxOptions, home: RuntimeHome) {
    this.#options = options;
    this.#home = home;
  }

  /** The folder the sandbox keeps its own files in (wrapper, bridge socket, podman's root). */
  get dir(): string {
    return path.join(this.#home.root, 'sandbox');
  }

  /**
   * The sandbox the current boot runs in; before the first boot, the one the owner's choice
   * gives. Rejects with SANDBOX_UNAVAILABLE when an explicit choice cannot run.
   */
  sandbox(): Promise<Sandbox> {
    return this.#booted === undefined ? this.#chosen() : Promise.resolve(this.#booted);
  }

  /** The sandbox for the owner's current choice (probed once per choice). */
  async #chosen(): Promise<Sandbox> {
    const wanted = this.#options.backend;
    const choice = (typeof wanted === 'function' ? await wanted() : wanted) ?? 'auto';
    if (this.#sandbox === undefined || this.#choice !== choice) {
      this.#choice = choice;
      const probing = prepareSandbox({
        choice,
        network: this.#options.network ?? 'on',
        stateDir: this.dir,
        owner: `open-cowork-${createHash('sha256').update(this.#home.root).digest('hex').slice(0, 12)}`,
        ...(this.#options.image === undefined ? {} : { image: this.#options.image }),
      });
      this.#sandbox = probing;
      // A failed choice is not remembered: the next boot tries again (something may be installed meanwhile).
      probing.catch(() => {
        if (this.#sandbox === probing) this.#sandbox = undefined;
      });
    }
    return this.#sandbox;
  }

  async prepare(input: { readonly binary: string; readonly config: unknown }): Promise<BootBoundary> {
    this.#booted = undefined;
    const sandbox = await this.#chosen();
    this.#booted = sandbox;
    const { status } = sandbox;
    const swept = this.#swept.has(status.backend) ? [] : await sandbox.sweep();
    this.#swept.add(status.backend);
    this.#shown = undefined;
    this.#admitted = new Set();
    const home = this.#home;
    const workspaces = await this.wantedWorkspaces();
    const untrusted = await this.untrustedAround([...workspaces, ...this.#used, home.home]);
    if (status.backend === 'none') return { status, config: isolateMcpCommands(input.config), env: {}, swept, untrusted, covered: false };
    const boundary = this.#childBoundary(sandbox);
    const config = isolateMcpCommands(input.config, process.platform, boundary.prefix);
    const env: Record<string, string> = {};
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    if (boundary.isolation !== 'shared') env['SHELL'] = await this.#writeShellWrapper(shellWrapperScript(boundary, realShell()));
    const paths = launchPaths(input.config);
    this.#bootedPaths = this.#pathsKey(input.config);
    // Folders the owner wants writable are made if missing (bubblewrap binds only what exists);
    // read-only ones that do not exist are left out.
    const writable = this.#options.writable ?? [];
    for (const dir of writable) await mkdir(dir, { recursive: true, mode: 0o700 });
    const readOnly = (this.#options.readOnly ?? []).filter((dir) => existsSync(dir));
    const node = this.#options.node ?? process.execPath;
    const network = this.#options.network ?? 'on';
    const socket = path.join(this.dir, 'bridge', 'opencode.sock');
    if (network === 'off') await mkdir(path.dirname(socket), { recursive: true, mode: 0o700 });
    const launch: LaunchSandbox = {
      wrap: (plain) =>
        sandbox.command({
          ...plain,
          workspaces,
          readOnly: [path.dirname(input.binary), ...paths.readOnly, ...readOnly],
          writable: [home.root, ...paths.writable, ...writable],
          hidden: [path.dirname(home.root), ...(this.#options.hidden ?? []), ...untrusted.flatMap((found) => found.folders)],
          hiddenFiles: untrusted.flatMap((found) => found.files),
          ...(this.#options.mounts === undefined ? {} : { mounts: this.#options.mounts }),
          ...(this.#options.limits === undefined ? {} : { limits: this.#options.limits }),
          ...(network === 'off' ? { bridge: { socket, port: BRIDGED_PORT, node } } : {}),
        }),
      ...(network === 'off' ? { bridge: { port: BRIDGED_PORT, open: () => openSocketBridge(socket) } } : {}),
    };
    this.#shown = workspaces;
    this.#bootedHidden = hiddenKey(untrusted);
    this.#covered = new Set(untrusted.flatMap((found) => [...found.folders, ...found.files]));
    return { status, config, env, launch, swept, untrusted, covered: true };
  }

  /**
   * A new config for the running boot, prepared as `prepare` would (MCP commands isolated),
   * or undefined when it cannot run in that boot: the sandbox choice changed, or its MCP
   * servers need folders the boot does not show. No side effects.
   */
  async reconfigure(config: unknown): Promise<unknown> {
    const booted = this.#booted;
    if (booted === undefined || (await this.#chosen()) !== booted) return undefined;
    if (booted.status.backend === 'none') return isolateMcpCommands(config);
    if (this.#pathsKey(config) !== this.#bootedPaths) return undefined;
    // What the boot shows and hides is fixed for its life: a workspace added, or configuration
    // trusted, revoked or appeared since, needs a new process.
    const workspaces = await this.wantedWorkspaces();
    if (JSON.stringify(workspaces) !== JSON.stringify(this.#shown)) return undefined;
    if (hiddenKey(await this.untrustedAround([...workspaces, ...this.#used, this.#home.home])) !== this.#bootedHidden) return undefined;
    return isolateMcpCommands(config, process.platform, this.#childBoundary(booted).prefix);
  }

  /** The folders a config needs beyond those every boot shows anyway (the owner's writable and read-only ones), as JSON. */
  #pathsKey(config: unknown): string {
    const granted = new Set([...(this.#options.writable ?? []), ...(this.#options.readOnly ?? [])]);
    const { readOnly, writable } = launchPaths(config);
    return JSON.stringify({ readOnly: readOnly.filter((dir) => !granted.has(dir)), writable: writable.filter((dir) => !granted.has(dir)) });
  }

  #childBoundary(sandbox: Sandbox): ReturnType<Sandbox['childBoundary']> {
    return sandbox.childBoundary({ hide: [this.#home.root], keep: [this.#home.home, this.#home.tmp], unsetEnv: RUNTIME_ONLY_ENV });
  }

  /**
   * Before a call in `directory`. Unsandboxed, refuses (RUNTIME_UNTRUSTED_FOLDER) when the
   * folder or one above it holds configuration nobody trusted. Sandboxed, asks for a restart
   * before the folder's first use in this boot when the boot does not show its workspace (one
   * added since) or does not cover such configuration (some that appeared since): OpenCode
   * reads a folder's configuration once, at its first use.
   */
  async admit(directory: string): Promise<Admission> {
    const sandbox = await this.sandbox();
    const real = await realpath(directory).catch(() => path.resolve(directory));
    if (sandbox.status.backend === 'none') {
      const untrusted = await this.untrustedAround([real]);
      if (untrusted.length > 0) throw untrustedError(real, untrusted);
      return { verdict: 'ok' };
    }
    if (this.#shown === undefined || this.#admitted.has(real)) return { verdict: 'ok' };
    this.#used.add(real);
    if (await this.hides(real)) return { verdict: 'restart', reason: `workspace ${real} was added` };
    const uncovered = (await this.untrustedAround([real])).filter((found) => [...found.folders, ...found.files].some((entry) => !this.#covered.has(entry)));
    if (uncovered.length > 0) return { verdict: 'restart', reason: `OpenCode configuration appeared in ${uncovered.map((found) => found.folder).join(', ')}` };
    this.#admitted.add(real);
    return { verdict: 'ok' };
  }

  /** The OpenCode configuration around `folders` that no trusted folder holds. */
  async untrustedAround(folders: readonly string[]): Promise<FolderConfig[]> {
    return untrustedProjectConfig(folders, (await this.#options.trustedFolders?.()) ?? []);
  }

  /**
   * Whether `directory` is in a workspace the owner lists now but the current boot does not
   * show (one added since): only a restart makes it visible.
   */
  async hides(directory: string): Promise<boolean> {
    const shown = this.#shown;
    if (shown === undefined) return false;
    const real = await realpath(directory).catch(() => path.resolve(directory));
    if (shown.some((workspace) => isWithin(workspace, real))) return false;
    return (await this.wantedWorkspaces()).some((workspace) => isWithin(workspace, real));
  }

  /** The workspaces the owner lists now, as real paths (missing folders left out). */
  async wantedWorkspaces(): Promise<string[]> {
    return realFolders((await this.#options.workspaces?.()) ?? []);
  }

  /** `<dir>/shell/<name of the real shell>`: OpenCode accepts a `$SHELL` by its file name. */
  async #writeShellWrapper(script: string): Promise<string> {
    const file = path.join(this.dir, 'shell', path.basename(realShell()));
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writePrivateFile(file, script);
    await chmod(file, 0o700);
    return file;
  }
}

function hiddenKey(untrusted: readonly FolderConfig[]): string {
  return JSON.stringify(untrusted.flatMap((found) => [...found.folders, ...found.files]).sort());
}

function untrustedError(directory: string, untrusted: readonly FolderConfig[]): RuntimeError {
  const where = untrusted.map((found) => `${found.folder} (${[...found.folders, ...found.files].map((entry) => path.basename(entry)).join(', ')})`).join('; ');
  return new RuntimeError(
    RuntimeRequestErrorCode.Untrusted,
    `Not working in ${directory}: OpenCode would load the configuration in ${where}, which is not trusted, and the runtime runs without a sandbox that could keep it out. Trust ${untrusted.length === 1 ? 'that folder' : 'those folders'}, remove the configuration, or run the runtime in a sandbox.`,
    { operation: 'folder check', untrustedFolders: untrusted.map((found) => found.folder) },
  );
}

function realShell(): string {
  return findProgram('bash', '/usr/bin:/bin') ?? '/bin/sh';
}

async function realFolders(folders: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const folder of folders) {
    const real = await realpath(folder).catch(() => undefined);
    if (real !== undefined && !found.includes(real)) found.push(real);
  }
  return found;
}

/**
 * Host paths the built config refers to. Read-only: for every absolute path in a local MCP
 * command (the Node binary, the server's script), its package (the nearest folder above it
 * with a package.json, else its own folder) and every `node_modules` folder above it, which
 * is where Node looks for the server's dependencies; and the skill folders. Read-write: the
 * folders named in an MCP server's environment (its data folder); files named there are
 * read-only.
 */
export function launchPaths(config: unknown): { readOnly: string[]; writable: string[] } {
  const readOnly = new Set<string>();
  const writable = new Set<string>();
  const record = (value: unknown): Record<string, unknown> | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
  const root = record(config);
  for (const entry of Object.values(record(root?.['mcp']) ?? {})) {
    const server = record(entry);
    if (server?.['type'] !== 'local') continue;
    for (const part of Array.isArray(server['command']) ? server['command'] : []) {
      if (typeof part === 'string' && path.isAbsolute(part) && existsSync(part)) for (const dir of programFolders(part)) readOnly.add(dir);
    }
    for (const value of Object.values(record(server['environment']) ?? {})) {
      if (typeof value !== 'string' || !path.isAbsolute(value) || !existsSync(value)) continue;
      (statSync(value).isDirectory() ? writable : readOnly).add(value);
    }
  }
  const skills = record(root?.['skills'])?.['paths'];
  for (const dir of Array.isArray(skills) ? skills : []) if (typeof dir === 'string' && path.isAbsolute(dir) && existsSync(dir)) readOnly.add(dir);
  return { readOnly: [...readOnly], writable: [...writable] };
}

/** A program's package folder and the `node_modules` folders above it (see launchPaths). */
function programFolders(program: string): string[] {
  const own = statSync(program).isDirectory() ? program : path.dirname(program);
  const folders: string[] = [];
  let packageRoot: string | undefined;
  for (let dir = own; ; dir = path.dirname(dir)) {
    if (packageRoot === undefined && existsSync(path.join(dir, 'package.json'))) packageRoot = dir;
    const modules = path.join(dir, 'node_modules');
    if (existsSync(modules)) folders.push(modules);
    if (path.dirname(dir) === dir) break;
  }
  // System programs (/usr/bin/node) need no package: /usr is visible anyway.
  return [packageRoot ?? own, ...folders];
}
