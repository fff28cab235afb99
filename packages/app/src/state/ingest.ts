// Host events → state, as one pure function over a batch. The bridge hands over every event
// that arrived during a frame; the batch becomes one state change, so a burst of thousands
// of text deltas costs one render.

import type { HostEvent, SessionId, Session } from '@open-cowork/contracts';
import { TranscriptWriter, type Transcript } from './transcript.js';
import type { AppData } from './types.js';

/** What the caller should do after the state change (things a pure function cannot). */
export interface IngestEffects {
  /** The stream lost events: reload everything. */
  resync: boolean;
  /** The runtime became ready: lists that depend on it (providers, capabilities) are stale. */
  runtimeReady: boolean;
  /** Sessions whose history was compacted: reload their transcripts. */
  compacted: SessionId[];
}

type DataSlice = Pick<AppData, 'runtime' | 'sessions' | 'transcripts' | 'permissions' | 'questions' | 'activeSessionId' | 'auth' | 'updates'>;

export function reduceEvents(state: DataSlice, events: readonly HostEvent[]): { next: Partial<DataSlice>; effects: IngestEffects } {
  const effects: IngestEffects = { resync: false, runtimeReady: false, compacted: [] };
  const next: { -readonly [K in keyof DataSlice]?: DataSlice[K] } = {};
  let byId: Record<SessionId, Session> | undefined;
  let statuses: Record<SessionId, DataSlice['sessions']['statuses'][string]> | undefined;
  let errors: Record<SessionId, DataSlice['sessions']['errors'][string]> | undefined;
  const writers = new Map<SessionId, TranscriptWriter>();
  let transcripts: Record<SessionId, Transcript> | undefined;
  let permissions = state.permissions;
  let questions = state.questions;

  const sessions = () => (byId ??= { ...state.sessions.byId });
  const statusMap = () => (statuses ??= { ...state.sessions.statuses });
  const errorMap = () => (errors ??= { ...state.sessions.errors });
  /** Only sessions whose transcript is held (opened) follow message events; others load on open. */
  const writer = (sessionId: SessionId): TranscriptWriter | undefined => {
    let w = writers.get(sessionId);
    if (w !== undefined) return w;
    const base = (transcripts ?? state.transcripts)[sessionId];
    if (base === undefined) return undefined;
    w = new TranscriptWriter(base);
    writers.set(sessionId, w);
    return w;
  };

  for (const event of events) {
    switch (event.type) {
      case 'runtime.status': {
        const before = next.runtime ?? state.runtime;
        if (event.payload.state === 'ready' && before?.state !== 'ready') effects.runtimeReady = true;
        next.runtime = event.payload;
        break;
      }
      case 'session.created':
      case 'session.updated': {
        const session = event.payload.session;
        // Sub-agent sessions are not listed; their parent shows their work as tool calls.
        if (session.parentId === undefined || sessions()[session.id] !== undefined) sessions()[session.id] = session;
        break;
      }
      case 'session.deleted': {
        const id = event.payload.session.id;
        delete sessions()[id];
        delete statusMap()[id];
        delete errorMap()[id];
        writers.delete(id);
        transcripts ??= { ...state.transcripts };
        delete transcripts[id];
        if ((next.activeSessionId ?? state.activeSessionId) === id) next.activeSessionId = undefined;
        permissions = permissions.filter((r) => r.sessionId !== id);
        questions = questions.filter((r) => r.sessionId !== id);
        break;
      }
      case 'session.status': {
        const { sessionId, status } = event.payload;
        if (status.type === 'idle') delete statusMap()[sessionId];
        else statusMap()[sessionId] = status;
        if (status.type === 'busy') delete errorMap()[sessionId];
        break;
      }
      case 'session.error': {
        const { sessionId, error } = event.payload;
        // An abort the user asked for is not an error worth showing.
        if (sessionId !== undefined && error.name !== 'MessageAbortedError') errorMap()[sessionId] = error;
        break;
      }
      case 'session.compacted':
        effects.compacted.push(event.payload.sessionId);
        break;
      case 'message.updated':
        writer(event.payload.message.sessionId)?.upsertMessage(event.payload.message);
        break;
      case 'part.updated':
        writer(event.payload.part.sessionId)?.upsertPart(event.payload.part);
        break;
      case 'text.delta':
      case 'reasoning.delta': {
        const { sessionId, messageId, partId, delta } = event.payload;
        writer(sessionId)?.appendDelta(messageId, partId, event.type === 'text.delta' ? 'text' : 'reasoning', delta);
        break;
      }
      case 'tool.state': {
        const { sessionId, messageId, partId, tool, callId, state: toolState } = event.payload;
        writer(sessionId)?.setToolState(messageId, partId, tool, callId, toolState);
        break;
      }
      case 'permission.asked':
        permissions = [...permissions.filter((r) => r.id !== event.payload.request.id), event.payload.request];
        break;
      case 'permission.replied':
        permissions = permissions.filter((r) => r.id !== event.payload.requestId);
        break;
      case 'question.asked':
        questions = [...questions.filter((r) => r.id !== event.payload.request.id), event.payload.request];
        break;
      case 'question.replied':
      case 'question.rejected':
        questions = questions.filter((r) => r.id !== event.payload.requestId);
        break;
      case 'auth.changed':
        next.auth = event.payload;
        break;
      case 'updates.changed':
        next.updates = event.payload;
        break;
      case 'resync':
        effects.resync = true;
        break;
    }
  }

  if (byId !== undefined || statuses !== undefined || errors !== undefined) {
    next.sessions = { ...state.sessions, byId: byId ?? state.sessions.byId, statuses: statuses ?? state.sessions.statuses, errors: errors ?? state.sessions.errors };
  }
  for (const [sessionId, w] of writers) {
    const result = w.result();
    if (result !== (transcripts ?? state.transcripts)[sessionId]) {
      transcripts ??= { ...state.transcripts };
      transcripts[sessionId] = result;
    }
  }
  if (transcripts !== undefined) next.transcripts = transcripts;
  if (permissions !== state.permissions) next.permissions = permissions;
  if (questions !== state.questions) next.questions = questions;
  return { next, effects };
}
