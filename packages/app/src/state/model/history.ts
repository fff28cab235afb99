// Going back in a chat's history: fork, revert and its undo, the files the chat changed, and
// the whole history for an export. Nothing is kept here: the sessions slice follows the
// sessions these change through their events.

import type { MessageWithParts, Session, SessionFileDiff } from '@open-cowork/contracts';

// No data of its own (an empty interface would widen AppData by nothing).
export type HistoryData = Record<never, never>;

export const HISTORY_DATA: HistoryData = {};

export interface HistoryActions {
  /** A new chat with the history before `messageId` (all of it when unset). */
  forkSession(sessionId: string, messageId?: string): Promise<Session>;
  /** Undoes `messageId` and everything after it, files included; the chat's transcript is reloaded. */
  revertSession(sessionId: string, messageId: string): Promise<Session>;
  /** Brings back what the last revert hid. */
  unrevertSession(sessionId: string): Promise<Session>;
  /** The files the chat changed, as unified diffs. */
  sessionDiff(sessionId: string): Promise<readonly SessionFileDiff[]>;
  /** The chat's whole history, for an export. */
  sessionHistory(sessionId: string): Promise<readonly MessageWithParts[]>;
}
