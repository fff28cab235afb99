// Which backends work on this machine: each one is probed by actually starting something in
// it (a binary on PATH proves nothing), and the first working one in order of strength wins
// for `auto`. Probes are cached for the life of the process.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { bwrapArgs, nestedBwrapArgs } from './bwrap.js';
import { containerArgs, type ContainerEngine } from './container.js';
import type { HostLayout } from './host-layout.js';
import { findProgram, runProbe } from './probe.js';
import { SANDBOX_EXEC } from './seatbelt.js';
import type { ChildIsolation, NetworkPolicy, SandboxBackendName } from './types.js';

/** `auto` tries these, best first. bubblewrap first on Linux: it alone gives each child a boundary of its own. */
export const AUTO_ORDER: Readonly<Partial<Record<NodeJS.Platform, readonly SandboxBackendName[]>>> = {
  linux: ['bwrap', 'podman', 'docker'],
  darwin: ['macos'],
};

export interface BackendProbe {
  readonly backend: SandboxBackendName;
  readonly available: boolean;
  /** Why not, in the tool's own words (absent when available). */
  readonly reason?: string;
  /** The program that runs it. */
  readonly program?: string;
  readonly children: ChildIsolation;
  /** podman: the OCI runtime that worked. */
  readonly runtime?: string;
}

export interface ProbeContext {
  readonly platform: NodeJS.Platform;
  readonly network: NetworkPolicy;
  readonly layout: HostLayout;
  /** Where a backend may keep files it needs (podman's empty root folder). */
  readonly stateDir: string;
  readonly pathVariable?: string;
}

const cache = new Map<string, Promise<BackendProbe>>();

export function probeBackend(backend: SandboxBackendName, context: ProbeContext): Promise<BackendProbe> {
  const key = `${backend}|${context.platform}|${context.network}|${context.layout.uid}|${context.stateDir}`;
  let probe = cache.get(key);
  if (!probe) {
    probe = PROBES[backend](context);
    cache.set(key, probe);
  }
  return probe;
}

/** Forgets earlier answers (after installing something, and in tests). */
export function forgetProbes(): void {
  cache.clear();
}

const PROBES: Record<SandboxBackendName, (context: ProbeContext) => Promise<BackendProbe>> = {
  none: async () => ({ backend: 'none', available: true, children: 'shared' }),
  bwrap: probeBwrap,
  podman: (context) => probeContainer('podman', context),
  docker: (context) => probeContainer('docker', context),
  macos: probeMacos,
};

function trueProgram(): string {
  return findProgram('true', '/usr/bin:/bin') ?? '/usr/bin/true';
}

async function probeBwrap(context: ProbeContext): Promise<BackendProbe> {
  const unavailable = (reason: string): BackendProbe => ({ backend: 'bwrap', available: false, reason, children: 'shared' });
  if (context.platform !== 'linux') return unavailable('bubblewrap runs on Linux only');
  const program = findProgram('bwrap', context.pathVariable);
  if (!program) return unavailable('bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)');
  const inside = (command: string, args: readonly string[]) =>
    runProbe(program, bwrapArgs({ command, args, env: {}, cwd: '/tmp', workspaces: [], network: context.network }, context.layout), { env: {} });
  const truth = trueProgram();
  const outer = await inside(truth, []);
  if (!outer.ok) return unavailable(`bubblewrap cannot create a sandbox here: ${outer.detail}`);
  // Children: a nested boundary with its own /proc, else one without /proc, else none.
  for (const [children, proc] of [['namespace', 'proc'], ['no-proc', 'none']] as const) {
    const nested = await inside(program, [...nestedBwrapArgs({ proc }), '--', truth]);
    if (nested.ok) return { backend: 'bwrap', available: true, program, children };
  }
  return { backend: 'bwrap', available: true, program, children: 'shared' };
}

async function probeContainer(engine: ContainerEngine, context: ProbeContext): Promise<BackendProbe> {
  const unavailable = (reason: string): BackendProbe => ({ backend: engine, available: false, reason, children: 'shared' });
  if (context.platform !== 'linux') return unavailable(`the ${engine} backend mounts the host's Linux system folders and runs on Linux only`);
  const program = findProgram(engine, context.pathVariable);
  if (!program) return unavailable(`${engine} is not installed`);
  const env = { PATH: context.pathVariable ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/' };
  if (engine === 'docker') {
    const server = await runProbe(program, ['version', '--format', '{{.Server.Version}}'], { env, timeoutMs: 20_000 });
    if (!server.ok) return unavailable(`cannot reach the docker engine: ${server.detail}`);
  }
  const rootfs = engine === 'podman' ? path.join(context.stateDir, 'podman-rootfs') : undefined;
  if (rootfs) await mkdir(rootfs, { recursive: true, mode: 0o700 });
  const image = engine === 'docker' ? await dockerBaseImage(program, env) : undefined;
  if (engine === 'docker' && image === undefined) return unavailable('could not create the docker base image');
  const runtimes = engine === 'podman' && findProgram('runc', context.pathVariable) ? [undefined, 'runc'] : [undefined];
  let last = '';
  for (const runtime of runtimes) {
    const target = { name: `open-cowork-probe-${process.pid}-${Date.now()}`, ...(image ? { image } : {}), ...(rootfs ? { rootfs } : {}), ...(runtime ? { runtime } : {}) };
    const run = (command: string, args: readonly string[]) =>
      runProbe(program, containerArgs(engine, { command, args, env: {}, cwd: '/tmp', workspaces: [], network: context.network }, context.layout, target), { env, timeoutMs: 60_000 });
    const started = await run(trueProgram(), []);
    if (!started.ok) {
      last = started.detail;
      continue;
    }
    const bwrap = findProgram('bwrap', '/usr/bin:/bin');
    const nested = bwrap ? await run(bwrap, [...nestedBwrapArgs({ proc: 'proc' }), '--', trueProgram()]) : { ok: false };
    return { backend: engine, available: true, program, children: nested.ok ? 'namespace' : 'shared', ...(runtime ? { runtime } : {}) };
  }
  return unavailable(`${engine} cannot start a container here: ${last}`);
}

/** docker has no root-folder option: an empty image built from `scratch`, made once. */
async function dockerBaseImage(program: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const image = 'open-cowork/sandbox-base:1';
  if ((await runProbe(program, ['image', 'inspect', image], { env })).ok) return image;
  const built = await runProbe('/bin/sh', ['-c', `printf 'FROM scratch\\nLABEL ${'io.open-cowork.sandbox'}=1\\n' | "$0" build -q -t ${image} -`, program], { env, timeoutMs: 60_000 });
  return built.ok ? image : undefined;
}

async function probeMacos(context: ProbeContext): Promise<BackendProbe> {
  const unavailable = (reason: string): BackendProbe => ({ backend: 'macos', available: false, reason, children: 'shared' });
  if (context.platform !== 'darwin') return unavailable('Seatbelt (sandbox-exec) exists on macOS only');
  const run = await runProbe(SANDBOX_EXEC, ['-p', '(version 1)(allow default)', trueProgram()]);
  if (!run.ok) return unavailable(`sandbox-exec does not work here: ${run.detail}`);
  return { backend: 'macos', available: true, program: SANDBOX_EXEC, children: 'shared' };
}
