// The runtime's records as the contract carries them: the same fields, plus the workspace
// where the contract asks for one, and fresh arrays (the runtime's are read-only).
import type {
  MessageWithParts as ContractMessage,
  PermissionRequest as ContractPermission,
  Question as ContractQuestion,
  QuestionAnswers as ContractAnswers,
  QuestionRequest as ContractQuestionRequest,
  RuntimeStatus as ContractRuntimeStatus,
  Session,
} from '@open-cowork/contracts';
import type {
  MessageWithParts,
  PermissionRequest,
  Question,
  QuestionAnswers,
  QuestionRequest,
  RuntimeStatus,
  SessionInfo,
} from '@open-cowork/runtime';

export function toSession(session: SessionInfo, workspaceId: string): Session {
  return { ...session, workspaceId };
}

export function toMessage(entry: MessageWithParts): ContractMessage {
  return { info: entry.info, parts: [...entry.parts] };
}

export function toPermission(request: PermissionRequest, workspaceId: string): ContractPermission {
  return {
    ...request,
    workspaceId,
    patterns: [...request.patterns],
    always: [...request.always],
  };
}

function toQuestion(question: Question): ContractQuestion {
  return { ...question, options: question.options.map((option) => ({ ...option })) };
}

/** Undefined for a request without questions, which the contract (and any client) cannot show. */
export function toQuestionRequest(request: QuestionRequest, workspaceId: string): ContractQuestionRequest | undefined {
  const [first, ...rest] = request.questions.map(toQuestion);
  if (first === undefined) return undefined;
  return { ...request, workspaceId, questions: [first, ...rest] };
}

export function toAnswers(answers: QuestionAnswers): ContractAnswers {
  return answers.map((answer) => [...answer]);
}

export function toRuntimeStatus(status: RuntimeStatus): ContractRuntimeStatus {
  return { ...status };
}
