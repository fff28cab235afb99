// The jobs service: isolated sessions (an OpenCode server each, in its own sandbox) and the six
// operations on their jobs. One live owner per jobs root (a lock file); on open it recovers
// what an earlier owner left: healthy servers are reconnected, running jobs followed to their
// end, dead ones finalized, and undelivered notifications sent.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createOpencodeClient } from '@opencode-ai/sdk/v2';
import { prepareSandbox, type NetworkPolicy, type Sandbox, type SandboxChoice } from '@open-cowork/sandbox';
import { fetchRetryingReset, recheckRuntimeBinary, resolveRuntimeBinary, runtimeEnvironment, RuntimeSessions, treeCpuTicks, writePrivateFile, type OpencodeBinary, type OpencodeSourceOptions } from '@open-cowork/runtime';
import { cgroupName, prepareSessionCgroup, removeSessionCgroup } from './cgroup.js';
import { JobsError, JobsErrorCode } from './errors.js';
import { checkJobId, checkSessionId, dataDirTag, newJobId, newSessionId, sandboxLabel } from './ids.js';
import { JobsLayout } from './layout.js';
import { DEFAULT_LIMITS, type JobLimits } from './limits.js';
import { Notifier, type Deliver } from './notifier.js';
import { DEFAULT_PAGE_BYTES, readPage, readTail, removeOutput } from './output.js';
import { JobRunner, type Connected, type RunnerContext } from './runner.js';
import { openSocketBridge, type SocketBridge } from '@open-cowork/sandbox';
import { findOwnSandboxes, isHealthy, isLabelled, launchServer, stopServer, treeResidentMb } from './server.js';
import { writeSessionConfig, type SessionConfigInput } from './session-config.js';
import { JobsStore } from './store.js';
import { TERMINAL_STATES, type CleanupReport, type JobRecord, type JobStatus, type OutputPage, type SessionLimits, type SessionView } from './types.js';

export interface JobsManagerOptions {
  /** The product's data dir; jobs live in `<dataDir>/jobs`. It is hidden inside every sandbox but for the session's own folders. */
  readonly dataDir: string;
  /** The provider and model a session server uses, read at every server start. */
  readonly sessionConfig: () => SessionConfigInput | Promise<SessionConfigInput>;
  /** Default `auto`; it must resolve to bubblewrap (session servers are followed by their process). */
  readonly sandbox?: SandboxChoice;
  /** Default `on` (providers are on the network). */
  readonly network?: NetworkPolicy;
  readonly limits?: Partial<JobLimits>;
  /** Called for each completion notification until it returns without throwing. */
  readonly notify?: Deliver;
  readonly notifyBackoff?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  readonly binary?: OpencodeBinary;
  /** Where the binary comes from when `binary` is not given: bundled, a verified download, or a named path. */
  readonly binarySource?: OpencodeSourceOptions;
  /** The owner's environment; only the runtime's allowlist reaches a server. */
  readonly parentEnv?: Readonly<Record<string, string | undefined>>;
  /** Registry for OpenCode's background plugin install (tests: a dead loopback port). */
  readonly npmRegistry?: string;
  readonly now?: () => number;
}

export interface StartInput {
  readonly prompt: unknown;
  readonly session_id?: unknown;
  /** Where the completion notification goes (a host session, a gateway chat). */
  readonly requester?: string;
}

export interface JobRef {
  readonly job_id: unknown;
  readonly session_id?: unknown;
}

interface LiveServer extends Connected {
  readonly url: string;
  readonly bridge?: SocketBridge;
}

const MAX_PROMPT_CHARS = 1_000_000;
const DEFAULT_LIST_LIMIT = 50;

export class JobsManager {
  readonly limits: JobLimits;
  readonly #options: JobsManagerOptions;
  readonly #layout: JobsLayout;
  readonly #store: JobsStore;
  readonly #tag: string;
  readonly #notifier: Notifier;
  readonly #runners = new Map<string, JobRunner>();
  readonly #servers = new Map<string, LiveServer>();
  readonly #starting = new Map<string, Promise<LiveServer>>();
  readonly #now: () => number;
  #sandbox: Sandbox | undefined;
  #binary: OpencodeBinary | undefined;
  #closed = false;

  private constructor(options: JobsManagerOptions) {
    this.#options = options;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#layout = new JobsLayout(options.dataDir);
    this.#store = new JobsStore(this.#layout.stateFile);
    this.#tag = dataDirTag(options.dataDir);
    this.#now = options.now ?? Date.now;
    this.#notifier = new Notifier({ store: this.#store, deliver: options.notify ?? (() => undefined), now: this.#now, ...options.notifyBackoff });
  }

  /** Takes the jobs root (refusing one another live process owns), then recovers what an earlier owner left. */
  static async open(options: JobsManagerOptions): Promise<JobsManager> {
    const manager = new JobsManager(options);
    await manager.#lock();
    try {
      await manager.#recover();
    } catch (error) {
      await manager.close();
      throw error;
    }
    return manager;
  }

  get root(): string {
    return this.#layout.root;
  }

  /** The tag every sandbox of this data dir carries in its label. */
  get tag(): string {
    return this.#tag;
  }

  /** Starts a job and returns at once; the answer streams into its output. */
  async start(input: StartInput): Promise<{ jobId: string; sessionKey: string; status: 'running' }> {
    this.#open();
    if (typeof input.prompt !== 'string' || input.prompt.trim() === '') throw new JobsError(JobsErrorCode.BadInput, 'prompt: a non-empty string is required.');
    if (input.prompt.length > MAX_PROMPT_CHARS) throw new JobsError(JobsErrorCode.BadInput, `prompt: at most ${MAX_PROMPT_CHARS} characters.`);
    const sessionId = input.session_id === undefined || input.session_id === null ? newSessionId() : checkSessionId(input.session_id);
    const now = this.#now();
    const jobId = newJobId(now);
    const prompt = input.prompt;
    await mkdir(path.dirname(this.#layout.outputFile(jobId)), { recursive: true, mode: 0o700 });
    await mkdir(this.#layout.workspace(sessionId), { recursive: true, mode: 0o700 });
    await this.#store.update((state) => {
      const session = (state.sessions[sessionId] ??= { id: sessionId, label: sandboxLabel(this.#tag, sessionId), createdAt: now, lastActivityAt: now, jobCount: 0 });
      if (session.activeJobId !== undefined && !TERMINAL_STATES.includes(state.jobs[session.activeJobId]?.state ?? 'completed')) {
        throw new JobsError(JobsErrorCode.SessionBusy, `Session ${sessionId} is running job ${session.activeJobId}; wait for it or cancel it first.`);
      }
      session.activeJobId = jobId;
      session.lastActivityAt = now;
      session.jobCount += 1;
      state.jobs[jobId] = { id: jobId, sessionId, state: 'pending', createdAt: now, promptChars: prompt.length, outputBytes: 0, ...(input.requester !== undefined ? { requester: input.requester } : {}) };
    });
    this.#run(jobId, sessionId, prompt);
    return { jobId, sessionKey: sessionId, status: 'running' };
  }

  async status(ref: JobRef): Promise<JobStatus> {
    const job = await this.#job(ref);
    const now = this.#now();
    const runner = this.#runners.get(job.id);
    const server = this.#servers.get(job.sessionId);
    const running = !TERMINAL_STATES.includes(job.state);
    const cpu = running && server ? treeCpuTicks(server.pid) : undefined;
    const memory = running && server ? treeResidentMb(server.pid) : undefined;
    const limits = running && server ? (await this.#store.read()).sessions[job.sessionId]?.server?.limits : undefined;
    return {
      jobId: job.id,
      sessionId: job.sessionId,
      status: job.state,
      elapsedSeconds: Math.round(((job.finishedAt ?? now) - job.createdAt) / 1000),
      startedAt: job.createdAt,
      outputSize: job.outputBytes,
      tailOutput: await readTail(this.#layout.outputFile(job.id)),
      ...(job.lastOutputAt !== undefined ? { lastOutputSecondsAgo: Math.round((now - job.lastOutputAt) / 1000) } : {}),
      activityState: running && runner ? runner.activity() : 'idle',
      ...(cpu !== undefined ? { metrics: { cpuSeconds: cpu / 100, memoryMb: memory ?? 0 } } : {}),
      ...(limits !== undefined ? { resourceLimits: limits } : {}),
      ...(job.exitReason !== undefined ? { exitReason: job.exitReason } : {}),
      ...(job.error !== undefined ? { error: job.error } : {}),
    };
  }

  /** Jobs newest first, optionally of one session. */
  async list(input: { readonly session_id?: unknown; readonly limit?: unknown } = {}): Promise<JobStatus[]> {
    const sessionId = input.session_id === undefined ? undefined : checkSessionId(input.session_id);
    const limit = wholeNumber(input.limit, 'limit', DEFAULT_LIST_LIMIT);
    if (limit < 1) throw new JobsError(JobsErrorCode.BadInput, 'limit: at least 1.');
    const state = await this.#store.read();
    const jobs = Object.values(state.jobs)
      .filter((job) => sessionId === undefined || job.sessionId === sessionId)
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .slice(0, limit);
    return Promise.all(jobs.map((job) => this.status({ job_id: job.id })));
  }

  async output(ref: JobRef & { readonly offset?: unknown; readonly limit?: unknown }): Promise<OutputPage> {
    const job = await this.#job(ref);
    const offset = wholeNumber(ref.offset, 'offset', 0);
    const limit = wholeNumber(ref.limit, 'limit', DEFAULT_PAGE_BYTES);
    if (limit < 1) throw new JobsError(JobsErrorCode.BadInput, 'limit: at least 1 byte.');
    const page = await readPage(this.#layout.outputFile(job.id), offset, limit);
    return { jobId: job.id, offset, nextOffset: page.nextOffset, totalSize: page.totalSize, content: page.content, hasMore: page.nextOffset < page.totalSize || !TERMINAL_STATES.includes(job.state) };
  }

  /** Aborts the job through OpenCode, then stops the session's sandbox; resolves with the final status. */
  async cancel(ref: JobRef): Promise<JobStatus> {
    const job = await this.#job(ref);
    await this.#runners.get(job.id)?.cancel();
    return this.status({ job_id: job.id });
  }

  /** Removes sessions idle longer than `idle_seconds` (default: the limit), their servers, and their workspaces only when asked. */
  async cleanup(input: { readonly delete_workspaces?: unknown; readonly idle_seconds?: unknown } = {}): Promise<CleanupReport> {
    this.#open();
    if (input.delete_workspaces !== undefined && typeof input.delete_workspaces !== 'boolean') throw new JobsError(JobsErrorCode.BadInput, 'delete_workspaces: true or false.');
    const idleMs = input.idle_seconds === undefined ? this.limits.sessionIdleMs : wholeNumber(input.idle_seconds, 'idle_seconds', 0) * 1000;
    const now = this.#now();
    const state = await this.#store.read();
    const idle = Object.values(state.sessions).filter((session) => (session.activeJobId === undefined || TERMINAL_STATES.includes(state.jobs[session.activeJobId]?.state ?? 'completed')) && now - session.lastActivityAt >= idleMs);
    const stoppedServers: string[] = [];
    const deletedWorkspaces: string[] = [];
    for (const session of idle) {
      if (session.server && isLabelled(session.server.pid, session.label)) stoppedServers.push(session.id);
      await this.#stopServer(session.id);
      await rm(this.#layout.sessionDir(session.id), { recursive: true, force: true });
      if (input.delete_workspaces === true) {
        await rm(this.#layout.workspace(session.id), { recursive: true, force: true });
        deletedWorkspaces.push(session.id);
      }
    }
    const removed = new Set(idle.map((session) => session.id));
    const oldJobs = Object.values(state.jobs).filter((job) => removed.has(job.sessionId));
    for (const job of oldJobs) await removeOutput(this.#layout.outputFile(job.id));
    await this.#store.update((draft) => {
      for (const id of removed) delete draft.sessions[id];
      for (const job of oldJobs) delete draft.jobs[job.id];
    });
    return { removedSessions: [...removed], deletedWorkspaces, stoppedServers };
  }

  async sessions(): Promise<SessionView[]> {
    const state = await this.#store.read();
    const now = this.#now();
    const views: SessionView[] = [];
    for (const session of Object.values(state.sessions)) {
      const server = this.#servers.get(session.id);
      const healthy = server ? await isHealthy(server.url, authorizationOf(await this.#password(session.id)), 3000) : false;
      const active = session.activeJobId !== undefined ? state.jobs[session.activeJobId] : undefined;
      let messageCount: number | undefined;
      if (server && healthy && session.opencodeSessionId) {
        messageCount = await server.sessions.messages({ sessionId: session.opencodeSessionId, directory: this.#layout.workspace(session.id) }).then((list) => list.length, () => undefined);
      }
      views.push({
        sessionId: session.id,
        ageSeconds: Math.round((now - session.createdAt) / 1000),
        lastActivitySecondsAgo: Math.round((now - session.lastActivityAt) / 1000),
        ...(messageCount !== undefined ? { messageCount } : {}),
        serverHealth: server ? (healthy ? 'healthy' : 'unhealthy') : 'stopped',
        ...(active && !TERMINAL_STATES.includes(active.state) ? { activeJob: { jobId: active.id, status: active.state, elapsedSeconds: Math.round((now - active.createdAt) / 1000) } } : {}),
        jobCount: session.jobCount,
        workspace: this.#layout.workspace(session.id),
        ...(server && session.server?.limits ? { resourceLimits: session.server.limits } : {}),
      });
    }
    return views;
  }

  /** Resolves once every runner started so far has ended (tests, shutdown). */
  async settled(jobId: string): Promise<void> {
    await this.#runnerDone.get(jobId);
  }

  /**
   * Stops following jobs and releases the root. Session servers keep running (a later owner
   * reconnects to them) unless `stopServers`, which also ends their jobs' runners first.
   */
  async close(options: { readonly stopServers?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#runners.values()].map((runner) => runner.detach()));
    await this.#notifier.close();
    if (options.stopServers) for (const id of [...this.#servers.keys()]) await this.#stopServer(id);
    for (const server of this.#servers.values()) await server.bridge?.close();
    await rm(this.#layout.lockFile, { force: true });
  }

  // -- internals ---------------------------------------------------------------------------

  readonly #runnerDone = new Map<string, Promise<void>>();

  #run(jobId: string, sessionId: string, prompt?: string): void {
    const runner = new JobRunner(this.#context(), jobId, sessionId);
    this.#runners.set(jobId, runner);
    const done = runner.run(prompt).finally(() => this.#runners.delete(jobId));
    this.#runnerDone.set(jobId, done);
  }

  #context(): RunnerContext {
    return {
      store: this.#store,
      limits: this.limits,
      now: this.#now,
      outputFile: (jobId) => this.#layout.outputFile(jobId),
      workspaceOf: (sessionId) => this.#layout.workspace(sessionId),
      ensureServer: (sessionId) => this.#ensureServer(sessionId),
      connected: (sessionId) => this.#servers.get(sessionId),
      stopServer: (sessionId) => this.#stopServer(sessionId),
      onFinal: () => void this.#notifier.kick(),
    };
  }

  async #job(ref: JobRef): Promise<JobRecord> {
    const jobId = checkJobId(ref.job_id);
    const sessionId = ref.session_id === undefined || ref.session_id === null ? undefined : checkSessionId(ref.session_id);
    const job = (await this.#store.read()).jobs[jobId];
    if (!job || (sessionId !== undefined && job.sessionId !== sessionId)) throw new JobsError(JobsErrorCode.NotFound, `No job ${jobId}${sessionId ? ` in session ${sessionId}` : ''}.`);
    return job;
  }

  #open(): void {
    if (this.#closed) throw new JobsError(JobsErrorCode.Locked, 'The jobs service is closed.');
  }

  async #lock(): Promise<void> {
    await mkdir(this.#layout.root, { recursive: true, mode: 0o700 });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const handle = await open(this.#layout.lockFile, 'wx', 0o600);
        await handle.writeFile(String(process.pid));
        await handle.close();
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number((await readFile(this.#layout.lockFile, 'utf8').catch(() => '')).trim());
        if (Number.isInteger(holder) && holder > 1 && holder !== process.pid && alive(holder)) {
          throw new JobsError(JobsErrorCode.Locked, `Process ${holder} owns the jobs folder ${this.#layout.root}.`);
        }
        await rm(this.#layout.lockFile, { force: true }); // left by an owner that died
      }
    }
    throw new JobsError(JobsErrorCode.Locked, `Could not take the jobs folder ${this.#layout.root}.`);
  }

  async #sandboxOf(): Promise<Sandbox> {
    if (this.#sandbox) return this.#sandbox;
    const sandbox = await prepareSandbox({ choice: this.#options.sandbox ?? 'auto', network: this.#options.network ?? 'on', stateDir: path.join(this.#layout.root, 'sandbox') });
    if (sandbox.status.backend !== 'bwrap') {
      throw new JobsError(JobsErrorCode.SandboxUnsupported, `Session jobs need the bubblewrap sandbox; ${sandbox.status.backend === 'none' ? 'no sandbox works here' : `${sandbox.status.backend} is not supported for jobs yet`}. ${sandbox.status.description}`);
    }
    return (this.#sandbox = sandbox);
  }

  /** The session's server: the running one when healthy (warm), else a fresh one (cold). One start at a time per session. */
  #ensureServer(sessionId: string): Promise<LiveServer> {
    const pending = this.#starting.get(sessionId);
    if (pending) return pending;
    const started = this.#startServer(sessionId).finally(() => this.#starting.delete(sessionId));
    this.#starting.set(sessionId, started);
    return started;
  }

  async #startServer(sessionId: string): Promise<LiveServer> {
    const known = this.#servers.get(sessionId);
    if (known && isLabelled(known.pid, known.label) && (await isHealthy(known.url, authorizationOf(await this.#password(sessionId))))) return known;
    if (known) await this.#stopServer(sessionId);
    const sandbox = await this.#sandboxOf();
    const binary = (this.#binary ??= this.#options.binary ?? (await resolveRuntimeBinary({ ...this.#options.binarySource, env: this.#options.parentEnv ?? process.env })));
    await recheckRuntimeBinary(binary).catch((error: unknown) => {
      this.#binary = undefined;
      throw error;
    });
    const label = (await this.#store.read()).sessions[sessionId]?.label ?? sandboxLabel(this.#tag, sessionId);
    const dir = this.#layout.sessionDir(sessionId);
    const box = this.#layout.box(sessionId);
    for (const folder of [dir, box.root, box.home, box.config, box.data, box.cache, box.state, box.tmp]) await mkdir(folder, { recursive: true, mode: 0o700 });
    const password = randomBytes(24).toString('base64url');
    await writePrivateFile(path.join(dir, 'server.json'), JSON.stringify({ password }));
    const secrets = this.#layout.secretsDir(sessionId);
    const configFile = await writeSessionConfig(secrets, await this.#options.sessionConfig());
    const env = runtimeEnvironment({
      parent: this.#options.parentEnv ?? process.env,
      home: box,
      configFile,
      password,
      ...(this.#options.npmRegistry !== undefined ? { npmRegistry: this.#options.npmRegistry } : {}),
    });
    const authorization = authorizationOf(password);
    const limits = this.#sessionLimits(sessionId);
    const socket = sandbox.status.network === 'off' ? path.join(dir, 'bridge', 'opencode.sock') : undefined;
    if (socket !== undefined) await mkdir(path.dirname(socket), { recursive: true, mode: 0o700 });
    const { pid, url, bridge } = await launchServer(
      {
        sandbox,
        binary: binary.path,
        env,
        workspace: this.#layout.workspace(sessionId),
        label,
        logFile: path.join(dir, 'server.log'),
        readOnly: [path.dirname(binary.path), secrets],
        writable: [box.root],
        // The product's data dir (settings, sealed secrets, other sessions) is covered; only this session's folders show through.
        hidden: [path.resolve(this.#options.dataDir)],
        readyTimeoutMs: this.limits.serverReadyTimeoutMs,
        ...(socket !== undefined ? { socket } : {}),
        cgroupProcs: limits.procsFiles,
      },
      authorization,
    );
    const live = this.#connect(sessionId, pid, url, label, authorization, bridge);
    await this.#store.update((state) => {
      const session = state.sessions[sessionId];
      if (session) session.server = { pid, url, startedAt: this.#now(), ...(socket !== undefined ? { socket } : {}), limits: limits.view };
    });
    return live;
  }

  /** The session's cgroup with this manager's limits, and how they will be reported. */
  #sessionLimits(sessionId: string): { procsFiles: readonly string[]; view: SessionLimits } {
    const wanted = { memoryBytes: this.limits.memoryBytes, cpuCores: this.limits.cpuCores, maxProcesses: this.limits.maxProcesses };
    const group = prepareSessionCgroup(cgroupName(this.#tag, sessionId), wanted);
    return { procsFiles: group.procsFiles, view: { ...wanted, enforcement: group.enforcement, ...(group.reason !== undefined ? { reason: group.reason } : {}) } };
  }

  #connect(sessionId: string, pid: number, url: string, label: string, authorization: string, bridge?: SocketBridge): LiveServer {
    const client = createOpencodeClient({ baseUrl: url, headers: { authorization }, fetch: fetchRetryingReset });
    const live: LiveServer = { client, sessions: new RuntimeSessions(client), pid, url, label, ...(bridge ? { bridge } : {}) };
    this.#servers.set(sessionId, live);
    return live;
  }

  async #stopServer(sessionId: string): Promise<void> {
    const state = await this.#store.read();
    const session = state.sessions[sessionId];
    const live = this.#servers.get(sessionId);
    this.#servers.delete(sessionId);
    await live?.bridge?.close();
    const pid = live?.pid ?? session?.server?.pid;
    const label = live?.label ?? session?.label;
    if (pid !== undefined && label !== undefined) await stopServer(pid, label);
    await removeSessionCgroup(cgroupName(this.#tag, sessionId));
    if (session?.server) {
      await this.#store.update((draft) => {
        const stored = draft.sessions[sessionId];
        if (stored && stored.server?.pid === pid) delete stored.server;
      });
    }
  }

  async #password(sessionId: string): Promise<string> {
    const text = await readFile(path.join(this.#layout.sessionDir(sessionId), 'server.json'), 'utf8').catch(() => '{}');
    const parsed = JSON.parse(text) as { password?: unknown };
    return typeof parsed.password === 'string' ? parsed.password : '';
  }

  /**
   * Reconnects to this data dir's healthy session servers, stops its unhealthy or unrecorded
   * ones (never another data dir's: the label says whose a sandbox is), follows its running
   * jobs again (a job whose server is gone is finalized by its runner), and retries
   * undelivered notifications.
   */
  async #recover(): Promise<void> {
    const state = await this.#store.read();
    const found = findOwnSandboxes(this.#tag);
    for (const [sessionId, pids] of found) {
      const recorded = state.sessions[sessionId]?.server?.pid;
      for (const pid of pids) if (pid !== recorded) await stopServer(pid, sandboxLabel(this.#tag, sessionId), 2000);
    }
    for (const session of Object.values(state.sessions)) {
      const server = session.server;
      if (!server) continue;
      const authorization = authorizationOf(await this.#password(session.id));
      // Networking off: the bridge's host side died with the last owner; the socket inside is still served.
      const bridge = server.socket !== undefined && isLabelled(server.pid, session.label) ? await openSocketBridge(server.socket).catch(() => undefined) : undefined;
      const url = bridge?.url ?? server.url;
      if (isLabelled(server.pid, session.label) && (await isHealthy(url, authorization))) {
        this.#connect(session.id, server.pid, url, session.label, authorization, bridge);
      } else {
        await bridge?.close();
        await this.#stopServer(session.id);
      }
    }
    for (const job of Object.values(state.jobs)) {
      if (!TERMINAL_STATES.includes(job.state)) this.#run(job.id, job.sessionId);
    }
    void this.#notifier.kick();
  }
}

function authorizationOf(password: string): string {
  return `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}`;
}

function wholeNumber(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new JobsError(JobsErrorCode.BadInput, `${name}: a whole number of 0 or more is required.`);
  return value;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
