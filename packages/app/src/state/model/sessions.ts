// Chats: the session list per workspace with busy states and failures, the open chat, the
// transcripts of opened chats, and prompting.

import type { ModelRef, PromptFile, RuntimeErrorInfo, Session, SessionId, SessionStatus, WorkspaceId } from '@open-cowork/contracts';
import type { Transcript } from '../transcript.js';
import type { LoadState } from './load-state.js';

export interface SessionsState {
  readonly byId: Readonly<Record<SessionId, Session>>;
  /** Sessions not listed are idle. */
  readonly statuses: Readonly<Record<SessionId, SessionStatus>>;
  /** The last prompt failure per session, cleared by the next prompt. */
  readonly errors: Readonly<Record<SessionId, RuntimeErrorInfo>>;
  readonly load: LoadState;
}

export interface SessionsData {
  readonly sessions: SessionsState;
  readonly activeSessionId: SessionId | undefined;
  /** Histories of the chats opened so far; only these follow message events. */
  readonly transcripts: Readonly<Record<SessionId, Transcript>>;
}

export const SESSIONS_DATA: SessionsData = {
  sessions: { byId: {}, statuses: {}, errors: {}, load: 'idle' },
  activeSessionId: undefined,
  transcripts: {},
};

export interface PromptOptions {
  readonly model?: ModelRef;
  readonly agent?: string;
  /** Workspace files to attach (paths relative to the session's workspace folder). */
  readonly files?: readonly PromptFile[];
}

export interface SessionsActions {
  /** Loads the chat lists of every workspace, replacing the ones held. */
  loadSessions(): Promise<void>;
  /** Adds one workspace's chats to the lists (a workspace just added may have OpenCode history). */
  loadWorkspaceSessions(workspaceId: WorkspaceId): Promise<void>;
  /** Drops the chats of a workspace that was removed from the lists. */
  forgetWorkspaceSessions(workspaceId: WorkspaceId): void;
  createSession(workspaceId?: WorkspaceId, title?: string): Promise<Session>;
  /** Makes the session the active one and loads its history if it is not loaded yet. */
  openSession(sessionId: SessionId): Promise<void>;
  closeSession(): void;
  loadTranscript(sessionId: SessionId): Promise<void>;
  sendPrompt(sessionId: SessionId, text: string, options?: PromptOptions): Promise<void>;
  /** Creates a session in the current workspace, opens it and sends the prompt; resolves to its id. */
  startChat(text: string, options?: PromptOptions): Promise<SessionId>;
  /**
   * Resolves to the text of the session's finished answer; rejects as soon as the answer
   * failed or the model call needs a retry, or after `timeoutMs`.
   */
  waitForAnswer(sessionId: SessionId, timeoutMs: number): Promise<string>;
  abortSession(sessionId: SessionId): Promise<void>;
  renameSession(sessionId: SessionId, title: string): Promise<void>;
  deleteSession(sessionId: SessionId): Promise<void>;
  summarizeSession(sessionId: SessionId): Promise<void>;
}
