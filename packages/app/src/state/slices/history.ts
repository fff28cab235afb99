// The history slice (model/history.ts): fork, revert, unrevert, diff and the history for an
// export. The changed session arrives as a session.updated / session.created event; the
// transcript is reloaded after a revert or its undo, since OpenCode sends no event per hidden message.

import type { HistoryActions, HistoryData } from '../model/history.js';
import type { SliceContext } from '../slice.js';

export function historySlice({ host, actions }: SliceContext<HistoryData>): HistoryActions {
  return {
    forkSession: (sessionId, messageId) => host['sessions.fork']({ sessionId, ...(messageId === undefined ? {} : { messageId }) }),

    async revertSession(sessionId, messageId) {
      const session = await host['sessions.revert']({ sessionId, messageId });
      await actions.loadTranscript(sessionId);
      return session;
    },

    async unrevertSession(sessionId) {
      const session = await host['sessions.unrevert']({ sessionId });
      await actions.loadTranscript(sessionId);
      return session;
    },

    sessionDiff: async (sessionId) => (await host['sessions.diff']({ sessionId })).files,

    sessionHistory: async (sessionId) => (await host['sessions.messages']({ sessionId })).messages,
  };
}
