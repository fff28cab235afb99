// Approvals: the runtime's permission requests and questions waiting for the user, across
// sessions, and the replies to them.

import type { PermissionReply, PermissionRequest, QuestionAnswers, QuestionRequest, Session } from '@open-cowork/contracts';

export interface ApprovalsData {
  readonly permissions: readonly PermissionRequest[];
  readonly questions: readonly QuestionRequest[];
}

export const APPROVALS_DATA: ApprovalsData = { permissions: [], questions: [] };

export interface ApprovalsActions {
  loadRequests(): Promise<void>;
  replyPermission(requestId: string, reply: PermissionReply, message?: string): Promise<void>;
  replyQuestion(requestId: string, answers: QuestionAnswers): Promise<void>;
  rejectQuestion(requestId: string): Promise<void>;
  /** The session a request comes from, for the inbox (it may be in another workspace, or a sub-agent's). */
  requestSession(sessionId: string): Promise<Session>;
}
