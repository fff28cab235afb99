// The approvals slice (model/approvals.ts): pending permission requests and questions, and
// the events that bring and settle them.

import type { ApprovalsActions, ApprovalsData } from '../model/approvals.js';
import type { EventFollower, EventOf, SliceContext } from '../slice.js';

export function approvalsSlice({ host, set }: SliceContext<ApprovalsData>): ApprovalsActions {
  return {
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

    requestSession: (sessionId) => host['sessions.get']({ sessionId }),
  };
}

/** Requests come and go with events; a deleted session takes its requests along. */
export const approvalEvents: EventFollower<
  EventOf<'permission.asked' | 'permission.replied' | 'question.asked' | 'question.replied' | 'question.rejected' | 'session.deleted'>,
  ApprovalsData
> = {
  types: ['permission.asked', 'permission.replied', 'question.asked', 'question.replied', 'question.rejected', 'session.deleted'],
  begin(state) {
    let { permissions, questions } = state;
    return {
      apply(event) {
        switch (event.type) {
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
          case 'session.deleted': {
            const id = event.payload.session.id;
            permissions = permissions.filter((r) => r.sessionId !== id);
            questions = questions.filter((r) => r.sessionId !== id);
            break;
          }
        }
      },
      changes: () => ({
        ...(permissions === state.permissions ? {} : { permissions }),
        ...(questions === state.questions ? {} : { questions }),
      }),
    };
  },
};
