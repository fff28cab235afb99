// One session's OpenCode server inside its sandbox. It is started detached and outlives the
// process that started it, so a restarted owner reconnects to it ("port readback": the URL and
// password are kept in the session's host-only folder). It is found again only by the label on
// its command line, which names this product, this data dir and the session; a process without
// this data dir's label is never signalled.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { BRIDGED_PORT, childPids, openSocketBridge, SANDBOX_LABEL_ENV, signalBwrapProgram, type Sandbox, type SocketBridge } from '@open-cowork/sandbox';
import { SERVE_ARGS } from '@open-cowork/runtime';
import { cgroupName, removeSessionCgroup } from './cgroup.js';
import { ownLabel, sandboxLabel } from './ids.js';

const LISTENING = /opencode server listening on (http:\/\/[^\s]+)/;

export interface ServerLaunch {
  readonly sandbox: Sandbox;
  readonly binary: string;
  readonly env: Readonly<Record<string, string>>;
  readonly workspace: string;
  readonly label: string;
  /** Host-only file that receives the server's stdout and stderr. */
  readonly logFile: string;
  readonly readOnly: readonly string[];
  readonly writable: readonly string[];
  readonly hidden: readonly string[];
  readonly readyTimeoutMs: number;
  /** Networking off: the unix socket the host reaches the server through (see the sandbox's bridge). */
  readonly socket?: string;
  /** `cgroup.procs` files the sandbox joins before bubblewrap runs, so all it starts is limited (cgroup.ts). */
  readonly cgroupProcs?: readonly string[];
}

/**
 * Joins the cgroups named in its arguments, then execs the sandbox: the process keeps its pid and
 * becomes bubblewrap, so nothing inside can start before it is limited.
 */
const JOIN_CGROUPS = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n-1)); done; exec "$@"';

export interface LaunchedServer {
  readonly pid: number;
  readonly url: string;
  /** The host side of the socket bridge, when networking is off. */
  readonly bridge?: SocketBridge;
}

export class ServerStartError extends Error {
  override name = 'ServerStartError';
}

/** Starts the server and waits for its listening line and a healthy answer. */
export async function launchServer(options: ServerLaunch, authorization: string): Promise<LaunchedServer> {
  const { socket } = options;
  const command = options.sandbox.command({
    command: options.binary,
    args: socket === undefined ? [...SERVE_ARGS] : SERVE_ARGS.map((arg, i) => (SERVE_ARGS[i - 1] === '--port' ? String(BRIDGED_PORT) : arg)),
    ...(socket === undefined ? {} : { bridge: { socket, port: BRIDGED_PORT, node: process.execPath } }),
    env: options.env,
    cwd: options.workspace,
    workspaces: [options.workspace],
    readOnly: options.readOnly,
    writable: options.writable,
    hidden: options.hidden,
    outliveParent: true,
    label: options.label,
  });
  const fd = openSync(options.logFile, 'a', 0o600);
  // The log keeps earlier servers' lines (their "listening" line among them): read only this one's.
  const from = fstatSync(fd).size;
  let pid: number | undefined;
  let exited = false;
  try {
    const procs = options.cgroupProcs ?? [];
    const [file, args] = procs.length === 0 ? [command.command, [...command.args]] : ['/bin/sh', ['-c', JOIN_CGROUPS, 'join-cgroups', String(procs.length), ...procs, command.command, ...command.args]];
    const child = spawn(file, args, { cwd: command.cwd, env: { ...command.env }, detached: true, stdio: ['ignore', fd, fd] });
    child.once('exit', () => (exited = true));
    child.once('error', () => (exited = true));
    child.unref();
    pid = child.pid;
  } finally {
    closeSync(fd);
  }
  if (pid === undefined) throw new ServerStartError(`Could not start the session server: ${await logTail(options.logFile)}`);
  const deadline = Date.now() + options.readyTimeoutMs;
  let bridge: SocketBridge | undefined;
  try {
    const inside = await waitForListening(options.logFile, from, deadline, () => exited);
    bridge = socket === undefined ? undefined : await openSocketBridge(socket);
    const url = bridge?.url ?? inside;
    await waitHealthy(url, authorization, deadline);
    return { pid, url, ...(bridge ? { bridge } : {}) };
  } catch (error) {
    await bridge?.close();
    await stopServer(pid, options.label, 2000);
    throw error;
  }
}

async function waitForListening(logFile: string, from: number, deadline: number, exited: () => boolean): Promise<string> {
  for (;;) {
    const text = (await readFile(logFile).catch(() => Buffer.alloc(0))).subarray(from).toString('utf8');
    const match = LISTENING.exec(text);
    if (match?.[1]) return match[1];
    if (exited()) throw new ServerStartError(`The session server exited during start-up.${tailOf(text)}`);
    if (Date.now() >= deadline) throw new ServerStartError(`The session server did not report that it was listening within the server-ready timeout.${tailOf(text)}`);
    await sleep(100);
  }
}

async function waitHealthy(url: string, authorization: string, deadline: number): Promise<void> {
  let delay = 100;
  for (;;) {
    if (await isHealthy(url, authorization)) return;
    if (Date.now() >= deadline) throw new ServerStartError('The session server did not answer its health check within the server-ready timeout.');
    await sleep(delay);
    delay = Math.min(delay * 2, 2000);
  }
}

/** One health probe with its own timeout: a probe can hang on a server that is still booting. */
export async function isHealthy(url: string, authorization: string, timeoutMs = 5000): Promise<boolean> {
  try {
    const response = await fetch(`${url}/global/health`, { headers: { authorization }, signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** Whether `pid` is alive and carries exactly `label`. */
export function isLabelled(pid: number, label: string): boolean {
  return labelOf(pid) === label;
}

/**
 * Stops a session server: SIGTERM to OpenCode inside, then after `graceMs` SIGKILL to every
 * process of the sandbox (bubblewrap and the sandbox's init, whose death ends everything
 * inside). Only processes carrying `label` are signalled.
 */
export async function stopServer(pid: number, label: string, graceMs = 5000): Promise<void> {
  if (!isLabelled(pid, label)) return;
  signalBwrapProgram(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isLabelled(pid, label) && Date.now() < deadline) await sleep(100);
  for (const target of [...childPids(pid).filter((child) => isLabelled(child, label)), pid]) {
    if (!isLabelled(target, label)) continue;
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  const killedBy = Date.now() + 5000;
  while (isLabelled(pid, label) && Date.now() < killedBy) await sleep(50);
}

/**
 * The outermost process of every sandbox this data dir owns, by session id. A sandbox's own
 * init is a fork of bubblewrap with the same command line; it is skipped as the child of one found.
 */
export function findOwnSandboxes(tag: string): Map<string, number[]> {
  const found = new Map<number, string>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return new Map();
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const label = labelOf(Number(entry));
    if (label !== undefined && ownLabel(label, tag) !== undefined) found.set(Number(entry), label);
  }
  const bySession = new Map<string, number[]>();
  for (const [pid, label] of found) {
    if (found.get(parentOf(pid)) === label) continue;
    const session = ownLabel(label, tag)!;
    bySession.set(session, [...(bySession.get(session) ?? []), pid]);
  }
  return bySession;
}

/** Stops every sandbox this data dir owns (an operator's or a test's last resort); returns their session ids. */
export async function stopOwnSandboxes(tag: string, graceMs = 1000): Promise<string[]> {
  const found = findOwnSandboxes(tag);
  for (const [sessionId, pids] of found) {
    for (const pid of pids) await stopServer(pid, sandboxLabel(tag, sessionId), graceMs);
    await removeSessionCgroup(cgroupName(tag, sessionId));
  }
  return [...found.keys()];
}

function labelOf(pid: number): string | undefined {
  let raw: string;
  try {
    if (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z')) return undefined;
    raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
  const args = raw.split('\0');
  // Only an argument pair before `--` is bubblewrap's own; later ones belong to the program.
  const end = args.indexOf('--');
  for (let i = 0; i < (end === -1 ? args.length : end) - 2; i += 1) {
    if (args[i] === '--setenv' && args[i + 1] === SANDBOX_LABEL_ENV) return args[i + 2];
  }
  return undefined;
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** Resident memory of a process and its descendants in MB (Linux), for status. */
export function treeResidentMb(pid: number): number {
  let kb = 0;
  const queue = [pid];
  for (let seen = 0; queue.length > 0 && seen < 256; seen += 1) {
    const next = queue.shift()!;
    try {
      const line = readFileSync(`/proc/${next}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
      kb += Number(line?.split(/\s+/)[1]) || 0;
    } catch {
      continue;
    }
    queue.push(...childPids(next));
  }
  return Math.round(kb / 1024);
}

async function logTail(file: string): Promise<string> {
  return tailOf(await readFile(file, 'utf8').catch(() => ''));
}

function tailOf(text: string): string {
  const lines = text.trim().split('\n').slice(-5).join('\n');
  return lines ? ` Last output:\n${lines}` : '';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
