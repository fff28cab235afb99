// Approvals: the runtime's permission requests and questions waiting for the user, across
// sessions, and the replies to them.

import type { PermissionReply, PermissionRequest, QuestionAnswers, QuestionRequest } from '@open-cowork/contracts';
import type { EventFollower, EventOf, SliceContext } from '../slice.js';

export interface ApprovalsData {
  readonly permissions: readonly PermissionRequest[];
  readonly questions: readonly QuestionRequest[];
}

export interface ApprovalsActions {
  loadRequests(): Promise<void>;
  replyPermission(requestId: string, reply: PermissionReply, message?: string): Promise<void>;
  replyQuestion(requestId: string, answers: QuestionAnswers): Promise<void>;
  rejectQuestion(requestId: string): Promise<void>;
}

export const APPROVALS_DATA: ApprovalsData = { permissions: [], questions: [] };

export function approvalsSlice({ host, set }: SliceContext): ApprovalsActions {
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
  };
}

/** Requests come and go with events; a deleted session takes its requests along. */
export const approvalEvents: EventFollower<
  EventOf<'permission.asked' | 'permission.replied' | 'question.asked' | 'question.replied' | 'question.rejected' | 'session.deleted'>
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
