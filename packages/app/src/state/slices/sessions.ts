// Chats: the session list per workspace with busy states and failures, the open chat, the
// transcripts of opened chats, and prompting. Host events reach them through session-events.ts.

import type { ModelRef, PromptFile, RuntimeErrorInfo, Session, SessionId, SessionStatus, WorkspaceId } from '@open-cowork/contracts';
import { HostError } from '../../host/errors.js';
import type { LoadState, SliceContext } from '../slice.js';
import { emptyTranscript, mergeHistory, transcriptFromHistory, type Transcript } from '../transcript.js';

export interface SessionsState {
  readonly byId: Readonly<Record<SessionId, Session>>;
  /** Sessions not listed are idle. */
  readonly statuses: Readonly<Record<SessionId, SessionStatus>>;
  /** The last prompt failure per session, cleared by the next prompt. */
  readonly errors: Readonly<Record<SessionId, RuntimeErrorInfo>>;
  readonly load: LoadState;
}

export interface SessionsData {
  readonly sessions: SessionsState;
  readonly activeSessionId: SessionId | undefined;
  /** Histories of the chats opened so far; only these follow message events. */
  readonly transcripts: Readonly<Record<SessionId, Transcript>>;
}

export interface PromptOptions {
  readonly model?: ModelRef;
  readonly agent?: string;
  /** Workspace files to attach (paths relative to the session's workspace folder). */
  readonly files?: readonly PromptFile[];
}

export interface SessionsActions {
  loadSessions(): Promise<void>;
  createSession(workspaceId?: WorkspaceId, title?: string): Promise<Session>;
  /** Makes the session the active one and loads its history if it is not loaded yet. */
  openSession(sessionId: SessionId): Promise<void>;
  closeSession(): void;
  loadTranscript(sessionId: SessionId): Promise<void>;
  sendPrompt(sessionId: SessionId, text: string, options?: PromptOptions): Promise<void>;
  /** Creates a session in the current workspace, opens it and sends the prompt; resolves to its id. */
  startChat(text: string, options?: PromptOptions): Promise<SessionId>;
  abortSession(sessionId: SessionId): Promise<void>;
  renameSession(sessionId: SessionId, title: string): Promise<void>;
  deleteSession(sessionId: SessionId): Promise<void>;
  summarizeSession(sessionId: SessionId): Promise<void>;
}

export const SESSIONS_DATA: SessionsData = {
  sessions: { byId: {}, statuses: {}, errors: {}, load: 'idle' },
  activeSessionId: undefined,
  transcripts: {},
};

/** How many messages of a session's history are loaded when it opens. */
const HISTORY_LIMIT = 20_000;

export function sessionsSlice({ host, get, set, actions }: SliceContext): SessionsActions {
  const transcriptLoads = new Map<SessionId, Promise<void>>();

  const upsertSession = (session: Session): void =>
    set((s) => ({ sessions: { ...s.sessions, byId: { ...s.sessions.byId, [session.id]: session } } }));

  return {
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
      // The same change the host's session.deleted event makes (it may arrive later or never).
      actions.ingest(session ? [{ type: 'session.deleted', payload: { workspaceId: session.workspaceId, session } }] : []);
      if (get().activeSessionId === sessionId) set({ activeSessionId: undefined });
    },

    async summarizeSession(sessionId) {
      await host['sessions.summarize']({ sessionId });
    },
  };
}
