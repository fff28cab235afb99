// The runner's loop: N slots, each long-polling the gateway for a task of this machine's
// workspaces, running it on the host, and reporting it. A gateway that is away (restarting, the
// network gone) is polled again with backoff; a refused token stops the runner. Stopping
// releases the tasks it holds, so the gateway can requeue them at once.
import { setTimeout as wait } from 'node:timers/promises';
import type { RunnerAssignment, TaskKind, TaskResult } from '@open-cowork/contracts';
import { eventSessionId, workspaceFor, type RunTarget } from '../run/target.js';
import type { GatewayClient } from './gateway-client.js';
import { runCommandTask, type CommandSandbox } from './command-task.js';
import { runPromptTask, SessionEvents, type Approve } from './prompt-task.js';
import { TaskLease } from './task-lease.js';

export interface RunnerLog {
  /** A line for the operator (stderr). */
  note(text: string): void;
  /** One machine-readable event (stdout with --json). */
  event(value: Record<string, unknown>): void;
}

export interface RunnerOptions {
  readonly client: GatewayClient;
  readonly target: RunTarget;
  /** Workspace label → real path of its folder on this machine. */
  readonly workspaces: ReadonlyMap<string, string>;
  readonly concurrency: number;
  readonly approve: Approve;
  readonly log: RunnerLog;
  /** Aborted to stop the runner (Ctrl-C, SIGTERM). */
  readonly signal: AbortSignal;
  /** Long-poll wait in seconds. Default 30. */
  readonly pollWaitSeconds?: number;
  /** Where command tasks run (--allow-commands); without it the runner takes prompt tasks only. */
  readonly commands?: CommandSandbox;
}

export type RunnerExit = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Waits `ms`, or less when `signal` aborts (resolves either way). */
const sleep = (ms: number, signal: AbortSignal): Promise<void> => wait(ms, undefined, { signal }).catch(() => undefined);

export class Runner {
  readonly #options: RunnerOptions;
  readonly #stop = new AbortController();
  readonly #events = new SessionEvents();
  /** Runner session (opaque, from the gateway) → host session id: later tasks continue it. */
  readonly #sessions = new Map<string, string>();
  readonly #workspaceIds = new Map<string, string>();
  readonly #kinds: readonly TaskKind[];
  #fatal: string | undefined;
  #outage: string | undefined;

  constructor(options: RunnerOptions) {
    this.#options = options;
    this.#kinds = options.commands === undefined ? ['prompt'] : ['prompt', 'command'];
  }

  /** Runs until stopped (ok) or until the gateway refuses the token or the host goes away (not ok). */
  async run(): Promise<RunnerExit> {
    const { options } = { options: this.#options };
    const onStop = (): void => this.#stop.abort();
    options.signal.addEventListener('abort', onStop, { once: true });
    if (options.signal.aborted) this.#stop.abort();
    const unsubscribe = await options.target.subscribe(
      (event) => this.#events.dispatch(eventSessionId(event), event),
      (reason) => this.#halt(`lost the host's event stream (${reason}); is the host still running?`),
    );
    try {
      await this.#prepare();
      if (this.#stop.signal.aborted) return this.#exit();
      options.log.event({ type: 'runner.started', gateway: options.client.url, workspaces: [...options.workspaces.keys()], concurrency: options.concurrency });
      await Promise.all(Array.from({ length: options.concurrency }, (_, slot) => this.#slot(slot)));
    } finally {
      options.signal.removeEventListener('abort', onStop);
      unsubscribe();
    }
    return this.#exit();
  }

  #exit(): RunnerExit {
    this.#options.log.event({ type: 'runner.stopped', ...(this.#fatal === undefined ? {} : { reason: this.#fatal }) });
    return this.#fatal === undefined ? { ok: true } : { ok: false, reason: this.#fatal };
  }

  /**
   * Before the first poll: every workspace is one of the host's, and its runtime is ready, so a
   * claimed task does not spend its lease waiting for a boot (or for the restart that adding a
   * workspace to a running host causes).
   */
  async #prepare(): Promise<void> {
    const { target, workspaces, log } = this.#options;
    const before = Date.now();
    let added = false;
    try {
      const known = (await target.call('workspaces.list', {})).workspaces;
      for (const directory of new Set(workspaces.values())) {
        const found = known.find((workspace) => workspace.path === directory);
        const id = found?.id ?? (await target.call('workspaces.add', { path: directory })).id;
        added ||= found === undefined;
        this.#workspaceIds.set(directory, id);
      }
      for (let delay = 200; !this.#stop.signal.aborted; delay = Math.min(delay * 2, 2000)) {
        const status = await target.call('runtime.status', {});
        if (status.state === 'failed') return this.#halt(`the host's runtime failed: ${status.reason ?? status.code ?? 'no reason given'}`);
        if (status.state === 'ready' && (!added || (status.since !== undefined && status.since >= before))) return;
        await sleep(delay, this.#stop.signal);
      }
    } catch (error) {
      this.#halt(`the host could not be prepared: ${error instanceof Error ? error.message : String(error)}`);
    }
    log.note('the host is ready');
  }

  #halt(reason: string): void {
    this.#fatal ??= reason;
    this.#options.log.note(`stopping: ${reason}`);
    this.#stop.abort();
  }

  async #slot(slot: number): Promise<void> {
    const { client, workspaces, log } = this.#options;
    const stop = this.#stop.signal;
    let backoff = 1000;
    while (!stop.aborted) {
      const outcome = await client.poll(this.#options.pollWaitSeconds ?? 30, [...workspaces.keys()], this.#kinds, stop);
      if (stop.aborted) break;
      if (outcome.kind === 'denied') return this.#halt(`the gateway refused this runner's token (${outcome.message})`);
      if (outcome.kind === 'failed' || outcome.kind === 'lost' || outcome.kind === 'refused') {
        const message = outcome.message;
        if (this.#outage === undefined) log.note(`cannot poll the gateway: ${message}; retrying with backoff`);
        this.#outage = message;
        await sleep(backoff + Math.floor(Math.random() * 250), stop);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      if (this.#outage !== undefined) log.note('the gateway answers again');
      this.#outage = undefined;
      backoff = 1000;
      if (outcome.kind === 'ok') await this.#execute(slot, outcome.value, performance.now());
    }
  }

  async #execute(slot: number, assignment: RunnerAssignment, receivedAt: number): Promise<void> {
    const { client, log } = this.#options;
    const { task } = assignment;
    const lease = new TaskLease(assignment, client, log, receivedAt);
    lease.start();
    log.event({ type: 'task.claimed', taskId: task.id, kind: task.kind, workspace: task.workspace, attempt: assignment.lease.attempt, slot });
    log.note(`task ${task.id} (${task.kind}, workspace ${task.workspace}, attempt ${assignment.lease.attempt}) started`);
    const started = performance.now();
    try {
      const outcome = await this.#runTask(assignment, lease);
      if (outcome.status === 'interrupted') {
        if (this.#stop.signal.aborted && !lease.signal.aborted) await lease.release('the runner is stopping');
        log.event({ type: 'task.interrupted', taskId: task.id, reason: outcome.reason });
        log.note(`task ${task.id} stopped: ${outcome.reason}`);
        return;
      }
      const settlement = await lease.finish(outcome.status === 'completed' ? { status: 'completed', result: outcome.result } : { status: 'failed', error: outcome.error });
      const ms = Math.round(performance.now() - started);
      log.event({ type: 'task.finished', taskId: task.id, status: outcome.status, reported: settlement, ms });
      log.note(`task ${task.id} ${outcome.status}${outcome.status === 'failed' ? ` (${outcome.error})` : ''} in ${ms} ms; ${settlement === 'reported' ? 'reported' : `not reported: ${lease.lostReason ?? settlement}`}`);
    } finally {
      lease.close();
    }
  }

  async #runTask(assignment: RunnerAssignment, lease: TaskLease): Promise<{ status: 'completed'; result: TaskResult } | { status: 'failed'; error: string } | { status: 'interrupted'; reason: string }> {
    const { task } = assignment;
    const directory = this.#options.workspaces.get(task.workspace);
    if (directory === undefined) return { status: 'failed', error: `This runner has no folder for workspace "${task.workspace}".` };
    if (task.kind === 'command') {
      const commands = this.#options.commands;
      if (commands === undefined || task.command === undefined) return { status: 'failed', error: 'This runner does not run command tasks.' };
      return runCommandTask({ commands, command: task.command, directory, timeoutMs: task.timeoutMs, lease, stopping: this.#stop.signal });
    }
    if (task.prompt === undefined) return { status: 'failed', error: 'The task has no prompt.' };
    try {
      const workspaceId = this.#workspaceIds.get(directory) ?? (await workspaceFor(this.#options.target, directory));
      this.#workspaceIds.set(directory, workspaceId);
      const known = task.session === null ? undefined : this.#sessions.get(task.session);
      const outcome = await runPromptTask({
        target: this.#options.target,
        events: this.#events,
        workspaceId,
        ...(known === undefined ? {} : { sessionId: known }),
        prompt: task.prompt,
        timeoutMs: task.timeoutMs,
        approve: this.#options.approve,
        hostAnswers: this.#options.target.kind === 'remote',
        lease,
        stopping: this.#stop.signal,
      });
      if (task.session !== null && outcome.sessionId !== undefined) this.#sessions.set(task.session, outcome.sessionId);
      if (outcome.status === 'completed') return { status: 'completed', result: { text: outcome.text } };
      return outcome;
    } catch (error) {
      if (lease.signal.aborted || this.#stop.signal.aborted) return { status: 'interrupted', reason: lease.lostReason ?? 'the runner is stopping' };
      return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
