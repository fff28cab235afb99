// Inputs and records of the session layer that are not events (see ../events/types.ts for the
// records events and history share). Plain JSON, like the event types.

import type { RuntimeErrorInfo } from '../events/types.js';

/** Every call names the workspace folder it is about; OpenCode keeps one instance per folder. */
export interface InDirectory {
  readonly directory: string;
}

export interface SessionRef extends InDirectory {
  readonly sessionId: string;
}

export interface CreateSessionInput extends InDirectory {
  /** Without one, OpenCode titles the session from the first prompt. */
  readonly title?: string;
}

export interface ListSessionsInput extends InDirectory {
  /** Only top-level sessions (no sub-agent sessions). Default true. */
  readonly rootsOnly?: boolean;
  /** Most recently updated first; at most this many. */
  readonly limit?: number;
}

export interface MessagesInput extends SessionRef {
  /** The newest `limit` messages only. */
  readonly limit?: number;
}

/** A file attached to a prompt, read by OpenCode from disk. */
export interface PromptFile {
  /** Absolute, or relative to the workspace folder. A trailing `/` attaches a folder listing. */
  readonly path: string;
  /** Guessed from the extension when absent (`text/plain` for anything unknown). */
  readonly mime?: string;
  /** Shown to the model; defaults to the file's base name. */
  readonly filename?: string;
}

export interface PromptInput extends SessionRef {
  readonly text: string;
  /** `provider/model`, e.g. `anthropic/claude-sonnet-4`; the model id may itself contain `/`. */
  readonly model?: string;
  /** Agent name (`build`, `plan`, or a configured one). */
  readonly agent?: string;
  readonly files?: readonly PromptFile[];
  /**
   * Tool-name patterns switched off for this prompt (OpenCode turns them into deny rules
   * for the turn), e.g. `tickets_*` for an MCP server scoped to another workspace.
   */
  readonly disabledTools?: readonly string[];
}

export interface RenameSessionInput extends SessionRef {
  readonly title: string;
}

export interface SummarizeInput extends SessionRef {
  /** `provider/model` that writes the summary. */
  readonly model: string;
}

export interface PermissionReplyInput extends InDirectory {
  readonly requestId: string;
  readonly reply: 'once' | 'always' | 'reject';
  /** With `reject`: tells the agent why, so it can adjust instead of stopping. */
  readonly message?: string;
}

export interface QuestionReplyInput extends InDirectory {
  readonly requestId: string;
  /** One entry per question, each the chosen labels (or typed text). */
  readonly answers: readonly (readonly string[])[];
}

export interface QuestionRejectInput extends InDirectory {
  readonly requestId: string;
}

/** How a prompt ended, as seen on the event stream. */
export type PromptOutcome =
  /** The session went idle without an error. */
  | { readonly status: 'completed'; readonly sessionId: string }
  /** The session reported an error (provider failure, abort, …) before going idle. */
  | { readonly status: 'failed' | 'aborted'; readonly sessionId: string; readonly error: RuntimeErrorInfo };

export interface ModelInfo {
  readonly id: string;
  readonly providerId: string;
  readonly name: string;
  readonly family?: string;
  readonly status: 'alpha' | 'beta' | 'deprecated' | 'active';
  readonly limit: {
    /** Context window in tokens. */
    readonly context: number;
    readonly input?: number;
    /** Longest answer in tokens. */
    readonly output: number;
  };
  readonly capabilities: {
    readonly reasoning: boolean;
    readonly attachment: boolean;
    readonly toolCall: boolean;
    readonly temperature: boolean;
  };
  /** USD per million tokens. */
  readonly cost?: { readonly input: number; readonly output: number };
  readonly releaseDate?: string;
}

export interface ProviderInfo {
  readonly id: string;
  readonly name: string;
  /** Where OpenCode found it: environment variable, config, a custom provider or its API. */
  readonly source: 'env' | 'config' | 'custom' | 'api';
  readonly models: readonly ModelInfo[];
}

/** One way to sign in to a provider. */
export interface ProviderAuthMethod {
  readonly type: 'oauth' | 'api';
  readonly label: string;
}

export interface ProviderOAuthInput extends InDirectory {
  readonly providerId: string;
  /** Index into the provider's sign-in methods. */
  readonly method: number;
}

/** Where the user signs in: `auto` finishes by itself, `code` wants the code the page shows. */
export interface ProviderOAuthStart {
  readonly url: string;
  readonly mode: 'auto' | 'code';
  readonly instructions?: string;
}

export interface ProviderCatalog {
  readonly providers: readonly ProviderInfo[];
  /** Provider id → its default model id. */
  readonly defaults: Readonly<Record<string, string>>;
}

export type McpState = 'connected' | 'disabled' | 'failed' | 'needs_auth' | 'needs_client_registration';

export interface McpServerStatus {
  readonly name: string;
  readonly status: McpState;
  /** `failed` and `needs_client_registration`: why. */
  readonly error?: string;
}

/** A message of a session (fork, revert, diff). */
export interface SessionMessageRef extends SessionRef {
  readonly messageId?: string;
}
