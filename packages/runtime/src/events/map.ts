// Maps OpenCode's records (SDK v2 shapes) onto ours. Shared by the event normalizer and the
// session layer's history, so both speak the same types. Defensive on purpose: a field the
// runtime leaves out must not throw here.

import type {
  Message as OcMessage,
  Part as OcPart,
  PermissionRequest as OcPermissionRequest,
  QuestionRequest as OcQuestionRequest,
  Session as OcSession,
  SessionStatus as OcSessionStatus,
  ToolState as OcToolState,
} from '@opencode-ai/sdk/v2';
import type {
  MessageInfo,
  PartInfo,
  PermissionRequest,
  QuestionRequest,
  RuntimeErrorInfo,
  SessionInfo,
  SessionStatus,
  TokenUsage,
  ToolState,
} from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function mapSession(session: OcSession): SessionInfo {
  const out: Mutable<SessionInfo> = {
    id: session.id,
    title: session.title,
    directory: session.directory,
    createdAt: session.time.created,
    updatedAt: session.time.updated,
  };
  if (session.parentID) out.parentId = session.parentID;
  if (session.time.compacting !== undefined) out.compactingAt = session.time.compacting;
  if (session.time.archived !== undefined) out.archivedAt = session.time.archived;
  if (session.revert?.messageID) out.revertedTo = session.revert.messageID;
  return out;
}

export function mapSessionStatus(status: OcSessionStatus): SessionStatus {
  if (status.type === 'retry') return { type: 'retry', attempt: status.attempt, message: status.message, next: status.next };
  return { type: status.type };
}

export function mapTokens(tokens: { input: number; output: number; reasoning: number; cache?: { read: number; write: number } }): TokenUsage {
  return {
    input: tokens.input,
    output: tokens.output,
    reasoning: tokens.reasoning,
    cacheRead: tokens.cache?.read ?? 0,
    cacheWrite: tokens.cache?.write ?? 0,
  };
}

/** OpenCode's named errors (`{ name, data }`), or anything else that ended up in an error slot. */
export function mapError(error: unknown): RuntimeErrorInfo {
  if (typeof error !== 'object' || error === null) {
    return { name: 'UnknownError', message: typeof error === 'string' && error ? error : 'Unknown error' };
  }
  const record = error as { name?: unknown; data?: unknown; message?: unknown };
  const name = typeof record.name === 'string' && record.name ? record.name : 'UnknownError';
  const data = typeof record.data === 'object' && record.data !== null ? (record.data as Record<string, unknown>) : {};
  const message =
    (typeof data['message'] === 'string' && data['message']) ||
    (typeof record.message === 'string' && record.message) ||
    DEFAULT_MESSAGES[name] ||
    name;
  const out: Mutable<RuntimeErrorInfo> = { name, message };
  if (typeof data['statusCode'] === 'number') out.statusCode = data['statusCode'];
  if (typeof data['isRetryable'] === 'boolean') out.retryable = data['isRetryable'];
  if (typeof data['providerID'] === 'string') out.providerId = data['providerID'];
  return out;
}

const DEFAULT_MESSAGES: Record<string, string> = {
  MessageOutputLengthError: 'The answer was cut off: the model reached its output length limit.',
  MessageAbortedError: 'Aborted',
};

export function mapMessage(message: OcMessage): MessageInfo {
  if (message.role === 'user') {
    const out: Mutable<MessageInfo> = {
      id: message.id,
      sessionId: message.sessionID,
      role: 'user',
      createdAt: message.time.created,
    };
    if (message.agent) out.agent = message.agent;
    if (message.model) out.model = `${message.model.providerID}/${message.model.modelID}`;
    return out;
  }
  const out: Mutable<MessageInfo> = {
    id: message.id,
    sessionId: message.sessionID,
    role: 'assistant',
    createdAt: message.time.created,
  };
  if (message.time.completed !== undefined) out.completedAt = message.time.completed;
  if (message.parentID) out.parentId = message.parentID;
  if (message.agent) out.agent = message.agent;
  if (message.providerID && message.modelID) out.model = `${message.providerID}/${message.modelID}`;
  // Before completion OpenCode reports zeros, which are not known values yet.
  if (message.time.completed !== undefined) {
    if (message.tokens) out.tokens = mapTokens(message.tokens);
    if (typeof message.cost === 'number') out.cost = message.cost;
  }
  if (message.finish) out.finish = message.finish;
  if (message.error) out.error = mapError(message.error);
  if (message.summary) out.summary = true;
  return out;
}

export function mapToolState(state: OcToolState): ToolState {
  const out: Mutable<ToolState> = { status: state.status, input: state.input ?? {} };
  switch (state.status) {
    case 'pending':
      break;
    case 'running':
      if (state.title) out.title = state.title;
      out.startedAt = state.time.start;
      break;
    case 'completed':
      if (state.title) out.title = state.title;
      out.output = state.output;
      out.startedAt = state.time.start;
      out.endedAt = state.time.end;
      break;
    case 'error':
      out.error = state.error;
      out.startedAt = state.time.start;
      out.endedAt = state.time.end;
      break;
  }
  return out;
}

export function mapPart(part: OcPart): PartInfo {
  const base = { id: part.id, sessionId: part.sessionID, messageId: part.messageID };
  switch (part.type) {
    case 'text': {
      const out: Mutable<Extract<PartInfo, { kind: 'text' }>> = { ...base, kind: 'text', text: part.text };
      if (part.synthetic) out.synthetic = true;
      if (part.time?.start !== undefined) out.startedAt = part.time.start;
      if (part.time?.end !== undefined) out.endedAt = part.time.end;
      return out;
    }
    case 'reasoning': {
      const out: Mutable<Extract<PartInfo, { kind: 'reasoning' }>> = { ...base, kind: 'reasoning', text: part.text };
      if (part.time?.start !== undefined) out.startedAt = part.time.start;
      if (part.time?.end !== undefined) out.endedAt = part.time.end;
      return out;
    }
    case 'tool':
      return { ...base, kind: 'tool', tool: part.tool, callId: part.callID, state: mapToolState(part.state) };
    case 'step-start':
      return { ...base, kind: 'step-start' };
    case 'step-finish':
      return { ...base, kind: 'step-finish', reason: part.reason, tokens: mapTokens(part.tokens), cost: part.cost };
    case 'file': {
      const out: Mutable<Extract<PartInfo, { kind: 'file' }>> = { ...base, kind: 'file', mime: part.mime, url: part.url };
      if (part.filename) out.filename = part.filename;
      return out;
    }
    case 'compaction':
      return { ...base, kind: 'compaction', auto: part.auto };
    default:
      return { ...base, kind: 'other', type: (part as { type: string }).type };
  }
}

export function mapPermissionRequest(request: OcPermissionRequest): PermissionRequest {
  const out: Mutable<PermissionRequest> = {
    id: request.id,
    sessionId: request.sessionID,
    permission: request.permission,
    patterns: request.patterns ?? [],
    always: request.always ?? [],
    metadata: request.metadata ?? {},
  };
  if (request.tool) out.tool = { messageId: request.tool.messageID, callId: request.tool.callID };
  return out;
}

/** Undefined for a request without questions, which nobody could answer (or show). */
export function mapQuestionRequest(request: OcQuestionRequest): QuestionRequest | undefined {
  const [first, ...rest] = (request.questions ?? []).map((question) => {
    const mapped: Mutable<QuestionRequest['questions'][number]> = {
      question: question.question,
      header: question.header,
      options: (question.options ?? []).map((option) => ({ label: option.label, description: option.description })),
    };
    if (question.multiple !== undefined) mapped.multiple = question.multiple;
    if (question.custom !== undefined) mapped.custom = question.custom;
    return mapped;
  });
  if (first === undefined) return undefined;
  const out: Mutable<QuestionRequest> = { id: request.id, sessionId: request.sessionID, questions: [first, ...rest] };
  if (request.tool) out.tool = { messageId: request.tool.messageID, callId: request.tool.callID };
  return out;
}
