import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, object, ref } from '../schemas/build.js';

const ERRORS = [HostErrorCode.NotFound, HostErrorCode.RuntimeNotReady, HostErrorCode.RuntimeRequestFailed, HostErrorCode.WorkspaceUntrusted] as const;

/** Going back in a session's history: fork, revert and its undo, and what the session changed. */
export const SESSION_HISTORY_METHODS = {
  'sessions.fork': {
    description: 'A new session in the same workspace with the history of this one up to (not including) a message; unset copies the whole history. The original is unchanged.',
    params: object(
      'Where to fork.',
      { sessionId: ref('SessionId', 'The session.'), messageId: ref('MessageId', 'The new session\'s history stops before this message.') },
      ['sessionId'],
    ),
    result: ref('Session', 'The new session.'),
    errors: ERRORS,
  },
  'sessions.revert': {
    description: 'Go back to before a message: it and every later message are hidden and the files they changed are restored (the session\'s revertedTo says so). sessions.unrevert brings them back; the next prompt drops them for good.',
    params: object(
      'Where to go back to.',
      { sessionId: ref('SessionId', 'The session.'), messageId: ref('MessageId', 'The first message to undo.') },
      ['sessionId', 'messageId'],
    ),
    result: ref('Session', 'The session, reverted.'),
    errors: ERRORS,
  },
  'sessions.unrevert': {
    description: 'Undo sessions.revert: the hidden messages and their file changes come back.',
    params: object('The session.', { sessionId: ref('SessionId', 'The session.') }, ['sessionId']),
    result: ref('Session', 'The session, whole again.'),
    errors: ERRORS,
  },
  'sessions.diff': {
    description: 'The files the session changed, as unified diffs, turn by turn (oldest first): of every turn, or only of the turn a user message started.',
    params: object(
      'Which changes.',
      { sessionId: ref('SessionId', 'The session.'), messageId: ref('MessageId', 'Only the changes of this user message\'s turn.') },
      ['sessionId'],
    ),
    result: object('The changes.', { files: array('One entry per file and turn.', ref('SessionFileDiff', 'One file.')) }, ['files']),
    errors: ERRORS,
  },
} as const satisfies Record<string, MethodSpec>;
