// Choosing a boundary once and using it: `prepareSandbox` resolves a choice (`auto` included)
// to a backend that was seen to work here, and the Sandbox it returns turns process specs
// into command lines for that backend and describes itself for status lines and the UI.
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import path from 'node:path';
import { SOCKET_RELAY } from './bridge.js';
import { bwrapArgs } from './bwrap.js';
import { childBoundary, type ChildBoundary, type ChildBoundaryInput } from './child-boundary.js';
import { CONTAINER_LABEL, containerArgs, type ContainerEngine } from './container.js';
import { AUTO_ORDER, probeBackend, type BackendProbe, type ProbeContext } from './detect.js';
import { SandboxError, SandboxErrorCode } from './errors.js';
import { readHostLayout, type HostLayout } from './host-layout.js';
import { runProbe } from './probe.js';
import { signalBwrapProgram } from './process-tree.js';
import { SANDBOX_EXEC, seatbeltArgs } from './seatbelt.js';
import { SANDBOX_CHOICES, type NetworkPolicy, type SandboxBackendName, type SandboxChoice, type SandboxedCommand, type SandboxSpec, type SandboxStatus } from './types.js';

export interface PrepareSandboxOptions {
  readonly choice: SandboxChoice;
  /** Default `on`. */
  readonly network?: NetworkPolicy;
  /** Where a backend may keep files it needs between starts (podman's empty root folder). */
  readonly stateDir: string;
  /** docker/podman: an image to run instead of the host's system folders on an empty root. */
  readonly image?: string;
  /**
   * Who starts the processes (one owner per data dir), written on containers so `sweep` can
   * remove those a crashed owner left running. Default `open-cowork`.
   */
  readonly owner?: string;
  /** Ports for tests. */
  readonly platform?: NodeJS.Platform;
  readonly pathVariable?: string;
  readonly homeDir?: string;
  readonly layout?: HostLayout;
}

/** A chosen, working boundary. */
export interface Sandbox {
  readonly status: SandboxStatus;
  /** The command line that runs `spec` inside this boundary (the spec's network is this sandbox's). */
  command(spec: Omit<SandboxSpec, 'network'>): SandboxedCommand;
  /**
   * The prefix that starts a child of a sandboxed process in a boundary of its own (or, where
   * the backend cannot nest, only without the named variables). Paths are as seen inside.
   */
  childBoundary(input: Omit<ChildBoundaryInput, 'isolation' | 'bwrap'>): ChildBoundary;
  /**
   * Removes what an earlier run of the same owner left behind (containers outlive a killed
   * client; bubblewrap sandboxes die with their parent and leave nothing). Returns what it removed.
   */
  sweep(): Promise<string[]>;
}

/** Parses a user-given choice (`--sandbox`, a setting), with a clear error for anything else. */
export function parseSandboxChoice(text: string, where = 'sandbox'): SandboxChoice {
  const value = text.trim().toLowerCase();
  if ((SANDBOX_CHOICES as readonly string[]).includes(value)) return value as SandboxChoice;
  throw new SandboxError(SandboxErrorCode.BadChoice, `${where}: "${text}" is not a sandbox choice; use one of ${SANDBOX_CHOICES.join(', ')}.`);
}

/**
 * Resolves the choice to a working backend. An explicit backend that does not work here is
 * an error (SANDBOX_UNAVAILABLE, saying why) — never a silent step down. `auto` takes the
 * first backend that works and, when none does, runs unsandboxed and says so in the status.
 */
export async function prepareSandbox(options: PrepareSandboxOptions): Promise<Sandbox> {
  const platform = options.platform ?? process.platform;
  const network = options.network ?? 'on';
  const layout = options.layout ?? (platform === 'linux' ? readHostLayout() : { system: [], masked: [], extraReadOnly: [], uid: process.getuid?.() ?? -1 });
  const context: ProbeContext = { platform, network, layout, stateDir: options.stateDir, ...(options.pathVariable === undefined ? {} : { pathVariable: options.pathVariable }) };
  const home = options.homeDir ?? homedir();
  if (options.choice === 'none') return makeSandbox(await probeBackend('none', context), options, layout, home, network);
  if (options.choice !== 'auto') {
    const probe = await probeBackend(options.choice, context);
    if (!probe.available) throw new SandboxError(SandboxErrorCode.Unavailable, `The ${options.choice} sandbox cannot run here: ${probe.reason ?? 'unknown reason'}.`, { backend: options.choice });
    return makeSandbox(probe, options, layout, home, network);
  }
  const refused: string[] = [];
  for (const backend of AUTO_ORDER[platform] ?? []) {
    const probe = await probeBackend(backend, context);
    if (probe.available) return makeSandbox(probe, options, layout, home, network, refused);
    refused.push(`${backend}: ${probe.reason ?? 'unavailable'}`);
  }
  const none = await probeBackend('none', context);
  return makeSandbox(none, options, layout, home, network, refused.length > 0 ? refused : [`no sandbox backend exists for ${platform}`]);
}

function makeSandbox(probe: BackendProbe, options: PrepareSandboxOptions, layout: HostLayout, home: string, network: NetworkPolicy, autoRefused?: readonly string[]): Sandbox {
  const status = describe(probe, options.choice, network, autoRefused);
  return {
    status,
    command: (partial) => {
      const spec = withBridge({ ...partial, network });
      switch (probe.backend) {
        case 'bwrap': {
          const program = probe.program ?? 'bwrap';
          return { command: program, args: bwrapArgs(spec, layout), env: { ...spec.env }, cwd: '/', signal: signalBwrapProgram };
        }
        case 'podman':
        case 'docker':
          return containerCommand(probe.backend, probe, spec, layout, options);
        case 'macos':
          return { command: SANDBOX_EXEC, args: seatbeltArgs(spec, home), env: { ...spec.env }, cwd: spec.cwd };
        case 'none':
          return { command: spec.command, args: [...spec.args], env: { ...spec.env }, cwd: spec.cwd };
      }
    },
    childBoundary: (input) => childBoundary({ ...input, isolation: probe.backend === 'bwrap' ? probe.children : 'shared', bwrap: probe.program ?? '/usr/bin/bwrap' }),
    sweep: async () => {
      if ((probe.backend !== 'podman' && probe.backend !== 'docker') || probe.program === undefined) return [];
      const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/' };
      const listed = await runProbe(probe.program, ['ps', '--all', '--quiet', '--filter', `label=${CONTAINER_LABEL}=${options.owner ?? 'open-cowork'}`], { env });
      const ids = listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
      if (ids.length > 0) await runProbe(probe.program, ['rm', '--force', ...ids], { env, timeoutMs: 60_000 });
      return ids;
    },
  };
}

/** With network off and a bridge asked for, the program runs under the relay, which Node runs. */
function withBridge(spec: SandboxSpec): SandboxSpec {
  if (!spec.bridge || spec.network === 'on') return spec;
  const { socket, port, node } = spec.bridge;
  return {
    ...spec,
    command: node,
    args: [SOCKET_RELAY, socket, String(port), '--', spec.command, ...spec.args],
    readOnly: [...(spec.readOnly ?? []), path.dirname(SOCKET_RELAY), path.dirname(node)],
  };
}

function containerCommand(engine: ContainerEngine, probe: BackendProbe, spec: SandboxSpec, layout: HostLayout, options: PrepareSandboxOptions): SandboxedCommand {
  const name = `open-cowork-${randomBytes(6).toString('hex')}`;
  const target = {
    name,
    ...(options.owner === undefined ? {} : { owner: options.owner }),
    ...(options.image !== undefined ? { image: options.image } : engine === 'docker' ? { image: 'open-cowork/sandbox-base:1' } : { rootfs: path.join(options.stateDir, 'podman-rootfs') }),
    ...(probe.runtime !== undefined ? { runtime: probe.runtime } : {}),
  };
  const program = probe.program ?? engine;
  // The engine client needs its own PATH/HOME; the program's variables are passed by name.
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/', ...spec.env };
  let removed: Promise<void> | undefined;
  return {
    command: program,
    args: containerArgs(engine, spec, layout, target),
    env,
    cwd: '/',
    cleanup: () => (removed ??= runProbe(program, ['rm', '--force', name], { env: { PATH: env.PATH, HOME: env.HOME }, timeoutMs: 30_000 }).then(() => undefined)),
  };
}

/** What each backend holds, in words for people. */
const BACKEND_WORDS: Record<Exclude<SandboxBackendName, 'none'>, string> = {
  bwrap: 'bubblewrap: system read-only, only the workspaces and the runtime\'s own folder writable, private /tmp and process table, no capabilities',
  podman: 'a podman container: read-only root, no capabilities, memory/CPU/process limits, private /tmp and process table, only the workspaces writable',
  docker: 'a docker container: read-only root, no capabilities, memory/CPU/process limits, private /tmp and process table, only the workspaces writable',
  macos: 'macOS Seatbelt: home folder and keychains unreadable, writes only to the workspaces, the runtime\'s own folder and temp, other processes out of sight',
};

function describe(probe: BackendProbe, requested: SandboxChoice, network: NetworkPolicy, autoRefused?: readonly string[]): SandboxStatus {
  const net = network === 'on' ? 'network on' : 'network off (loopback only)';
  if (probe.backend === 'none') {
    const reason = autoRefused ? `no sandbox works on this machine (${autoRefused.join('; ')})` : undefined;
    const description =
      requested === 'none'
        ? 'Not sandboxed (chosen): OpenCode, its shells and MCP servers run with your account\'s full access.'
        : `Not sandboxed: ${reason ?? 'no sandbox works on this machine'}. OpenCode, its shells and MCP servers run with your account's full access.`;
    return { requested, backend: 'none', strength: 'none', network: 'on', children: 'shared', description, ...(reason ? { reason } : {}) };
  }
  const gaps: string[] = [];
  if (probe.children === 'shared') gaps.push('children share the boundary of the process that starts them (a nested one cannot be created here): they see its files and its processes');
  if (probe.backend === 'macos') gaps.push('the Seatbelt profile is untested on a real Mac');
  const fellBack = requested === 'auto' && autoRefused && autoRefused.length > 0 ? ` (${autoRefused.join('; ')})` : '';
  const children =
    probe.children === 'namespace'
      ? 'each shell and MCP server in a nested boundary of its own'
      : probe.children === 'no-proc'
        ? 'each shell and MCP server in a nested boundary of its own, without /proc'
        : 'shells and MCP servers in the same boundary';
  const description = `Sandboxed with ${BACKEND_WORDS[probe.backend]}; ${net}; ${children}.`;
  return {
    requested,
    backend: probe.backend,
    strength: gaps.length === 0 ? 'strong' : 'partial',
    network,
    children: probe.children,
    description,
    ...(gaps.length > 0 || fellBack ? { reason: [...gaps, ...(fellBack ? [`auto skipped${fellBack}`] : [])].join('; ') } : {}),
  };
}
