// Host events → the sessions slice: the list, busy states and failures, and the transcripts
// of opened chats. One fold per batch: maps are copied once on first change, transcripts
// through one TranscriptWriter each, so thousands of text deltas cost one state change.

import type { Session, SessionId } from '@open-cowork/contracts';
import type { SessionsData, SessionsState } from '../model/sessions.js';
import type { EventFollower, EventOf } from '../slice.js';
import { TranscriptWriter, type Transcript } from '../transcript.js';

const SESSION_EVENTS = [
  'session.created',
  'session.updated',
  'session.deleted',
  'session.status',
  'session.error',
  'session.compacted',
  'message.updated',
  'part.updated',
  'text.delta',
  'reasoning.delta',
  'tool.state',
] as const;

export const sessionEvents: EventFollower<EventOf<(typeof SESSION_EVENTS)[number]>, SessionsData> = {
  types: SESSION_EVENTS,

  begin(state, effects) {
    let byId: Record<SessionId, Session> | undefined;
    let statuses: Record<SessionId, SessionsState['statuses'][string]> | undefined;
    let errors: Record<SessionId, SessionsState['errors'][string]> | undefined;
    let transcripts: Record<SessionId, Transcript> | undefined;
    let closeActive = false;
    const writers = new Map<SessionId, TranscriptWriter>();

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

    return {
      apply(event) {
        switch (event.type) {
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
            if (state.activeSessionId === id) closeActive = true;
            break;
          }
          case 'session.status': {
            const { sessionId, status } = event.payload;
            if (status.type === 'idle') delete statusMap()[sessionId];
            else statusMap()[sessionId] = status;
            if (status.type === 'busy') delete errorMap()[sessionId];
            if (status.type === 'retry') writer(sessionId)?.discardUnfinishedStep();
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
        }
      },

      changes() {
        const next: { -readonly [K in keyof SessionsData]?: SessionsData[K] } = {};
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
        if (closeActive) next.activeSessionId = undefined;
        return next;
      },
    };
  },
};
