// The artifacts view: what a chat's answers produced (files written or edited, charts drawn)
// and their content. Nothing is kept here: the host derives the list from the chat's history,
// so the view asks again when an answer ends.

import type { Artifact, ArtifactContent } from '@open-cowork/contracts';

// No data of its own (an empty interface would widen AppData by nothing).
export type ArtifactsData = Record<never, never>;

export const ARTIFACTS_DATA: ArtifactsData = {};

export interface ArtifactsActions {
  /** What the chat's answers produced, most recent first. */
  listArtifacts(sessionId: string): Promise<readonly Artifact[]>;
  /** One artifact's content, read-only (files only from inside the chat's workspace). */
  readArtifact(sessionId: string, id: string): Promise<ArtifactContent>;
}
