import type {
  Agent,
  AppInfo,
  AuthMethod,
  CatalogTool,
  McpInfo,
  ModelRef,
  PermissionReply,
  PermissionRequest,
  Provider,
  QuestionAnswers,
  QuestionRequest,
  RuntimeErrorInfo,
  RuntimeStatus,
  Session,
  SessionId,
  SessionStatus,
  Settings,
  SettingsPatch,
  SkillInfo,
  Workspace,
  WorkspaceId,
  HostEvent,
} from '@open-cowork/contracts';
import type { ConnectionState } from '../host/client.js';
import type { HostError } from '../host/errors.js';
import type { Transcript } from './transcript.js';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export interface Notice {
  readonly id: number;
  readonly tone: 'info' | 'error';
  readonly message: string;
}

export interface SessionsState {
  readonly byId: Readonly<Record<SessionId, Session>>;
  /** Sessions not listed are idle. */
  readonly statuses: Readonly<Record<SessionId, SessionStatus>>;
  /** The last prompt failure per session, cleared by the next prompt. */
  readonly errors: Readonly<Record<SessionId, RuntimeErrorInfo>>;
  readonly load: LoadState;
}

export interface ProvidersState {
  readonly list: readonly Provider[];
  readonly defaultModel: ModelRef | undefined;
  readonly load: LoadState;
}

export interface CapabilitiesState {
  readonly tools: readonly CatalogTool[];
  readonly skills: readonly SkillInfo[];
  readonly mcps: readonly McpInfo[];
  readonly load: LoadState;
}

/** Everything the renderer knows about the host, changed only through `actions`. */
export interface AppData {
  readonly boot: { readonly phase: 'loading' | 'ready' | 'failed'; readonly error?: HostError };
  readonly info: AppInfo | undefined;
  readonly connection: ConnectionState;
  readonly runtime: RuntimeStatus | undefined;
  readonly workspaces: readonly Workspace[];
  readonly sessions: SessionsState;
  readonly activeSessionId: SessionId | undefined;
  readonly transcripts: Readonly<Record<SessionId, Transcript>>;
  readonly permissions: readonly PermissionRequest[];
  readonly questions: readonly QuestionRequest[];
  readonly settings: Settings | undefined;
  readonly providers: ProvidersState;
  readonly agents: { readonly list: readonly Agent[]; readonly load: LoadState };
  readonly capabilities: CapabilitiesState;
  /** The model the composer sends with; unset follows the settings' model. */
  readonly composerModel: ModelRef | undefined;
  readonly notices: readonly Notice[];
}

export interface PromptOptions {
  readonly model?: ModelRef;
  readonly agent?: string;
}

/** The closed set of ways the state changes. Components call these; nothing else writes. */
export interface AppActions {
  /** Loads everything the first screen needs (app info first: branding and strings). */
  boot(): Promise<void>;
  /** Reloads every list after the event stream lost events (`resync`). */
  reloadAll(): Promise<void>;
  /** Applies host events, in order, as one state change (the bridge calls this once per frame). */
  ingest(events: readonly HostEvent[]): void;
  setConnection(state: ConnectionState): void;

  restartRuntime(): Promise<void>;
  loadWorkspaces(): Promise<void>;

  loadSessions(): Promise<void>;
  createSession(workspaceId?: WorkspaceId, title?: string): Promise<Session>;
  /** Makes the session the active one and loads its history if it is not loaded yet. */
  openSession(sessionId: SessionId): Promise<void>;
  closeSession(): void;
  loadTranscript(sessionId: SessionId): Promise<void>;
  sendPrompt(sessionId: SessionId, text: string, options?: PromptOptions): Promise<void>;
  /** Creates a session in the first workspace, opens it and sends the prompt; resolves to its id. */
  startChat(text: string, options?: PromptOptions): Promise<SessionId>;
  abortSession(sessionId: SessionId): Promise<void>;
  renameSession(sessionId: SessionId, title: string): Promise<void>;
  deleteSession(sessionId: SessionId): Promise<void>;
  summarizeSession(sessionId: SessionId): Promise<void>;

  loadRequests(): Promise<void>;
  replyPermission(requestId: string, reply: PermissionReply, message?: string): Promise<void>;
  replyQuestion(requestId: string, answers: QuestionAnswers): Promise<void>;
  rejectQuestion(requestId: string): Promise<void>;

  loadSettings(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;

  loadProviders(): Promise<void>;
  setCredential(providerId: string, key: string, value: string): Promise<Provider>;
  clearCredential(providerId: string, key?: string): Promise<Provider>;
  chooseModel(model: ModelRef | undefined): void;
  /** The ways the runtime offers to connect a provider (for providers without credential fields). */
  providerAuthMethods(providerId: string): Promise<readonly AuthMethod[]>;
  startOAuth(providerId: string, method: number): Promise<{ url: string; instructions?: string; mode: 'auto' | 'code' }>;
  finishOAuth(providerId: string, method: number, code?: string): Promise<Provider>;
  /**
   * Resolves once the runtime is ready; rejects on failure or timeout. With `replacing` (the
   * status before a change that restarts the runtime, such as a credential or a sign-in), only
   * once another instance is ready: the host restarts after a short debounce, during which
   * the old instance still reports ready.
   */
  waitForRuntime(timeoutMs: number, replacing?: RuntimeStatus): Promise<void>;
  /**
   * Sends `prompt` with `model` in a scratch session, waits for the answer and deletes the
   * session again: the first run's "Test connection". Resolves to the answer's text.
   */
  probeModel(model: ModelRef, prompt: string, timeoutMs: number): Promise<string>;

  loadAgents(): Promise<void>;
  loadCapabilities(): Promise<void>;

  notify(message: string, tone?: Notice['tone']): void;
  dismissNotice(id: number): void;
}

export interface AppState extends AppData {
  readonly actions: AppActions;
}
