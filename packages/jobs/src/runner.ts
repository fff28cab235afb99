// One job from its prompt to its end. The runner is the only component that finalizes a job:
// status reads, cancel asks the runner, recovery starts a runner for a job it found running.
// `finalize` writes the terminal state and its notification in one atomic change, and does
// nothing for a job already terminal, so a job ends once whatever races.
import { createEventNormalizer, followEventStream, treeCpuTicks, type MessageWithParts, type RuntimeSessions } from '@open-cowork/runtime';
import type { OpencodeClient } from '@opencode-ai/sdk/v2';
import { ACTIVE_WINDOW_MS, PROCESSING_CPU_SHARE, type JobLimits } from './limits.js';
import { appendOutput, capText, outputSize, replaceOutput } from './output.js';
import { isLabelled } from './server.js';
import type { JobsStore } from './store.js';
import type { Activity, ExitReason, JobState } from './types.js';

/** A session server the runner can talk to. */
export interface Connected {
  readonly client: OpencodeClient;
  readonly sessions: RuntimeSessions;
  readonly pid: number;
  readonly label: string;
}

export interface RunnerContext {
  readonly store: JobsStore;
  readonly limits: JobLimits;
  readonly now: () => number;
  outputFile(jobId: string): string;
  workspaceOf(sessionId: string): string;
  /** The session's running server, started when there is none (cold) or reused (warm). */
  ensureServer(sessionId: string): Promise<Connected>;
  /** The server a recovery reconnected to; undefined when there is none. */
  connected(sessionId: string): Connected | undefined;
  stopServer(sessionId: string): Promise<void>;
  /** Called once the job is terminal and its notification stored. */
  onFinal(jobId: string): void;
}

interface Outcome {
  readonly state: Exclude<JobState, 'pending' | 'running'>;
  readonly exitReason: ExitReason;
  readonly error?: string;
}

const TICKS_PER_SECOND = 100;
/** Without a status event OpenCode is still asked this often whether the answer ended (a missed event, a restart). */
const STATUS_POLL_MS = 5_000;

const overCap = (cap: number): Outcome & { readonly error: string } => ({ state: 'failed', exitReason: 'output-limit', error: `The output reached the cap of ${cap} bytes; the answer was stopped there.` });

export class JobRunner {
  readonly jobId: string;
  readonly sessionId: string;
  readonly #ctx: RunnerContext;
  readonly #stream = new AbortController();
  #stop: 'cancelled' | undefined;
  #detached = false;
  #wake: (() => void) | undefined;
  #done: Promise<void> | undefined;
  #outputBytes = 0;
  #lastOutputAt: number | undefined;
  #lastBusyAt: number;
  #cpu: { ticks: number; at: number } | undefined;
  /** A status event for this job's session arrived since OpenCode was last asked how it stands. */
  #statusChanged = false;
  #processing = false;
  #overLimit = false;
  #opencodeSession: string | undefined;

  constructor(ctx: RunnerContext, jobId: string, sessionId: string) {
    this.#ctx = ctx;
    this.jobId = jobId;
    this.sessionId = sessionId;
    this.#lastBusyAt = ctx.now();
  }

  /** Runs the job (a new one with `prompt`, or a recovered one without) until it is terminal. */
  run(prompt?: string): Promise<void> {
    this.#done ??= this.#run(prompt).finally(() => this.#stream.abort());
    return this.#done;
  }

  /** Asks the runner to cancel (abort through OpenCode, then stop the sandbox) and waits for the end. */
  async cancel(): Promise<void> {
    this.#stop = 'cancelled';
    this.#wake?.();
    await this.#done;
  }

  /**
   * Stops following the job without ending it (the owner is shutting down): the server keeps
   * answering, and the next owner's recovery picks the job up.
   */
  async detach(): Promise<void> {
    this.#detached = true;
    this.#wake?.();
    await this.#done;
  }

  activity(): Activity {
    const now = this.#ctx.now();
    if (this.#lastOutputAt !== undefined && now - this.#lastOutputAt < ACTIVE_WINDOW_MS) return 'active';
    return this.#processing ? 'processing' : 'idle';
  }

  async #run(prompt: string | undefined): Promise<void> {
    const { store } = this.#ctx;
    let outcome: Outcome | undefined;
    let server: Connected | undefined;
    try {
      const job = (await store.read()).jobs[this.jobId];
      if (!job) return;
      this.#outputBytes = await outputSize(this.#ctx.outputFile(this.jobId));
      this.#lastOutputAt = job.lastOutputAt;
      if (prompt === undefined) {
        server = this.#ctx.connected(this.sessionId);
        // Recovered: a job whose prompt never reached a server cannot be resumed.
        if (!server) outcome = { state: 'failed', exitReason: job.messagesBefore === undefined ? 'owner-lost' : 'server-lost', error: 'The session server was gone when the jobs service restarted.' };
        else if (job.messagesBefore === undefined) outcome = { state: 'failed', exitReason: 'owner-lost', error: 'The jobs service stopped before the prompt was sent.' };
        else {
          this.#opencodeSession = (await store.read()).sessions[this.sessionId]?.opencodeSessionId;
          this.#follow(server);
          outcome = await this.#watch(server, job.messagesBefore);
        }
      } else {
        try {
          server = await this.#ctx.ensureServer(this.sessionId);
        } catch (error) {
          outcome = { state: 'failed', exitReason: 'server-start-failed', error: message(error) };
          return await this.#finalize(outcome, undefined);
        }
        if (this.#stop) return await this.#finalize({ state: 'cancelled', exitReason: 'cancelled' }, server);
        const before = await this.#prepareSession(server);
        this.#follow(server);
        await server.sessions.prompt({ sessionId: this.#opencodeSession!, directory: this.#ctx.workspaceOf(this.sessionId), text: prompt });
        await store.update((state) => {
          const record = state.jobs[this.jobId];
          if (record && record.state === 'pending') record.state = 'running';
        });
        outcome = await this.#watch(server, before);
      }
    } catch (error) {
      outcome = { state: 'failed', exitReason: server && !isLabelled(server.pid, server.label) ? 'server-lost' : 'model-error', error: message(error) };
    }
    if (outcome && !this.#detached) await this.#finalize(outcome, server);
  }

  /** Creates the OpenCode session on first use (later jobs continue it); notes where this job's answer starts. */
  async #prepareSession(server: Connected): Promise<number> {
    const { store } = this.#ctx;
    const directory = this.#ctx.workspaceOf(this.sessionId);
    let id = (await store.read()).sessions[this.sessionId]?.opencodeSessionId;
    if (id !== undefined) {
      const known = await server.sessions.get({ sessionId: id, directory }).then(() => true, () => false);
      if (!known) id = undefined;
    }
    id ??= (await server.sessions.create({ directory, title: `jobs session ${this.sessionId}` })).id;
    this.#opencodeSession = id;
    const before = (await server.sessions.messages({ sessionId: id, directory })).length;
    await store.update((state) => {
      const session = state.sessions[this.sessionId];
      if (session) session.opencodeSessionId = id;
      const job = state.jobs[this.jobId];
      if (job) job.messagesBefore = before;
    });
    return before;
  }

  /** Streams the answer's text into the output file as it arrives. */
  #follow(server: Connected): void {
    const normalize = createEventNormalizer();
    const cap = this.#ctx.limits.maxOutputBytes;
    const file = this.#ctx.outputFile(this.jobId);
    void followEventStream({
      client: server.client,
      signal: this.#stream.signal,
      onEvent: (raw) => {
        for (const event of normalize(raw)) {
          if (event.type === 'session.status' && event.sessionId === this.#opencodeSession) {
            this.#statusChanged = true;
            this.#wake?.();
          }
          if (event.type !== 'text.delta' || event.sessionId !== this.#opencodeSession || this.#overLimit) continue;
          let text = event.delta;
          const bytes = Buffer.byteLength(text);
          if (cap > 0 && this.#outputBytes + bytes > cap) {
            text = capText(text, cap - this.#outputBytes);
            this.#overLimit = true;
            this.#wake?.();
          }
          if (text !== '') {
            appendOutput(file, text);
            this.#outputBytes += Buffer.byteLength(text);
            this.#lastOutputAt = this.#ctx.now();
          }
        }
      },
    });
  }

  /** Checks the job until it ends; returns how. */
  async #watch(server: Connected, before: number): Promise<Outcome | undefined> {
    const { limits, store } = this.#ctx;
    const directory = this.#ctx.workspaceOf(this.sessionId);
    const sessionId = this.#opencodeSession!;
    const job = (await store.read()).jobs[this.jobId]!;
    let saved = { bytes: job.outputBytes, at: job.lastOutputAt };
    let lastAsked = 0;
    // Idle is counted from the prompt (or the recovery), not from the server's start.
    this.#lastBusyAt = this.#ctx.now();
    for (;;) {
      const now = this.#ctx.now();
      if (this.#detached) return undefined;
      if (this.#stop) {
        await server.sessions.abort({ sessionId, directory }).catch(() => undefined);
        return { state: 'cancelled', exitReason: 'cancelled' };
      }
      if (!isLabelled(server.pid, server.label)) return { state: 'failed', exitReason: 'server-lost', error: 'The session server stopped while the job ran.' };
      if (this.#overLimit) return this.#abort(server, 'output-limit', overCap(limits.maxOutputBytes).error);
      if (now - job.createdAt > limits.jobTimeoutMs) return this.#abort(server, 'timeout', `The job ran longer than ${limits.jobTimeoutMs / 1000} s.`);
      this.#sampleCpu(server.pid, now);
      if (this.#processing || (this.#lastOutputAt !== undefined && this.#lastOutputAt > this.#lastBusyAt)) this.#lastBusyAt = Math.max(now, this.#lastOutputAt ?? 0);
      if (now - Math.max(this.#lastBusyAt, this.#lastOutputAt ?? 0) > limits.idleTimeoutMs) {
        return this.#abort(server, 'idle-timeout', `No output and no CPU use for ${limits.idleTimeoutMs / 1000} s.`);
      }
      if (this.#statusChanged || now - lastAsked >= STATUS_POLL_MS) {
        this.#statusChanged = false;
        lastAsked = now;
        const finished = await this.#finished(server, sessionId, directory, before);
        if (finished) return finished;
      }
      if (this.#outputBytes !== saved.bytes || this.#lastOutputAt !== saved.at) {
        saved = { bytes: this.#outputBytes, at: this.#lastOutputAt };
        await store.update((state) => {
          const record = state.jobs[this.jobId];
          if (record && (record.state === 'running' || record.state === 'pending')) {
            record.outputBytes = saved.bytes;
            if (saved.at !== undefined) record.lastOutputAt = saved.at;
          }
        });
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        setTimeout(resolve, limits.checkIntervalMs);
      });
      this.#wake = undefined;
    }
  }

  /** The outcome once OpenCode reports the session idle with this job's answer complete. */
  async #finished(server: Connected, sessionId: string, directory: string, before: number): Promise<Outcome | undefined> {
    const statuses = await server.sessions.statuses({ directory }).catch(() => undefined);
    if (statuses === undefined || (statuses[sessionId] !== undefined && statuses[sessionId].type !== 'idle')) return undefined;
    const answer = (await server.sessions.messages({ sessionId, directory }).catch(() => [] as MessageWithParts[])).slice(before);
    const last = answer.at(-1);
    if (!last || last.info.role !== 'assistant' || last.info.completedAt === undefined) {
      // An error can end an answer without completing it.
      if (last?.info.role === 'assistant' && last.info.error) return { state: 'failed', exitReason: 'model-error', error: last.info.error.message };
      return undefined;
    }
    if (last.info.error) return { state: 'failed', exitReason: 'model-error', error: last.info.error.message };
    return { state: 'completed', exitReason: 'completed' };
  }

  async #abort(server: Connected, exitReason: ExitReason, error: string): Promise<Outcome> {
    const directory = this.#ctx.workspaceOf(this.sessionId);
    await server.sessions.abort({ sessionId: this.#opencodeSession!, directory }).catch(() => undefined);
    return { state: 'failed', exitReason, error };
  }

  #sampleCpu(pid: number, now: number): void {
    const ticks = treeCpuTicks(pid);
    if (ticks === undefined) return;
    const last = this.#cpu;
    this.#cpu = { ticks, at: now };
    if (!last || now <= last.at) return;
    this.#processing = (ticks - last.ticks) / TICKS_PER_SECOND / ((now - last.at) / 1000) >= PROCESSING_CPU_SHARE;
  }

  async #finalize(outcome: Outcome, server: Connected | undefined): Promise<void> {
    this.#stream.abort();
    const { store, limits } = this.#ctx;
    const file = this.#ctx.outputFile(this.jobId);
    // The whole answer from OpenCode's own record, in case the stream missed some of it (a restart).
    if (server && this.#opencodeSession && isLabelled(server.pid, server.label)) {
      const before = (await store.read()).jobs[this.jobId]?.messagesBefore;
      if (before !== undefined) {
        const directory = this.#ctx.workspaceOf(this.sessionId);
        const messages = await server.sessions.messages({ sessionId: this.#opencodeSession, directory }).catch(() => undefined);
        if (messages) {
          const text = answerText(messages.slice(before));
          const bytes = Buffer.byteLength(text);
          if (bytes >= this.#outputBytes) this.#outputBytes = await replaceOutput(file, text, limits.maxOutputBytes);
          // On a busy machine the answer can end before its text reached the stream: the cap still holds.
          if (outcome.state === 'completed' && limits.maxOutputBytes > 0 && bytes > limits.maxOutputBytes) outcome = overCap(limits.maxOutputBytes);
        }
      }
    }
    if (outcome.state === 'cancelled') await this.#ctx.stopServer(this.sessionId);
    const now = this.#ctx.now();
    const finalized = await store.update((state) => {
      const job = state.jobs[this.jobId];
      if (!job || job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled') return false;
      job.state = outcome.state;
      job.exitReason = outcome.exitReason;
      if (outcome.error !== undefined) job.error = outcome.error;
      job.finishedAt = now;
      job.outputBytes = this.#outputBytes;
      if (this.#lastOutputAt !== undefined) job.lastOutputAt = this.#lastOutputAt;
      const session = state.sessions[this.sessionId];
      if (session) {
        if (session.activeJobId === this.jobId) delete session.activeJobId;
        session.lastActivityAt = now;
      }
      const id = `${job.id}:${job.state}`;
      state.outbox[id] = {
        id,
        jobId: job.id,
        sessionId: job.sessionId,
        state: job.state,
        exitReason: outcome.exitReason,
        ...(job.requester !== undefined ? { requester: job.requester } : {}),
        elapsedSeconds: Math.round((now - job.createdAt) / 1000),
        outputBytes: job.outputBytes,
        ...(outcome.error !== undefined ? { error: outcome.error } : {}),
        attempts: 0,
        nextAttemptAt: now,
      };
      return true;
    });
    if (finalized) this.#ctx.onFinal(this.jobId);
  }
}

/** The text of an answer: its assistant messages' text parts, in order. */
export function answerText(messages: readonly MessageWithParts[]): string {
  return messages
    .filter((entry) => entry.info.role === 'assistant')
    .flatMap((entry) => entry.parts.flatMap((part) => (part.kind === 'text' && part.synthetic !== true ? [part.text] : [])))
    .join('');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

