// sessions.* over the runtime's session layer. Every call runs in the folder of the session's
// workspace, so sessions land (and stay) in the directory of their workspace. Clients name a
// session by id alone: its workspace comes from the index, and on a miss from asking the
// runtime in each workspace.
import { CodedError, HostErrorCode, type Session, type Workspace } from '@open-cowork/contracts';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { WorkspaceRegistry } from '../workspaces/store.js';
import { notFound, requireReady, runtimeCall, type RuntimeAccess } from '../runtime/runtime-call.js';
import type { SessionIndex } from '../workspaces/session-index.js';
import type { InterruptedTurns } from './interruptions.js';

export type SessionMethod =
  | 'sessions.list'
  | 'sessions.create'
  | 'sessions.get'
  | 'sessions.messages'
  | 'sessions.prompt'
  | 'sessions.abort'
  | 'sessions.rename'
  | 'sessions.delete'
  | 'sessions.summarize';

export interface SessionServiceOptions {
  readonly runtime: RuntimeAccess;
  readonly workspaces: Pick<WorkspaceRegistry, 'get' | 'list'>;
  readonly index: SessionIndex;
  /** The model that writes summaries when the call names none (the small model, then the chat model). */
  readonly summaryModel: () => Promise<string | undefined>;
  /** Answers the runtime cut off, marked failed in the history. */
  readonly interruptions?: Pick<InterruptedTurns, 'markHistory' | 'prompted'>;
  /** Tool patterns switched off in a workspace's sessions (custom MCP servers scoped to other workspaces). */
  readonly disabledTools?: (workspaceId: string) => Promise<readonly string[]>;
  /** Where an agent may be used (agents.list's `mode`); undefined for a name the runtime has no agent for. */
  readonly agentMode?: (name: string) => Promise<'primary' | 'subagent' | 'all' | undefined>;
  /** Resolves when the runtime is ready (the supervisor's whenReady); a prompt sent while it (re)starts waits for it. */
  readonly whenReady?: (signal: AbortSignal) => Promise<unknown>;
  /** Resolves once no config reload is due (the supervisor's `reloaded`): a prompt is not sent into one. */
  readonly reloaded?: () => Promise<void>;
  /** The longest a prompt waits for a (re)starting runtime. Default 120 s. */
  readonly readyWaitMs?: number;
}

export function sessionHandlers(options: SessionServiceOptions): HandlersFor<SessionMethod> {
  const { runtime, workspaces, index } = options;
  const locator = new SessionLocator(options);

  /** Runs `request` in the session's folder; an id the runtime does not know is NOT_FOUND. */
  async function inSession<T>(sessionId: string, request: (directory: string, workspace: Workspace) => Promise<T>): Promise<T> {
    const workspace = await locator.locate(sessionId);
    return request(workspace.path, workspace);
  }
  const session = (id: string) => ({ kind: 'session', id }) as const;

  /** OpenCode's Plan/Build rule: a prompt goes to an agent that can own a chat, never to a subagent. */
  async function checkChatAgent(agent: string): Promise<void> {
    if (options.agentMode === undefined) return;
    const mode = await options.agentMode(agent);
    const message =
      mode === undefined
        ? `There is no agent "${agent}".`
        : mode === 'subagent'
          ? `The agent "${agent}" is a subagent: other agents hand it work, it cannot answer a chat itself. Choose an agent that can own a chat.`
          : undefined;
    if (message !== undefined) throw new CodedError(HostErrorCode.BadRequest, message, { pointer: '/agent', issues: [{ pointer: '/agent', message }] });
  }

  /**
   * A prompt sent while the runtime starts or restarts (a settings change it cannot apply in
   * place) waits for it instead of failing; a runtime that failed, or does not come back in
   * time, is reported as before (RUNTIME_NOT_READY).
   */
  async function untilReady(): Promise<void> {
    await options.reloaded?.();
    const state = runtime.status.state;
    if (options.whenReady === undefined || (state !== 'starting' && state !== 'restarting')) return;
    await options.whenReady(AbortSignal.timeout(options.readyWaitMs ?? 120_000)).catch(() => undefined);
  }

  return {
    'sessions.list': async ({ workspaceId, limit }) => {
      const workspace = await workspaces.get(workspaceId);
      const directory = workspace.path;
      const [sessions, statuses] = await runtimeCall(runtime, (s) =>
        Promise.all([s.list({ directory, ...(limit !== undefined ? { limit } : {}) }), s.statuses({ directory })]),
      );
      for (const info of sessions) index.rememberSession(info.id, workspace.id);
      const listed = new Set(sessions.map((info) => info.id));
      return {
        sessions: sessions.map((info) => ({ ...info, workspaceId: workspace.id })),
        statuses: Object.fromEntries(Object.entries(statuses).filter(([id]) => listed.has(id))),
      };
    },
    'sessions.create': async ({ workspaceId, title }) => {
      await untilReady(); // a chat started from Home while the runtime restarts
      const workspace = await workspaces.get(workspaceId);
      const info = await runtimeCall(runtime, (s) => s.create({ directory: workspace.path, ...(title !== undefined ? { title } : {}) }));
      index.rememberSession(info.id, workspace.id);
      return { ...info, workspaceId: workspace.id };
    },
    'sessions.get': ({ sessionId }) =>
      inSession(sessionId, async (directory, workspace): Promise<Session> => {
        const info = await runtimeCall(runtime, (s) => s.get({ sessionId, directory }), session(sessionId));
        return { ...info, workspaceId: workspace.id };
      }),
    'sessions.messages': ({ sessionId, limit }) =>
      inSession(sessionId, async (directory) => {
        const messages = await runtimeCall(runtime, (s) => s.messages({ sessionId, directory, ...(limit !== undefined ? { limit } : {}) }), session(sessionId));
        return { messages: options.interruptions === undefined ? messages : await options.interruptions.markHistory(sessionId, messages) };
      }),
    'sessions.prompt': async ({ sessionId, text, model, agent, files }) => {
      await untilReady();
      return inSession(sessionId, async (directory, workspace) => {
        if (agent !== undefined) await checkChatAgent(agent);
        const disabledTools = (await options.disabledTools?.(workspace.id)) ?? [];
        await runtimeCall(
          runtime,
          (s) =>
            s.prompt({
              sessionId,
              directory,
              text,
              ...(model !== undefined ? { model } : {}),
              ...(agent !== undefined ? { agent } : {}),
              ...(files !== undefined ? { files } : {}),
              ...(disabledTools.length > 0 ? { disabledTools } : {}),
            }),
          session(sessionId),
        );
        // Running from here on, also for a runtime that goes away before it says busy.
        options.interruptions?.prompted(sessionId, directory);
        return { accepted: true as const };
      });
    },
    'sessions.abort': ({ sessionId }) =>
      inSession(sessionId, async (directory) => {
        await runtimeCall(runtime, (s) => s.abort({ sessionId, directory }), session(sessionId));
        return { ok: true as const };
      }),
    'sessions.rename': ({ sessionId, title }) =>
      inSession(sessionId, async (directory, workspace) => {
        const info = await runtimeCall(runtime, (s) => s.rename({ sessionId, directory, title }), session(sessionId));
        return { ...info, workspaceId: workspace.id };
      }),
    'sessions.delete': ({ sessionId }) =>
      inSession(sessionId, async (directory) => {
        await runtimeCall(runtime, (s) => s.delete({ sessionId, directory }), session(sessionId));
        index.forgetSession(sessionId);
        return { deleted: true as const };
      }),
    'sessions.summarize': ({ sessionId, model }) =>
      inSession(sessionId, async (directory) => {
        const writer = model ?? (await options.summaryModel());
        if (writer === undefined) {
          const message = 'No model to write the summary: name one, or choose a chat model in the settings.';
          throw new CodedError(HostErrorCode.BadRequest, message, { pointer: '/model', issues: [{ pointer: '/model', message }] });
        }
        await runtimeCall(runtime, (s) => s.summarize({ sessionId, directory, model: writer }), session(sessionId));
        return { ok: true as const };
      }),
  };
}

/** Finds the workspace of a session: the index first, then the runtime. */
export class SessionLocator {
  readonly #runtime: RuntimeAccess;
  readonly #workspaces: Pick<WorkspaceRegistry, 'get' | 'list'>;
  readonly #index: SessionIndex;

  constructor(options: Pick<SessionServiceOptions, 'runtime' | 'workspaces' | 'index'>) {
    this.#runtime = options.runtime;
    this.#workspaces = options.workspaces;
    this.#index = options.index;
  }

  async locate(sessionId: string): Promise<Workspace> {
    const known = this.#index.workspaceOfSession(sessionId);
    if (known !== undefined) {
      try {
        return await this.#workspaces.get(known);
      } catch (error) {
        if (!(error instanceof CodedError) || error.code !== HostErrorCode.NotFound) throw error;
        this.#index.forgetSession(sessionId);
      }
    }
    return this.#search(sessionId);
  }

  /**
   * Asks the runtime in each workspace's folder. OpenCode may find a session through another
   * folder of the same project, so the owner is the workspace of the session's own directory.
   */
  async #search(sessionId: string): Promise<Workspace> {
    requireReady(this.#runtime);
    const all = await this.#workspaces.list();
    for (const workspace of all) {
      let directory: string;
      try {
        directory = (await runtimeCall(this.#runtime, (s) => s.get({ sessionId, directory: workspace.path }), { kind: 'session', id: sessionId })).directory;
      } catch (error) {
        if (error instanceof CodedError && error.code === HostErrorCode.NotFound) continue;
        throw error;
      }
      const owner = all.find((candidate) => candidate.path === directory);
      if (owner === undefined) break;
      this.#index.rememberSession(sessionId, owner.id);
      return owner;
    }
    throw notFound({ kind: 'session', id: sessionId });
  }
}
