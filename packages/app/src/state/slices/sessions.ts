// The sessions slice (model/sessions.ts): chat lists, the open chat, transcripts and prompting.
// Host events reach the same data through session-events.ts.

import type { Session, SessionId, SessionStatus, SessionsListResult } from '@open-cowork/contracts';
import { HostError } from '../../host/errors.js';
import type { SessionsActions, SessionsData } from '../model/sessions.js';
import type { SliceContext } from '../slice.js';
import { emptyTranscript, mergeHistory, transcriptFromHistory } from '../transcript.js';
import type { AppState } from '../types.js';
import { waitFor } from '../waits.js';

/** `held` with the sessions and busy states of `lists` laid over it (idle sessions are not listed as busy). */
function withLists(
  held: Pick<SessionsData['sessions'], 'byId' | 'statuses'>,
  lists: readonly SessionsListResult[],
): Pick<SessionsData['sessions'], 'byId' | 'statuses'> {
  const byId: Record<SessionId, Session> = { ...held.byId };
  const statuses: Record<SessionId, SessionStatus> = { ...held.statuses };
  for (const list of lists) {
    for (const session of list.sessions) byId[session.id] = session;
    for (const [id, status] of Object.entries(list.statuses)) if (status.type !== 'idle') statuses[id] = status;
  }
  return { byId, statuses };
}

/** The text of the session's finished answer, once there is one; throws on a failed (or retrying) answer. */
function finishedAnswer(state: AppState, sessionId: SessionId): string | undefined {
  const error = state.sessions.errors[sessionId];
  if (error !== undefined) throw new HostError('RUNTIME_REQUEST_FAILED', error.message, error);
  // A model call that already needs retrying is a failed connection test, not a slow one.
  const status = state.sessions.statuses[sessionId];
  if (status?.type === 'retry') throw new HostError('RUNTIME_REQUEST_FAILED', status.message, status);
  const entries = state.transcripts[sessionId]?.entries ?? [];
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i];
    if (entry === undefined || entry.info.role !== 'assistant') continue;
    if (entry.info.error !== undefined) throw new HostError('RUNTIME_REQUEST_FAILED', entry.info.error.message, entry.info.error);
    const text = entry.parts.map((p) => (p.kind === 'text' && !p.synthetic ? p.text : '')).join('').trim();
    const done = entry.info.completedAt !== undefined || state.sessions.statuses[sessionId] === undefined;
    if (done && text !== '') return text;
  }
  return undefined;
}

/** How many messages of a session's history are loaded when it opens. */
const HISTORY_LIMIT = 20_000;

export function sessionsSlice({ host, get, set, actions, watch }: SliceContext<SessionsData>): SessionsActions {
  const transcriptLoads = new Map<SessionId, Promise<void>>();

  const upsertSession = (session: Session): void =>
    set((s) => ({ sessions: { ...s.sessions, byId: { ...s.sessions.byId, [session.id]: session } } }));

  return {
    async loadSessions() {
      set((s) => ({ sessions: { ...s.sessions, load: s.sessions.load === 'ready' ? 'ready' : 'loading' } }));
      try {
        const lists = await Promise.all(get().workspaces.map((w) => host['sessions.list']({ workspaceId: w.id })));
        set((s) => ({ sessions: { ...s.sessions, ...withLists({ byId: {}, statuses: {} }, lists), load: 'ready' } }));
      } catch (error) {
        // A starting runtime lists them once it is ready (see ingest): still loading, not failed.
        const waiting = HostError.from(error).code === 'RUNTIME_NOT_READY';
        set((s) => ({ sessions: { ...s.sessions, load: waiting ? 'loading' : 'error' } }));
        throw error;
      }
    },

    async loadWorkspaceSessions(workspaceId) {
      const list = await host['sessions.list']({ workspaceId });
      set((s) => ({ sessions: { ...s.sessions, ...withLists(s.sessions, [list]) } }));
    },

    forgetWorkspaceSessions(workspaceId) {
      set((s) => {
        const byId: Record<SessionId, Session> = {};
        for (const session of Object.values(s.sessions.byId)) if (session.workspaceId !== workspaceId) byId[session.id] = session;
        return { sessions: { ...s.sessions, byId } };
      });
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
      if (options.agent !== undefined) actions.chooseChatAgent(sessionId, options.agent);
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

    waitForAnswer(sessionId, timeoutMs) {
      return waitFor(watch, (s) => finishedAnswer(s, sessionId), timeoutMs, 'No answer in time.');
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
      actions.chooseChatAgent(sessionId, undefined);
    },

    async summarizeSession(sessionId) {
      await host['sessions.summarize']({ sessionId });
    },
  };
}
