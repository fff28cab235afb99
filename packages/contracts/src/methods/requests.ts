import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, object, ref, text } from '../schemas/build.js';

const byWorkspace = (what: string) =>
  object(`Which ${what}.`, { workspaceId: ref('WorkspaceId', 'Only this workspace\'s; unset lists every workspace\'s.') });

const ANSWER_ERRORS = [HostErrorCode.NotFound, HostErrorCode.RuntimeNotReady, HostErrorCode.RuntimeRequestFailed] as const;

export const PERMISSION_METHODS = {
  'permissions.list': {
    description: 'Permission requests waiting for an answer, oldest first.',
    params: byWorkspace('requests'),
    result: object('The requests.', { requests: array('Oldest first.', ref('PermissionRequest', 'One request.')) }, ['requests']),
    errors: [HostErrorCode.NotFound, HostErrorCode.RuntimeNotReady],
  },
  'permissions.reply': {
    description: 'Answer a permission request. The tool call then runs (once, always) or fails (reject).',
    params: object(
      'The answer.',
      {
        requestId: ref('RequestId', 'The request.'),
        reply: ref('PermissionReply', 'The answer.'),
        message: text('With "reject": tells the agent why, so it can adjust instead of stopping.', { maxLength: 10_000 }),
      },
      ['requestId', 'reply'],
    ),
    result: ref('Ok', 'Answered.'),
    errors: ANSWER_ERRORS,
  },
} as const satisfies Record<string, MethodSpec>;

export const QUESTION_METHODS = {
  'questions.list': {
    description: 'Questions waiting for an answer, oldest first.',
    params: byWorkspace('questions'),
    result: object('The questions.', { requests: array('Oldest first.', ref('QuestionRequest', 'One request.')) }, ['requests']),
    errors: [HostErrorCode.NotFound, HostErrorCode.RuntimeNotReady],
  },
  'questions.reply': {
    description: 'Answer a question request: one answer per question, in order.',
    params: object(
      'The answers.',
      { requestId: ref('RequestId', 'The request.'), answers: ref('QuestionAnswers', 'One answer per question.') },
      ['requestId', 'answers'],
    ),
    result: ref('Ok', 'Answered.'),
    errors: ANSWER_ERRORS,
  },
  'questions.reject': {
    description: 'Decline to answer a question request; the agent carries on without the answer.',
    params: object('The request.', { requestId: ref('RequestId', 'The request.') }, ['requestId']),
    result: ref('Ok', 'Declined.'),
    errors: ANSWER_ERRORS,
  },
} as const satisfies Record<string, MethodSpec>;
