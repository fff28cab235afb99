// Typed wrappers over the OpenCode SDK client for everything the app does with sessions:
// lifecycle, history, prompts, permissions, questions, and the runtime's catalog. The client is
// injected (the supervisor builds it with the base URL and Basic auth), or a getter for the
// current one. Every method names the workspace folder, maps OpenCode's records to ours and
// throws RuntimeError on failure.

import type { OpencodeClient } from '@opencode-ai/sdk/v2';
import type { RuntimeEventSource } from '../events/hub.js';
import { mapMessage, mapPart, mapPermissionRequest, mapQuestionRequest, mapSession, mapSessionStatus } from '../events/map.js';
import type { SessionFileDiff } from '@open-cowork/contracts';
import type { MessageWithParts, PermissionRequest, QuestionRequest, SessionInfo, SessionStatus } from '../events/types.js';
import { mapMcpStatuses, mapProvider } from './catalog.js';
import { callRuntime, invalidResponse } from './errors.js';
import { attachmentsInside, parseModelRef, promptParts } from './prompt-parts.js';
import type {
  CreateSessionInput,
  InDirectory,
  ListSessionsInput,
  McpServerStatus,
  MessagesInput,
  PermissionReplyInput,
  PromptInput,
  PromptOutcome,
  ProviderAuthMethod,
  ProviderCatalog,
  ProviderOAuthInput,
  ProviderOAuthStart,
  QuestionRejectInput,
  QuestionReplyInput,
  RenameSessionInput,
  SessionMessageRef,
  SessionRef,
  SummarizeInput,
} from './types.js';
import { invalidRetryLimit, waitForPrompt, type WaitForPromptOptions } from './wait.js';

export interface PromptAndWaitOptions extends Omit<WaitForPromptOptions, 'requireBusy' | 'abortSession'> {
  /**
   * Normalized runtime events, already connected: e.g. `normalizeRawEvents` over the
   * supervisor's `onEvent`.
   */
  readonly events: RuntimeEventSource;
}

const messageOf = (input: SessionMessageRef): { messageID?: string } => (input.messageId === undefined ? {} : { messageID: input.messageId });

function expectArray<T>(operation: string, value: unknown): T[] {
  if (!Array.isArray(value)) throw invalidResponse(operation, 'expected a list');
  return value as T[];
}

function expectObject<T>(operation: string, value: unknown): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidResponse(operation, 'expected an object');
  return value as T;
}

/** A client, or a getter for the current one (the supervisor's client changes on every restart). */
export type ClientSource = OpencodeClient | (() => OpencodeClient);

export interface RuntimeSessionsOptions {
  /**
   * Runs before every call, with the call's folder: the supervisor's `prepareFor`, which makes
   * a workspace added after the runtime started visible inside its sandbox and keeps OpenCode
   * away from configuration of untrusted folders.
   */
  readonly beforeCall?: (directory: string) => Promise<void>;
  /**
   * Runs once OpenCode accepted a prompt: the supervisor's `expectBusy`, so the health watch
   * counts the session as answering before OpenCode's own busy event arrives (a first prompt's
   * warm-up can keep OpenCode from answering health checks or streaming events for seconds).
   */
  readonly afterPrompt?: (sessionId: string) => void;
}

export class RuntimeSessions {
  private readonly source: ClientSource;
  private readonly options: RuntimeSessionsOptions;

  constructor(client: ClientSource, options: RuntimeSessionsOptions = {}) {
    this.source = client;
    this.options = options;
  }

  /** Read per call; a getter that throws (runtime not ready) surfaces as RUNTIME_UNREACHABLE. */
  private get client(): OpencodeClient {
    return typeof this.source === 'function' ? this.source() : this.source;
  }

  /** The client for a call in `directory`, after `beforeCall`. */
  private async at(directory: string): Promise<OpencodeClient> {
    await this.options.beforeCall?.(directory);
    return this.client;
  }

  async create(input: CreateSessionInput): Promise<SessionInfo> {
    const op = 'session.create';
    const session = await callRuntime(op, async () =>
      (await this.at(input.directory)).session.create({ directory: input.directory, ...(input.title !== undefined ? { title: input.title } : {}) }),
    );
    return mapSession(expectObject(op, session));
  }

  async get(input: SessionRef): Promise<SessionInfo> {
    const op = 'session.get';
    return mapSession(expectObject(op, await callRuntime(op, async () => (await this.at(input.directory)).session.get({ sessionID: input.sessionId, directory: input.directory }))));
  }

  /** Sessions of the workspace, most recently updated first. */
  async list(input: ListSessionsInput): Promise<SessionInfo[]> {
    const op = 'session.list';
    const sessions = await callRuntime(op, async () =>
      (await this.at(input.directory)).session.list({
        directory: input.directory,
        roots: input.rootsOnly ?? true,
        ...(input.limit !== undefined ? { limit: input.limit } : {}),
      }),
    );
    // OpenCode 1.18.33 already scopes the list to the folder; the filter keeps that promise
    // should a version list the whole project (every folder of one repository).
    return expectArray<Parameters<typeof mapSession>[0]>(op, sessions)
      .filter((session) => session.directory === input.directory)
      .map(mapSession);
  }

  /** What every session of the workspace is doing; sessions absent from the answer are idle. */
  async statuses(input: InDirectory): Promise<Record<string, SessionStatus>> {
    const op = 'session.status';
    const statuses = expectObject<Record<string, Parameters<typeof mapSessionStatus>[0]>>(
      op,
      await callRuntime(op, async () => (await this.at(input.directory)).session.status({ directory: input.directory })),
    );
    return Object.fromEntries(Object.entries(statuses).map(([id, status]) => [id, mapSessionStatus(status)]));
  }

  /** The session's history, oldest first, each message with its parts. */
  async messages(input: MessagesInput): Promise<MessageWithParts[]> {
    const op = 'session.messages';
    const messages = await callRuntime(op, async () =>
      (await this.at(input.directory)).session.messages({
        sessionID: input.sessionId,
        directory: input.directory,
        ...(input.limit !== undefined ? { limit: input.limit } : {}),
      }),
    );
    return expectArray<{ info: Parameters<typeof mapMessage>[0]; parts: Parameters<typeof mapPart>[0][] }>(op, messages).map((entry) => ({
      info: mapMessage(entry.info),
      parts: (entry.parts ?? []).map(mapPart),
    }));
  }

  /** Sends a prompt and returns once OpenCode accepted it; follow the events for the answer. */
  async prompt(input: PromptInput): Promise<void> {
    const op = 'session.prompt';
    const parts = promptParts(op, input.directory, input.text, await attachmentsInside(op, input.directory, input.files));
    const model = input.model !== undefined ? parseModelRef(op, input.model) : undefined;
    await callRuntime(op, async () =>
      (await this.at(input.directory)).session.promptAsync({
        sessionID: input.sessionId,
        directory: input.directory,
        parts,
        ...(model ? { model } : {}),
        ...(input.agent !== undefined ? { agent: input.agent } : {}),
        ...(input.disabledTools !== undefined && input.disabledTools.length > 0
          ? { tools: Object.fromEntries(input.disabledTools.map((pattern) => [pattern, false])) }
          : {}),
      }),
    );
    this.options.afterPrompt?.(input.sessionId);
  }

  /**
   * Sends a prompt and waits until the session is idle again (see `waitForPrompt`). With
   * `giveUpAfterRetries`, a model call that keeps failing aborts the session and the prompt
   * fails with MODEL_RETRIES_EXHAUSTED and the provider's error text.
   */
  async promptAndWait(input: PromptInput, options: PromptAndWaitOptions): Promise<PromptOutcome> {
    const invalid = invalidRetryLimit('session.prompt', options.giveUpAfterRetries);
    if (invalid) throw invalid; // before anything is sent
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) stop.abort();
    const outcome = waitForPrompt(options.events, input.sessionId, {
      signal: stop.signal,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.giveUpAfterRetries !== undefined ? { giveUpAfterRetries: options.giveUpAfterRetries } : {}),
      abortSession: () => this.abort(input),
    });
    try {
      await this.prompt(input);
    } catch (error) {
      stop.abort();
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    return outcome;
  }

  /** Stops whatever the session is doing. Resolves once OpenCode accepted the abort. */
  async abort(input: SessionRef): Promise<void> {
    await callRuntime('session.abort', async () => (await this.at(input.directory)).session.abort({ sessionID: input.sessionId, directory: input.directory }));
  }

  async delete(input: SessionRef): Promise<void> {
    await callRuntime('session.delete', async () => (await this.at(input.directory)).session.delete({ sessionID: input.sessionId, directory: input.directory }));
  }

  async rename(input: RenameSessionInput): Promise<SessionInfo> {
    const op = 'session.rename';
    const session = await callRuntime(op, async () =>
      (await this.at(input.directory)).session.update({ sessionID: input.sessionId, directory: input.directory, title: input.title }),
    );
    return mapSession(expectObject(op, session));
  }

  /** Compacts the session's history into a summary written by `model`; resolves when done. */
  async summarize(input: SummarizeInput): Promise<void> {
    const op = 'session.summarize';
    const { providerID, modelID } = parseModelRef(op, input.model);
    await callRuntime(op, async () =>
      (await this.at(input.directory)).session.summarize({ sessionID: input.sessionId, directory: input.directory, providerID, modelID }),
    );
  }

  /** A new session with this one's history before `messageId` (all of it when unset). */
  async fork(input: SessionMessageRef): Promise<SessionInfo> {
    const op = 'session.fork';
    const forked = await callRuntime(op, async () => (await this.at(input.directory)).session.fork({ sessionID: input.sessionId, directory: input.directory, ...messageOf(input) }));
    return mapSession(expectObject(op, forked));
  }

  /** Hides `messageId` and everything after it and restores the files they changed. */
  async revert(input: SessionMessageRef & { readonly messageId: string }): Promise<SessionInfo> {
    const op = 'session.revert';
    const reverted = await callRuntime(op, async () => (await this.at(input.directory)).session.revert({ sessionID: input.sessionId, directory: input.directory, messageID: input.messageId }));
    return mapSession(expectObject(op, reverted));
  }

  async unrevert(input: SessionRef): Promise<SessionInfo> {
    const op = 'session.unrevert';
    const restored = await callRuntime(op, async () => (await this.at(input.directory)).session.unrevert({ sessionID: input.sessionId, directory: input.directory }));
    return mapSession(expectObject(op, restored));
  }

  /** Files the turn of the user message `messageId` changed (OpenCode keeps the diff per turn). */
  async diff(input: SessionMessageRef & { readonly messageId: string }): Promise<Omit<SessionFileDiff, 'messageId'>[]> {
    const op = 'session.diff';
    const diffs = await callRuntime(op, async () => (await this.at(input.directory)).session.diff({ sessionID: input.sessionId, directory: input.directory, ...messageOf(input) }));
    return expectArray<{ file?: string; patch?: string; additions: number; deletions: number; status?: SessionFileDiff['status'] }>(op, diffs).flatMap((d): Omit<SessionFileDiff, 'messageId'>[] =>
      d.file === undefined ? [] : [{ file: d.file, additions: d.additions, deletions: d.deletions, ...(d.status ? { status: d.status } : {}), ...(d.patch ? { patch: d.patch } : {}) }],
    );
  }

  /** Permission requests still waiting for an answer in the workspace. */
  async permissions(input: InDirectory): Promise<PermissionRequest[]> {
    const op = 'permission.list';
    const requests = await callRuntime(op, async () => (await this.at(input.directory)).permission.list({ directory: input.directory }));
    return expectArray<Parameters<typeof mapPermissionRequest>[0]>(op, requests).map(mapPermissionRequest);
  }

  async replyPermission(input: PermissionReplyInput): Promise<void> {
    await callRuntime('permission.reply', async () =>
      (await this.at(input.directory)).permission.reply({
        requestID: input.requestId,
        directory: input.directory,
        reply: input.reply,
        ...(input.message !== undefined ? { message: input.message } : {}),
      }),
    );
  }

  /** Questions still waiting for an answer in the workspace. */
  async questions(input: InDirectory): Promise<QuestionRequest[]> {
    const op = 'question.list';
    const requests = await callRuntime(op, async () => (await this.at(input.directory)).question.list({ directory: input.directory }));
    return expectArray<Parameters<typeof mapQuestionRequest>[0]>(op, requests).flatMap((request) => mapQuestionRequest(request) ?? []);
  }

  async replyQuestion(input: QuestionReplyInput): Promise<void> {
    await callRuntime('question.reply', async () =>
      (await this.at(input.directory)).question.reply({ requestID: input.requestId, directory: input.directory, answers: input.answers.map((answer) => [...answer]) }),
    );
  }

  /** Dismisses a question; the tool call fails with "The user dismissed this question". */
  async rejectQuestion(input: QuestionRejectInput): Promise<void> {
    await callRuntime('question.reject', async () => (await this.at(input.directory)).question.reject({ requestID: input.requestId, directory: input.directory }));
  }

  /** The providers the runtime can use right now (configured and authenticated), with their models. */
  async providers(input: InDirectory): Promise<ProviderCatalog> {
    const op = 'config.providers';
    const answer = expectObject<{ providers?: unknown; default?: Record<string, string> }>(
      op,
      await callRuntime(op, async () => (await this.at(input.directory)).config.providers({ directory: input.directory })),
    );
    return {
      providers: expectArray<Parameters<typeof mapProvider>[0]>(op, answer.providers).map(mapProvider),
      defaults: { ...answer.default },
    };
  }

  /** How each provider can be signed in to (OAuth, an API key), by provider id. */
  async providerAuthMethods(input: InDirectory): Promise<Record<string, ProviderAuthMethod[]>> {
    const op = 'provider.auth';
    const all = expectObject<Record<string, Array<{ type: 'oauth' | 'api'; label: string }>>>(op, await callRuntime(op, async () => (await this.at(input.directory)).provider.auth({ directory: input.directory })));
    return Object.fromEntries(Object.entries(all).map(([id, methods]) => [id, (methods ?? []).map((method) => ({ type: method.type, label: method.label }))]));
  }

  /** Starts an OAuth sign-in; undefined when the runtime offers no page for that method. */
  async startProviderOAuth(input: ProviderOAuthInput): Promise<ProviderOAuthStart | undefined> {
    const op = 'provider.oauth.authorize';
    const started = await callRuntime(op, async () => (await this.at(input.directory)).provider.oauth.authorize({ providerID: input.providerId, method: input.method, directory: input.directory }));
    if (started === undefined || typeof started.url !== 'string') return undefined;
    return { url: started.url, mode: started.method, ...(started.instructions ? { instructions: started.instructions } : {}) };
  }

  /** Finishes an OAuth sign-in (with the code the user pasted, for "code" sign-ins); true when OpenCode stored the tokens. */
  async finishProviderOAuth(input: ProviderOAuthInput & { readonly code?: string }): Promise<boolean> {
    const op = 'provider.oauth.callback';
    const done = await callRuntime(op, async () =>
      (await this.at(input.directory)).provider.oauth.callback({ providerID: input.providerId, method: input.method, directory: input.directory, ...(input.code === undefined ? {} : { code: input.code }) }),
    );
    return done === true;
  }

  /** Every configured MCP server and whether it is connected, by name. */
  async mcpStatus(input: InDirectory): Promise<McpServerStatus[]> {
    const op = 'mcp.status';
    const statuses = await callRuntime(op, async () => (await this.at(input.directory)).mcp.status({ directory: input.directory }));
    return mapMcpStatuses(expectObject(op, statuses));
  }
}
