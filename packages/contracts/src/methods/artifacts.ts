import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, object, ref, text } from '../schemas/build.js';

const ERRORS = [HostErrorCode.NotFound, HostErrorCode.RuntimeNotReady, HostErrorCode.RuntimeRequestFailed, HostErrorCode.WorkspaceUntrusted] as const;

/** The artifacts view: what a chat's answers produced, and their content. */
export const ARTIFACT_METHODS = {
  'artifacts.list': {
    description: 'What the session\'s answers produced: files written or edited by its tool calls and charts rendered by the charts server, most recent first.',
    params: object('The session.', { sessionId: ref('SessionId', 'The session.') }, ['sessionId']),
    result: object('The artifacts.', { artifacts: array('Most recent first.', ref('Artifact', 'One artifact.')) }, ['artifacts']),
    errors: ERRORS,
  },
  'artifacts.read': {
    description:
      'One artifact\'s content, read-only. A file is read from the session\'s workspace folder only: a path that leads outside it, by ".." or through a link, is refused with BAD_REQUEST naming it. Text beyond 1 MiB is cut (truncated).',
    params: object(
      'Which artifact.',
      {
        sessionId: ref('SessionId', 'The session.'),
        id: text('The artifact id from artifacts.list ("file:<path relative to the workspace>" or "chart:<chart id>").', { maxLength: 4200 }),
      },
      ['sessionId', 'id'],
    ),
    result: ref('ArtifactContent', 'The content.'),
    errors: ERRORS,
  },
} as const satisfies Record<string, MethodSpec>;
