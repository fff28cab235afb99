// Open Cowork's own view of what happens inside the runtime: a small, closed set of events and
// the records they carry, independent of the OpenCode SDK's types. The normalizer turns raw
// OpenCode events into these; the session layer returns the same records from its requests.
//
// Everything here is plain JSON (`undefined` means "absent"). Ids are OpenCode's (`ses_…`,
// `msg_…`, `prt_…`, `per_…`, `que_…`); times are Unix epoch milliseconds.

import type {
  Message,
  MessageWithParts as ContractMessageWithParts,
  Part,
  PermissionReply as ContractPermissionReply,
  PermissionRequest as ContractPermissionRequest,
  Question as ContractQuestion,
  QuestionAnswers as ContractQuestionAnswers,
  QuestionOption as ContractQuestionOption,
  QuestionRequest as ContractQuestionRequest,
  RuntimeErrorInfo as ContractRuntimeErrorInfo,
  Session,
  SessionStatus as ContractSessionStatus,
  StreamedPart,
  TokenUsage as ContractTokenUsage,
  ToolState as ContractToolState,
} from '@open-cowork/contracts';

// The records are the host contract's own types, so what the runtime reports crosses every
// boundary as is. Where the contract adds the workspace (sessions, requests), the runtime's
// record is the same type without it: the host knows the workspace, the runtime only the folder.

/** Token counts as OpenCode reports them for an assistant message or a step. */
export type TokenUsage = ContractTokenUsage;

/**
 * Why something failed, as OpenCode named it. `name` is OpenCode's error name
 * (`APIError`, `MessageAbortedError`, `ProviderAuthError`, `ContextOverflowError`,
 * `MessageOutputLengthError`, `UnknownError`, …), or the session layer's own
 * `ModelRetriesExhausted` (a model call that kept failing was given up), or the host's
 * `RuntimeExited` (the runtime died mid-answer); `message` is for people.
 */
export type RuntimeErrorInfo = ContractRuntimeErrorInfo;

/** What a session is doing. `retry` is a failed model call waiting for its next attempt. */
export type SessionStatus = ContractSessionStatus;

/** A session as the runtime knows it: the contract's Session without the workspace. */
export type SessionInfo = Omit<Session, 'workspaceId'>;

export type MessageInfo = Message;

/** A tool call's state; `tool.state` events carry it whenever `status` or `title` changes. */
export type ToolState = ContractToolState;

/** One piece of a message. Unknown OpenCode part kinds arrive as `other`. */
export type PartInfo = Part;

export type PartKind = PartInfo['kind'];

/** A message with its parts, as history returns it. */
export type MessageWithParts = ContractMessageWithParts;

export type PermissionReply = ContractPermissionReply;

/** OpenCode asks before a tool does something the permission rules say to ask about. */
export type PermissionRequest = Omit<ContractPermissionRequest, 'workspaceId'>;

export type QuestionOption = ContractQuestionOption;

export type Question = ContractQuestion;

/** The agent asks the user to choose (the `question` tool); always at least one question. */
export type QuestionRequest = Omit<ContractQuestionRequest, 'workspaceId'>;

/** One answer per question, each the chosen labels (or typed text). */
export type QuestionAnswers = ContractQuestionAnswers;

// ---------------------------------------------------------------------------------------------
// Events

interface EventBase {
  /** The workspace folder the event belongs to, when OpenCode tells (or the stream was scoped to one). */
  readonly directory?: string;
}

export interface SessionStatusEvent extends EventBase {
  readonly type: 'session.status';
  readonly sessionId: string;
  readonly status: SessionStatus;
}

interface SessionChange extends EventBase {
  readonly session: SessionInfo;
}

export interface SessionCreatedEvent extends SessionChange {
  readonly type: 'session.created';
}

/** The title or another field changed (OpenCode retitles untitled sessions after the first prompt). */
export interface SessionUpdatedEvent extends SessionChange {
  readonly type: 'session.updated';
}

export interface SessionDeletedEvent extends SessionChange {
  readonly type: 'session.deleted';
}

/** A compaction finished: earlier history is now summarized. */
export interface SessionCompactedEvent extends EventBase {
  readonly type: 'session.compacted';
  readonly sessionId: string;
}

/** A prompt failed (provider error, abort, …). The session goes idle right after. */
export interface SessionErrorEvent extends EventBase {
  readonly type: 'session.error';
  /** Absent for errors OpenCode could not tie to a session. */
  readonly sessionId?: string;
  readonly error: RuntimeErrorInfo;
}

export interface MessageUpdatedEvent extends EventBase {
  readonly type: 'message.updated';
  readonly message: MessageInfo;
}

/** A non-tool part appeared or changed (tool parts become `tool.state` events instead). */
export interface PartUpdatedEvent extends EventBase {
  readonly type: 'part.updated';
  readonly part: StreamedPart;
}

interface Delta extends EventBase {
  readonly sessionId: string;
  readonly messageId: string;
  readonly partId: string;
  /** Text to append to the part's text. */
  readonly delta: string;
}

/** Streamed answer text, appended to a text part. */
export interface TextDeltaEvent extends Delta {
  readonly type: 'text.delta';
}

/** Streamed model reasoning, appended to a reasoning part. */
export interface ReasoningDeltaEvent extends Delta {
  readonly type: 'reasoning.delta';
}

export interface ToolStateEvent extends EventBase {
  readonly type: 'tool.state';
  readonly sessionId: string;
  readonly messageId: string;
  readonly partId: string;
  readonly callId: string;
  readonly tool: string;
  readonly state: ToolState;
}

export interface PermissionAskedEvent extends EventBase {
  readonly type: 'permission.asked';
  readonly request: PermissionRequest;
}

export interface PermissionRepliedEvent extends EventBase {
  readonly type: 'permission.replied';
  readonly sessionId: string;
  readonly requestId: string;
  readonly reply: PermissionReply;
}

export interface QuestionAskedEvent extends EventBase {
  readonly type: 'question.asked';
  readonly request: QuestionRequest;
}

export interface QuestionRepliedEvent extends EventBase {
  readonly type: 'question.replied';
  readonly sessionId: string;
  readonly requestId: string;
  readonly answers: QuestionAnswers;
}

export interface QuestionRejectedEvent extends EventBase {
  readonly type: 'question.rejected';
  readonly sessionId: string;
  readonly requestId: string;
}

export type RuntimeEvent =
  | SessionStatusEvent
  | SessionCreatedEvent
  | SessionUpdatedEvent
  | SessionDeletedEvent
  | SessionCompactedEvent
  | SessionErrorEvent
  | MessageUpdatedEvent
  | PartUpdatedEvent
  | TextDeltaEvent
  | ReasoningDeltaEvent
  | ToolStateEvent
  | PermissionAskedEvent
  | PermissionRepliedEvent
  | QuestionAskedEvent
  | QuestionRepliedEvent
  | QuestionRejectedEvent;

export type RuntimeEventType = RuntimeEvent['type'];

/** Every event type, for exhaustiveness checks and schema generation. */
export const RUNTIME_EVENT_TYPES = [
  'session.status',
  'session.created',
  'session.updated',
  'session.deleted',
  'session.compacted',
  'session.error',
  'message.updated',
  'part.updated',
  'text.delta',
  'reasoning.delta',
  'tool.state',
  'permission.asked',
  'permission.replied',
  'question.asked',
  'question.replied',
  'question.rejected',
] as const satisfies readonly RuntimeEventType[];

// Compile-time check that the list above names every event type.
type Missing = Exclude<RuntimeEventType, (typeof RUNTIME_EVENT_TYPES)[number]>;
const everyTypeListed: [Missing] extends [never] ? true : Missing = true;
void everyTypeListed;
