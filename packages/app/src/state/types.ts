import type {
  Agent,
  AgentTemplate,
  AgentsGetResult,
  AppInfo,
  AuthStatus,
  AuthMethod,
  CatalogTool,
  CustomAgent,
  Diagnostics,
  DiagnosticsBundle,
  CustomMcpInput,
  McpInfo,
  McpsSetCredentialsResult,
  McpTarget,
  McpTestResult,
  ModelRef,
  PermissionReply,
  PermissionRequest,
  PromptFile,
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
  UpdateStatus,
  TrustedFolder,
  Workspace,
  WorkspaceId,
  WorkspacesFilesResult,
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
  /** The workspace the sidebar lists and new chats start in (remembered across reloads). */
  readonly currentWorkspaceId: WorkspaceId | undefined;
  readonly sessions: SessionsState;
  readonly activeSessionId: SessionId | undefined;
  readonly transcripts: Readonly<Record<SessionId, Transcript>>;
  readonly permissions: readonly PermissionRequest[];
  readonly questions: readonly QuestionRequest[];
  readonly settings: Settings | undefined;
  readonly providers: ProvidersState;
  readonly agents: { readonly list: readonly Agent[]; readonly load: LoadState };
  /** The agent builder's starter templates; unset until loaded. */
  readonly agentTemplates: readonly AgentTemplate[] | undefined;
  /** About & diagnostics; unset until loaded. */
  readonly diagnostics: Diagnostics | undefined;
  /** In-app updates (updates.status, then updates.changed events); unset until loaded. Never holds feed credentials. */
  readonly updates: UpdateStatus | undefined;
  /** The app's sign-in (auth.status, then auth.changed events); unset until loaded. Never holds a token. */
  readonly auth: AuthStatus | undefined;
  readonly capabilities: CapabilitiesState;
  /** The model the composer sends with; unset follows the settings' model. */
  readonly composerModel: ModelRef | undefined;
  readonly notices: readonly Notice[];
}

export interface PromptOptions {
  readonly model?: ModelRef;
  readonly agent?: string;
  /** Workspace files to attach (paths relative to the session's workspace folder). */
  readonly files?: readonly PromptFile[];
}

/** Where the renderer remembers small choices between reloads (localStorage in the browser). */
export interface PreferenceStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
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
  /** Loads the workspace list and settles the current workspace (the remembered one, else the first). */
  loadWorkspaces(): Promise<void>;
  /** Makes the workspace the current one: the sidebar lists its chats, new chats start there. */
  selectWorkspace(workspaceId: WorkspaceId): void;
  /** Adds a folder as a workspace, makes it the current one and loads its chats. */
  addWorkspace(path: string, name?: string): Promise<Workspace>;
  /** Forgets a workspace (never the last one); its chats leave the lists. */
  removeWorkspace(workspaceId: WorkspaceId): Promise<void>;
  /**
   * Answers the trust question for a workspace (trust its folder and the listed parent
   * folders, or not); the workspace's trust in the list is updated.
   */
  answerTrust(workspaceId: WorkspaceId, trust: boolean, parents?: readonly string[]): Promise<Workspace>;
  /** The folders the user trusts, most recent first. */
  listTrusted(): Promise<readonly TrustedFolder[]>;
  /** Revokes trust in a folder; the workspace list is reloaded (their trust changed). */
  revokeTrust(path: string): Promise<boolean>;
  /** Files of a workspace folder for the attachment picker. */
  listWorkspaceFiles(workspaceId: WorkspaceId, query?: string, limit?: number): Promise<WorkspacesFilesResult>;

  loadSessions(): Promise<void>;
  createSession(workspaceId?: WorkspaceId, title?: string): Promise<Session>;
  /** Makes the session the active one and loads its history if it is not loaded yet. */
  openSession(sessionId: SessionId): Promise<void>;
  closeSession(): void;
  loadTranscript(sessionId: SessionId): Promise<void>;
  sendPrompt(sessionId: SessionId, text: string, options?: PromptOptions): Promise<void>;
  /** Creates a session in the current workspace, opens it and sends the prompt; resolves to its id. */
  startChat(text: string, options?: PromptOptions): Promise<SessionId>;
  abortSession(sessionId: SessionId): Promise<void>;
  renameSession(sessionId: SessionId, title: string): Promise<void>;
  deleteSession(sessionId: SessionId): Promise<void>;
  summarizeSession(sessionId: SessionId): Promise<void>;

  loadRequests(): Promise<void>;
  replyPermission(requestId: string, reply: PermissionReply, message?: string): Promise<void>;
  replyQuestion(requestId: string, answers: QuestionAnswers): Promise<void>;
  rejectQuestion(requestId: string): Promise<void>;

  /** The sign-in state (auth.status). */
  loadAuth(): Promise<AuthStatus>;
  /** Starts a sign-in in the system browser; resolves to the sign-in page's URL (the outcome arrives as auth.changed). */
  signIn(): Promise<{ url: string }>;
  /** Signs out on this computer. */
  signOut(): Promise<void>;
  loadSettings(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;

  /** The support bundle (app.exportDiagnostics): secrets masked, credentials only as "set", home as ~. */
  exportDiagnostics(): Promise<DiagnosticsBundle>;
  loadProviders(): Promise<void>;
  /** Asks the host to re-read the runtime's provider catalog (providers.refresh); fails when the runtime cannot answer. */
  refreshProviders(): Promise<readonly Provider[]>;
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

  /** Where in-app updates stand (updates.status). */
  loadUpdates(): Promise<UpdateStatus>;
  /** Reads the release feed now (updates.check); a failed check is a status, not a rejection. */
  checkForUpdates(): Promise<UpdateStatus>;
  /** Starts downloading the available update (only when the status offers it); progress arrives as updates.changed. */
  downloadUpdate(): Promise<UpdateStatus>;
  /** Quits and installs the downloaded update. */
  installUpdate(): Promise<UpdateStatus>;

  loadAgents(): Promise<void>;
  loadAgentTemplates(): Promise<void>;
  /** One agent with its saved definition when it is a custom one (the builder's edit mode). */
  getAgent(name: string): Promise<AgentsGetResult>;
  /** Creates or replaces a custom agent (the host validates it; errors carry pointers into `agent`). */
  saveAgent(agent: CustomAgent): Promise<Agent>;
  deleteAgent(name: string): Promise<void>;
  loadCapabilities(): Promise<void>;
  /** Custom MCP servers and bundled servers' credentials (mcps.*); each updates the server's card. */
  addMcp(draft: CustomMcpInput): Promise<McpInfo>;
  updateMcp(draft: CustomMcpInput): Promise<McpInfo>;
  removeMcp(name: string): Promise<void>;
  trustMcp(name: string, trusted: boolean): Promise<McpInfo>;
  /** Connects to a saved server or a draft and lists its tools; never changes the runtime. */
  testMcp(target: McpTarget): Promise<McpTestResult>;
  saveMcpCredentials(name: string, values: Readonly<Record<string, string | null>>): Promise<McpsSetCredentialsResult>;

  /** Versions, runtime status and recent log lines for About & diagnostics. */
  loadDiagnostics(): Promise<Diagnostics>;

  notify(message: string, tone?: Notice['tone']): void;
  dismissNotice(id: number): void;
}

export interface AppState extends AppData {
  readonly actions: AppActions;
}
