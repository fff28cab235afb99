import type { HostEvent, McpInfo, RuntimeStatus, Session, SessionId, SessionStatus, Workspace, WorkspaceId } from '@open-cowork/contracts';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HostClient } from '../host/client.js';
import { HostError } from '../host/errors.js';
import { reduceEvents } from './ingest.js';
import { finishedAnswer, waitFor } from './waits.js';
import { emptyTranscript, mergeHistory, transcriptFromHistory } from './transcript.js';
import type { AppActions, AppData, AppState, PreferenceStore } from './types.js';

export type AppStore = StoreApi<AppState>;

export const INITIAL_DATA: AppData = {
  boot: { phase: 'loading' },
  info: undefined,
  connection: 'connecting',
  runtime: undefined,
  workspaces: [],
  currentWorkspaceId: undefined,
  sessions: { byId: {}, statuses: {}, errors: {}, load: 'idle' },
  activeSessionId: undefined,
  transcripts: {},
  permissions: [],
  questions: [],
  settings: undefined,
  providers: { list: [], defaultModel: undefined, load: 'idle' },
  agents: { list: [], load: 'idle' },
  agentTemplates: undefined,
  diagnostics: undefined,
  updates: undefined,
  auth: undefined,
  capabilities: { tools: [], skills: [], mcps: [], load: 'idle' },
  composerModel: undefined,
  notices: [],
};

/** How many messages of a session's history are loaded when it opens. */
const HISTORY_LIMIT = 20_000;

/** The preference key of the current workspace. */
export const WORKSPACE_PREFERENCE = 'open-cowork.workspace';

export interface AppStoreOptions {
  /** Remembers the current workspace between reloads (the browser's localStorage); unset: not remembered. */
  readonly preferences?: PreferenceStore;
}

/** The workspace to make current: the one asked for if listed, else the current one if still listed, else the first. */
function settleWorkspace(workspaces: readonly Workspace[], ...preferred: (WorkspaceId | null | undefined)[]): WorkspaceId | undefined {
  for (const id of preferred) if (id && workspaces.some((w) => w.id === id)) return id;
  return workspaces[0]?.id;
}

/**
 * The renderer's state: plain data plus one closed set of named actions. Actions call the
 * host and then change the state; host events enter through `actions.ingest`.
 */
export function createAppStore(host: HostClient, options: AppStoreOptions = {}): AppStore {
  const remembered = (): string | null => {
    try {
      return options.preferences?.getItem(WORKSPACE_PREFERENCE) ?? null;
    } catch {
      return null;
    }
  };
  const remember = (id: WorkspaceId): void => {
    try {
      options.preferences?.setItem(WORKSPACE_PREFERENCE, id);
    } catch {
      // private mode or a full storage: the choice lasts until the reload
    }
  };
  let subscribeToStore: (listener: (state: AppState) => void) => () => void = () => () => {};
  const store = createStore<AppState>()((set, get) => {
    let noticeId = 0;
    const transcriptLoads = new Map<SessionId, Promise<void>>();

    const upsertSession = (session: Session): void =>
      set((s) => ({ sessions: { ...s.sessions, byId: { ...s.sessions.byId, [session.id]: session } } }));

    /** Puts a server's card in place (or at the end, for a new one) and returns it. */
    const keepMcp = (mcp: McpInfo): McpInfo => {
      set((s) => {
        const mcps = s.capabilities.mcps.some((entry) => entry.name === mcp.name)
          ? s.capabilities.mcps.map((entry) => (entry.name === mcp.name ? mcp : entry))
          : [...s.capabilities.mcps, mcp];
        return { capabilities: { ...s.capabilities, mcps } };
      });
      return mcp;
    };

    const actions: AppActions = {
      async boot() {
        set({ boot: { phase: 'loading' } });
        try {
          const info = await host['app.info']({});
          set({ info });
          await Promise.all([
            host['runtime.status']({}).then((runtime) => set({ runtime })),
            actions.loadWorkspaces(),
            actions.loadSettings(),
            actions.loadProviders(),
          ]);
          await Promise.all([
            // A runtime that is (re)starting cannot list chats yet; the app opens anyway and
            // loads them once the runtime reports ready (see ingest).
            actions.loadSessions().catch((error: unknown) => {
              if (HostError.from(error).code !== 'RUNTIME_NOT_READY') throw error;
            }),
            actions.loadRequests().catch(() => undefined),
          ]);
          set({ boot: { phase: 'ready' } });
        } catch (error) {
          set({ boot: { phase: 'failed', error: HostError.from(error) } });
        }
      },

      async reloadAll() {
        const open = Object.keys(get().transcripts);
        await Promise.allSettled([
          host['app.info']({}).then((info) => set({ info })),
          host['runtime.status']({}).then((runtime) => set({ runtime })),
          actions.loadWorkspaces().then(() => actions.loadSessions()),
          actions.loadRequests(),
          actions.loadSettings(),
          actions.loadProviders(),
          ...(get().auth !== undefined ? [actions.loadAuth()] : []),
          ...(get().updates !== undefined ? [actions.loadUpdates()] : []),
          ...open.map((id) => actions.loadTranscript(id)),
        ]);
      },

      ingest(events: readonly HostEvent[]) {
        if (events.length === 0) return;
        const { next, effects } = reduceEvents(get(), events);
        if (Object.keys(next).length > 0) set(next);
        if (effects.resync) void actions.reloadAll();
        else {
          if (effects.runtimeReady) {
            void actions.loadProviders().catch(() => undefined);
            if (get().sessions.load === 'error') {
              void actions.loadSessions().catch(() => undefined);
              void actions.loadRequests().catch(() => undefined);
            }
            if (get().capabilities.load !== 'idle') void actions.loadCapabilities().catch(() => undefined);
          }
          for (const id of effects.compacted) if (get().transcripts[id] !== undefined) void actions.loadTranscript(id);
        }
      },

      setConnection(connection) {
        set({ connection });
      },

      async restartRuntime() {
        set({ runtime: await host['runtime.restart']({}) });
      },

      async loadWorkspaces() {
        const { workspaces } = await host['workspaces.list']({});
        set((s) => ({ workspaces, currentWorkspaceId: settleWorkspace(workspaces, s.currentWorkspaceId, remembered()) }));
      },

      selectWorkspace(workspaceId) {
        if (!get().workspaces.some((w) => w.id === workspaceId)) return;
        remember(workspaceId);
        set({ currentWorkspaceId: workspaceId });
      },

      async addWorkspace(path, name) {
        const workspace = await host['workspaces.add']({ path, ...(name === undefined || name.trim() === '' ? {} : { name: name.trim() }) });
        set((s) => ({ workspaces: [...s.workspaces.filter((w) => w.id !== workspace.id), workspace] }));
        actions.selectWorkspace(workspace.id);
        // Its chats (a folder used before keeps its OpenCode history).
        const { sessions, statuses } = await host['sessions.list']({ workspaceId: workspace.id }).catch(() => ({ sessions: [], statuses: {} }));
        set((s) => {
          const byId = { ...s.sessions.byId };
          const busy = { ...s.sessions.statuses };
          for (const session of sessions) byId[session.id] = session;
          for (const [id, status] of Object.entries(statuses)) if (status.type !== 'idle') busy[id] = status;
          return { sessions: { ...s.sessions, byId, statuses: busy } };
        });
        return workspace;
      },

      async removeWorkspace(workspaceId) {
        const { workspaces } = get();
        if (workspaces.length <= 1) throw new HostError('CONFLICT', 'The last workspace cannot be removed.');
        await host['workspaces.remove']({ id: workspaceId });
        set((s) => {
          const left = s.workspaces.filter((w) => w.id !== workspaceId);
          const byId: Record<SessionId, Session> = {};
          for (const session of Object.values(s.sessions.byId)) if (session.workspaceId !== workspaceId) byId[session.id] = session;
          return {
            workspaces: left,
            currentWorkspaceId: settleWorkspace(left, s.currentWorkspaceId),
            sessions: { ...s.sessions, byId },
          };
        });
        const current = get().currentWorkspaceId;
        if (current !== undefined) remember(current);
      },

      async answerTrust(workspaceId, trust, parents) {
        const workspace = await host['workspaces.trust']({ id: workspaceId, trust, ...(parents === undefined || parents.length === 0 ? {} : { parents: [...parents] }) });
        set((s) => ({ workspaces: s.workspaces.map((w) => (w.id === workspace.id ? workspace : w)) }));
        return workspace;
      },

      async listTrusted() {
        return (await host['workspaces.trusted']({})).folders;
      },

      async revokeTrust(path) {
        const { revoked } = await host['workspaces.untrust']({ path });
        if (revoked) await actions.loadWorkspaces();
        return revoked;
      },

      async listWorkspaceFiles(workspaceId, query, limit) {
        return host['workspaces.files']({
          workspaceId,
          ...(query === undefined || query.trim() === '' ? {} : { query: query.trim() }),
          ...(limit === undefined ? {} : { limit }),
        });
      },

      async loadSessions() {
        set((s) => ({ sessions: { ...s.sessions, load: s.sessions.load === 'ready' ? 'ready' : 'loading' } }));
        try {
          const lists = await Promise.all(get().workspaces.map((w) => host['sessions.list']({ workspaceId: w.id })));
          const byId: Record<SessionId, Session> = {};
          const statuses: Record<SessionId, SessionStatus> = {};
          for (const list of lists) {
            for (const session of list.sessions) byId[session.id] = session;
            for (const [id, status] of Object.entries(list.statuses)) if (status.type !== 'idle') statuses[id] = status;
          }
          set((s) => ({ sessions: { ...s.sessions, byId, statuses, load: 'ready' } }));
        } catch (error) {
          set((s) => ({ sessions: { ...s.sessions, load: 'error' } }));
          throw error;
        }
      },

      async createSession(workspaceId, title) {
        const target = workspaceId ?? get().currentWorkspaceId ?? get().workspaces[0]?.id;
        if (target === undefined) throw new HostError('NOT_FOUND', 'No workspace is set up on this host yet.', { kind: 'workspace', id: '' });
        const session = await host['sessions.create']({ workspaceId: target, ...(title === undefined ? {} : { title }) });
        upsertSession(session);
        // A new session has no history: follow its events from the start, nothing to load.
        set((s) => ({ transcripts: s.transcripts[session.id] ? s.transcripts : { ...s.transcripts, [session.id]: emptyTranscript(session.id, 'ready') } }));
        return session;
      },

      async openSession(sessionId) {
        // A chat of another workspace (a link, a notification) brings its workspace along.
        const owner = get().sessions.byId[sessionId]?.workspaceId;
        if (owner !== undefined && owner !== get().currentWorkspaceId) actions.selectWorkspace(owner);
        set({ activeSessionId: sessionId });
        const held = get().transcripts[sessionId];
        if (held === undefined || held.status === 'error') await actions.loadTranscript(sessionId);
      },

      closeSession() {
        set({ activeSessionId: undefined });
      },

      loadTranscript(sessionId) {
        const pending = transcriptLoads.get(sessionId);
        if (pending !== undefined) return pending;
        set((s) => ({
          transcripts: {
            ...s.transcripts,
            [sessionId]: s.transcripts[sessionId] ? { ...s.transcripts[sessionId], status: 'loading' } : emptyTranscript(sessionId, 'loading'),
          },
        }));
        const load = (async () => {
          try {
            const { messages } = await host['sessions.messages']({ sessionId, limit: HISTORY_LIMIT });
            const loaded = transcriptFromHistory(sessionId, messages);
            set((s) => ({ transcripts: { ...s.transcripts, [sessionId]: mergeHistory(loaded, s.transcripts[sessionId]) } }));
          } catch (error) {
            const message = HostError.from(error).message;
            set((s) => ({
              transcripts: { ...s.transcripts, [sessionId]: { ...(s.transcripts[sessionId] ?? emptyTranscript(sessionId, 'error')), status: 'error', error: message } },
            }));
          } finally {
            transcriptLoads.delete(sessionId);
          }
        })();
        transcriptLoads.set(sessionId, load);
        return load;
      },

      async sendPrompt(sessionId, text, options = {}) {
        const model = options.model ?? get().composerModel;
        set((s) => {
          const errors = { ...s.sessions.errors };
          delete errors[sessionId];
          // Busy at once, so Stop shows before the first event arrives.
          return { sessions: { ...s.sessions, errors, statuses: { ...s.sessions.statuses, [sessionId]: { type: 'busy' } } } };
        });
        try {
          await host['sessions.prompt']({
            sessionId,
            text,
            ...(model === undefined ? {} : { model }),
            ...(options.agent === undefined ? {} : { agent: options.agent }),
            ...(options.files === undefined || options.files.length === 0 ? {} : { files: options.files.map((file) => ({ ...file })) }),
          });
        } catch (error) {
          set((s) => {
            const statuses = { ...s.sessions.statuses };
            delete statuses[sessionId];
            return { sessions: { ...s.sessions, statuses } };
          });
          throw error;
        }
      },

      async startChat(text, options) {
        const session = await actions.createSession();
        set({ activeSessionId: session.id });
        await actions.sendPrompt(session.id, text, options);
        return session.id;
      },

      async abortSession(sessionId) {
        await host['sessions.abort']({ sessionId });
      },

      async renameSession(sessionId, title) {
        upsertSession(await host['sessions.rename']({ sessionId, title }));
      },

      async deleteSession(sessionId) {
        await host['sessions.delete']({ sessionId });
        const session = get().sessions.byId[sessionId];
        actions.ingest(session ? [{ type: 'session.deleted', payload: { workspaceId: session.workspaceId, session } }] : []);
        if (get().activeSessionId === sessionId) set({ activeSessionId: undefined });
      },

      async summarizeSession(sessionId) {
        await host['sessions.summarize']({ sessionId });
      },

      async loadRequests() {
        const [permissions, questions] = await Promise.all([host['permissions.list']({}), host['questions.list']({})]);
        set({ permissions: permissions.requests, questions: questions.requests });
      },

      async replyPermission(requestId, reply, message) {
        await host['permissions.reply']({ requestId, reply, ...(message ? { message } : {}) });
        set((s) => ({ permissions: s.permissions.filter((r) => r.id !== requestId) }));
      },

      async replyQuestion(requestId, answers) {
        await host['questions.reply']({ requestId, answers });
        set((s) => ({ questions: s.questions.filter((r) => r.id !== requestId) }));
      },

      async rejectQuestion(requestId) {
        await host['questions.reject']({ requestId });
        set((s) => ({ questions: s.questions.filter((r) => r.id !== requestId) }));
      },

      async loadAuth() {
        const auth = await host['auth.status']({});
        set({ auth });
        return auth;
      },

      async signIn() {
        const started = await host['auth.signIn']({});
        // The host's auth.changed event says the same; this covers the moment before it arrives.
        set((s) => (s.auth === undefined ? {} : { auth: { ...s.auth, pending: true, failure: undefined } }));
        return started;
      },

      async signOut() {
        await host['auth.signOut']({});
        set({ auth: await host['auth.status']({}) });
      },

      async loadSettings() {
        set({ settings: await host['settings.get']({}) });
      },

      async updateSettings(patch) {
        const settings = await host['settings.set']({ patch });
        set({ settings });
        return settings;
      },

      async exportDiagnostics() {
        return host['app.exportDiagnostics']({});
      },

      async loadProviders() {
        set((s) => ({ providers: { ...s.providers, load: s.providers.load === 'ready' ? 'ready' : 'loading' } }));
        try {
          const { providers, defaultModel } = await host['providers.list']({});
          set({ providers: { list: providers, defaultModel, load: 'ready' } });
        } catch (error) {
          set((s) => ({ providers: { ...s.providers, load: 'error' } }));
          throw error;
        }
      },

      async refreshProviders() {
        const { providers, defaultModel } = await host['providers.refresh']({});
        set({ providers: { list: providers, defaultModel, load: 'ready' } });
        return providers;
      },

      async setCredential(providerId, key, value) {
        const provider = await host['providers.setCredential']({ providerId, key, value });
        set((s) => ({ providers: { ...s.providers, list: s.providers.list.map((p) => (p.id === provider.id ? provider : p)) } }));
        return provider;
      },

      async clearCredential(providerId, key) {
        const provider = await host['providers.clearCredential']({ providerId, ...(key === undefined ? {} : { key }) });
        set((s) => ({ providers: { ...s.providers, list: s.providers.list.map((p) => (p.id === provider.id ? provider : p)) } }));
        return provider;
      },

      chooseModel(model) {
        set({ composerModel: model });
      },

      async providerAuthMethods(providerId) {
        return (await host['providers.authMethods']({ providerId })).methods;
      },

      async startOAuth(providerId, method) {
        return host['providers.oauthStart']({ providerId, method });
      },

      async finishOAuth(providerId, method, code) {
        const provider = await host['providers.oauthFinish']({ providerId, method, ...(code ? { code } : {}) });
        set((s) => ({ providers: { ...s.providers, list: s.providers.list.map((p) => (p.id === provider.id ? provider : p)) } }));
        return provider;
      },

      async waitForRuntime(timeoutMs, replacing) {
        // The status may lag a restart the host began; ask once, then follow events.
        set({ runtime: await host['runtime.status']({}) });
        // A change that restarts the runtime is applied by a new instance, which the host starts
        // after a short debounce: until then the old one still reports "ready".
        const known = replacing?.state === 'ready' && (replacing.pid !== undefined || replacing.since !== undefined);
        const isReplaced = (runtime: RuntimeStatus) => !known || runtime.pid !== replacing.pid || runtime.since !== replacing.since;
        await waitFor(
          { getState: get, subscribe: (listener) => subscribeToStore(listener) },
          (s) => {
            if (s.runtime?.state === 'ready' && isReplaced(s.runtime)) return true;
            if (s.runtime?.state === 'failed') throw new HostError('RUNTIME_FAILED', s.runtime.reason ?? 'The runtime failed to start.');
            return undefined;
          },
          timeoutMs,
          'The runtime did not become ready in time.',
        );
      },

      async probeModel(model, prompt, timeoutMs) {
        const session = await actions.createSession(undefined, 'Connection test');
        try {
          await actions.sendPrompt(session.id, prompt, { model });
          return await waitFor(
            { getState: get, subscribe: (listener) => subscribeToStore(listener) },
            (s) => finishedAnswer(s, session.id),
            timeoutMs,
            'No answer in time.',
          );
        } finally {
          // A scratch session: stop it if it still runs, then remove it from the list.
          void actions
            .abortSession(session.id)
            .catch(() => undefined)
            .then(() => actions.deleteSession(session.id))
            .catch(() => undefined);
        }
      },

      async loadUpdates() {
        const updates = await host['updates.status']({});
        set({ updates });
        return updates;
      },

      async checkForUpdates() {
        const updates = await host['updates.check']({});
        set({ updates });
        return updates;
      },

      async downloadUpdate() {
        const updates = await host['updates.download']({});
        set({ updates });
        return updates;
      },

      async installUpdate() {
        const updates = await host['updates.install']({});
        set({ updates });
        return updates;
      },

      async loadAgents() {
        set((s) => ({ agents: { ...s.agents, load: 'loading' } }));
        try {
          const { agents } = await host['agents.list']({});
          set({ agents: { list: agents, load: 'ready' } });
        } catch (error) {
          set((s) => ({ agents: { ...s.agents, load: 'error' } }));
          throw error;
        }
      },

      async loadAgentTemplates() {
        const { templates } = await host['agents.templates']({});
        set({ agentTemplates: templates });
      },

      async getAgent(name) {
        return host['agents.get']({ name });
      },

      async saveAgent(agent) {
        const saved = await host['agents.save']({ agent });
        set((s) => ({
          agents: {
            ...s.agents,
            list: s.agents.list.some((a) => a.name === saved.name) ? s.agents.list.map((a) => (a.name === saved.name ? saved : a)) : [...s.agents.list, saved],
          },
        }));
        return saved;
      },

      async deleteAgent(name) {
        await host['agents.delete']({ name });
        set((s) => ({ agents: { ...s.agents, list: s.agents.list.filter((a) => a.name !== name) } }));
      },

      async loadDiagnostics() {
        const diagnostics = await host['app.diagnostics']({});
        set({ diagnostics });
        return diagnostics;
      },

      async loadCapabilities() {
        set((s) => ({ capabilities: { ...s.capabilities, load: 'loading' } }));
        try {
          const { tools, skills, mcps } = await host['capabilities.list']({});
          set({ capabilities: { tools, skills, mcps, load: 'ready' } });
        } catch (error) {
          set((s) => ({ capabilities: { ...s.capabilities, load: 'error' } }));
          throw error;
        }
      },

      async addMcp(draft) {
        return keepMcp(await host['mcps.add']({ mcp: draft }));
      },

      async updateMcp(draft) {
        return keepMcp(await host['mcps.update']({ mcp: draft }));
      },

      async removeMcp(name) {
        await host['mcps.remove']({ name });
        set((s) => ({ capabilities: { ...s.capabilities, mcps: s.capabilities.mcps.filter((mcp) => mcp.name !== name) } }));
      },

      async trustMcp(name, trusted) {
        return keepMcp(await host['mcps.setTrust']({ name, trusted }));
      },

      testMcp(target) {
        return host['mcps.test']({ target });
      },

      async saveMcpCredentials(name, values) {
        const result = await host['mcps.setCredentials']({ name, values: { ...values } });
        keepMcp(result.mcp);
        return result;
      },

      notify(message, tone = 'info') {
        noticeId += 1;
        const notice = { id: noticeId, tone, message };
        set((s) => ({ notices: [...s.notices.slice(-4), notice] }));
      },

      dismissNotice(id) {
        set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
      },
    };

    return { ...INITIAL_DATA, actions };
  });
  subscribeToStore = (listener) => store.subscribe(listener);
  return store;
}
