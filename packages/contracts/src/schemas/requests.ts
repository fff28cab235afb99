// What the agents ask the user: permission requests and questions (mirrors PermissionRequest
// and QuestionRequest in packages/runtime/src/events/types.ts, with the workspace added).

import type { JsonSchema } from '../contract.js';
import { array, boolean, object, oneOfStrings, ref, string, text } from './build.js';

export const REQUEST_DEFS = {
  ToolCallRef: object(
    'The tool call waiting on an answer.',
    {
      messageId: ref('MessageId', 'The assistant message of the call.'),
      callId: text('The model\'s id for the call.'),
    },
    ['messageId', 'callId'],
  ),
  PermissionReply: oneOfStrings(
    ['once', 'always', 'reject'],
    '"once" allows this call, "always" also allows what the request\'s `always` patterns cover for the rest of the session, "reject" refuses.',
  ),
  PermissionRequest: object(
    'OpenCode asks before a tool does something the permission rules say to ask about.',
    {
      id: ref('RequestId', 'The request; answer it with permissions.reply.'),
      sessionId: ref('SessionId', 'The session that asks.'),
      workspaceId: ref('WorkspaceId', 'The workspace of the session.'),
      permission: text('The permission kind: bash, edit, webfetch, external_directory, an MCP tool name, …'),
      patterns: array('What exactly is asked for (e.g. the command line, the file path).', string('One pattern.')),
      always: array('What "always" would allow from now on (e.g. "echo *").', string('One pattern.')),
      metadata: ref('JsonObject', 'Details OpenCode attached (e.g. a diff); shown, never interpreted.'),
      tool: ref('ToolCallRef', 'The tool call waiting on the answer.'),
    },
    ['id', 'sessionId', 'workspaceId', 'permission', 'patterns', 'always', 'metadata'],
  ),
  QuestionOption: object(
    'One choice offered by a question.',
    {
      label: text('The choice, as it is answered.'),
      description: string('What choosing it means.'),
    },
    ['label', 'description'],
  ),
  Question: object(
    'One question of a question request.',
    {
      question: text('The question.'),
      header: string('A very short label (at most 30 characters).'),
      options: array('The choices.', ref('QuestionOption', 'One choice.')),
      multiple: boolean('Several options may be chosen.'),
      custom: boolean('A typed answer is allowed besides the options.'),
    },
    ['question', 'header', 'options'],
  ),
  QuestionRequest: object(
    'The agent asks the user to choose (the question tool).',
    {
      id: ref('RequestId', 'The request; answer it with questions.reply or questions.reject.'),
      sessionId: ref('SessionId', 'The session that asks.'),
      workspaceId: ref('WorkspaceId', 'The workspace of the session.'),
      questions: array('The questions, answered together.', ref('Question', 'One question.'), { minItems: 1 }),
      tool: ref('ToolCallRef', 'The tool call waiting on the answer.'),
    },
    ['id', 'sessionId', 'workspaceId', 'questions'],
  ),
  QuestionAnswers: array(
    'One answer per question, in order; each answer is the chosen option labels (or typed text).',
    array('The answer to one question.', string('A chosen label or typed text.')),
  ),
} as const satisfies Record<string, JsonSchema>;
