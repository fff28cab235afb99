// Open Cowork's own view of what happens inside the runtime: a small, closed set of events and
// the records they carry, independent of the OpenCode SDK's types. The normalizer turns raw
// OpenCode events into these; the session layer returns the same records from its requests.
//
// Everything here is plain JSON (strings, numbers, booleans, arrays, objects; `undefined` means
// "absent"), so a host contract can mirror it one to one as JSON Schema. Ids are OpenCode's
// (`ses_…`, `msg_…`, `prt_…`, `per_…`, `que_…`); times are Unix epoch milliseconds.

/** Token counts as OpenCode reports them for an assistant message or a step. */
export interface TokenUsage {
  readonly input: number;
  readonly output: number;
  readonly reasoning: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

/**
 * Why something failed, as OpenCode named it. `name` is OpenCode's error name
 * (`APIError`, `MessageAbortedError`, `ProviderAuthError`, `ContextOverflowError`,
 * `MessageOutputLengthError`, `UnknownError`, …), or the session layer's own
 * `ModelRetriesExhausted` (a model call that kept failing was given up); `message` is for people.
 */
export interface RuntimeErrorInfo {
  readonly name: string;
  readonly message: string;
  /** HTTP status of a failed model call (APIError only). */
  readonly statusCode?: number;
  /** Whether OpenCode considered the model call retryable (APIError only). */
  readonly retryable?: boolean;
  /** The provider that failed authentication (ProviderAuthError only). */
  readonly providerId?: string;
}

/** What a session is doing. `retry` is a failed model call waiting for its next attempt. */
export type SessionStatus =
  | { readonly type: 'idle' }
  | { readonly type: 'busy' }
  | {
      readonly type: 'retry';
      /** 1 for the first retry. */
      readonly attempt: number;
      /** Why the last attempt failed. */
      readonly message: string;
      /** When the next attempt starts (epoch ms). */
      readonly next: number;
    };

export interface SessionInfo {
  readonly id: string;
  readonly title: string;
  /** The workspace folder the session works in. */
  readonly directory: string;
  /** Set for sub-agent sessions: the session that started this one. */
  readonly parentId?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Set while a compaction runs. */
  readonly compactingAt?: number;
  readonly archivedAt?: number;
}

export interface MessageInfo {
  readonly id: string;
  readonly sessionId: string;
  readonly role: 'user' | 'assistant';
  readonly createdAt: number;
  /** Assistant messages: when the answer finished (also set when it failed or was aborted). */
  readonly completedAt?: number;
  /** Assistant messages: the user message being answered. */
  readonly parentId?: string;
  readonly agent?: string;
  /** `provider/model` that answered (assistant) or was asked for (user). */
  readonly model?: string;
  /** Assistant messages: set once the answer completed (OpenCode reports zeros until then). */
  readonly tokens?: TokenUsage;
  /** Assistant messages: USD, set once the answer completed. */
  readonly cost?: number;
  /** Assistant messages: the model's finish reason (`stop`, `tool-calls`, `length`, …). */
  readonly finish?: string;
  /** Assistant messages: why the answer failed (aborted, provider error, …). */
  readonly error?: RuntimeErrorInfo;
  /** True for the summary message a compaction wrote. */
  readonly summary?: boolean;
}

/** A tool call's state; `tool.state` events carry it whenever `status` or `title` changes. */
export interface ToolState {
  readonly status: 'pending' | 'running' | 'completed' | 'error';
  /** The arguments the model passed (empty while pending). */
  readonly input: Readonly<Record<string, unknown>>;
  /** A short description of the call (e.g. the command), when OpenCode gives one. */
  readonly title?: string;
  /** `completed` only. */
  readonly output?: string;
  /** `error` only: why the call failed, including "The user rejected permission…". */
  readonly error?: string;
  readonly startedAt?: number;
  readonly endedAt?: number;
}

interface PartBase {
  readonly id: string;
  readonly sessionId: string;
  readonly messageId: string;
}

/** One piece of a message. Unknown OpenCode part kinds arrive as `other`. */
export type PartInfo =
  | (PartBase & { readonly kind: 'text'; readonly text: string; readonly synthetic?: boolean; readonly startedAt?: number; readonly endedAt?: number })
  | (PartBase & { readonly kind: 'reasoning'; readonly text: string; readonly startedAt?: number; readonly endedAt?: number })
  | (PartBase & { readonly kind: 'tool'; readonly tool: string; readonly callId: string; readonly state: ToolState })
  | (PartBase & { readonly kind: 'step-start' })
  | (PartBase & { readonly kind: 'step-finish'; readonly reason: string; readonly tokens: TokenUsage; readonly cost: number })
  | (PartBase & { readonly kind: 'file'; readonly mime: string; readonly url: string; readonly filename?: string })
  | (PartBase & { readonly kind: 'compaction'; readonly auto: boolean })
  | (PartBase & { readonly kind: 'other'; readonly type: string });

export type PartKind = PartInfo['kind'];

/** A message with its parts, as history returns it. */
export interface MessageWithParts {
  readonly info: MessageInfo;
  readonly parts: readonly PartInfo[];
}

export type PermissionReply = 'once' | 'always' | 'reject';

/** OpenCode asks before a tool does something the permission rules say to ask about. */
export interface PermissionRequest {
  readonly id: string;
  readonly sessionId: string;
  /** The permission kind: `bash`, `edit`, `webfetch`, `external_directory`, an MCP tool name, … */
  readonly permission: string;
  /** What exactly is asked for (e.g. the command line, the file path). */
  readonly patterns: readonly string[];
  /** What "always" would allow from now on (e.g. `echo *`). */
  readonly always: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The tool call waiting on the answer. */
  readonly tool?: { readonly messageId: string; readonly callId: string };
}

export interface QuestionOption {
  readonly label: string;
  readonly description: string;
}

export interface Question {
  readonly question: string;
  /** A very short label (at most 30 characters). */
  readonly header: string;
  readonly options: readonly QuestionOption[];
  /** Several options may be chosen. */
  readonly multiple?: boolean;
  /** A typed answer is allowed besides the options. */
  readonly custom?: boolean;
}

/** The agent asks the user to choose (the `question` tool). */
export interface QuestionRequest {
  readonly id: string;
  readonly sessionId: string;
  readonly questions: readonly Question[];
  readonly tool?: { readonly messageId: string; readonly callId: string };
}

/** One answer per question, each the chosen labels (or typed text). */
export type QuestionAnswers = readonly (readonly string[])[];

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
  readonly part: Exclude<PartInfo, { kind: 'tool' }>;
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
