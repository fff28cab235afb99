// HOST_EVENTS: everything the host pushes to clients (IPC events, SSE `GET /api/events`), by
// name. Session-scoped payloads mirror the runtime's normalized events (RuntimeEvent in
// packages/runtime/src/events/types.ts) without `type` and `directory`, with the session's
// `workspaceId` added. `resync` is the transport's own: the client missed events.

import type { EventSpec, JsonSchema } from './contract.js';
import { array, boolean, integer, object, ref, string, text } from './schemas/build.js';

const workspaceId = ref('WorkspaceId', 'The workspace of the session.');
const sessionId = ref('SessionId', 'The session.');

/** A payload of a session-scoped event: the workspace plus `properties`. */
function inSession(description: string, properties: Record<string, JsonSchema>, required: readonly string[]): JsonSchema {
  return object(description, { workspaceId, ...properties }, ['workspaceId', ...required]);
}

const sessionChange = (description: string): EventSpec => ({
  description,
  payload: inSession('The session.', { session: ref('Session', 'The session as it is now.') }, ['session']),
});

const delta = (description: string): EventSpec => ({
  description,
  payload: inSession(
    'Text to append.',
    {
      sessionId,
      messageId: ref('MessageId', 'The message.'),
      partId: ref('PartId', 'The part to append to.'),
      delta: string('Text to append to the part\'s text.'),
    },
    ['sessionId', 'messageId', 'partId', 'delta'],
  ),
});

export const HOST_EVENTS = {
  'runtime.status': {
    description: 'The managed runtime\'s status changed.',
    payload: ref('RuntimeStatus', 'The status now.'),
  },
  'session.created': sessionChange('A session was created (by a client, or by an agent delegating to a sub-agent).'),
  'session.updated': sessionChange('A session\'s title or another field changed (OpenCode retitles untitled sessions after the first prompt).'),
  'session.deleted': sessionChange('A session was deleted.'),
  'session.status': {
    description: 'What a session is doing changed (idle, busy, retrying a model call).',
    payload: inSession('The status.', { sessionId, status: ref('SessionStatus', 'The status now.') }, ['sessionId', 'status']),
  },
  'session.error': {
    description: 'A prompt failed (provider error, abort, …). The session goes idle right after.',
    payload: object(
      'The error.',
      {
        workspaceId: ref('WorkspaceId', 'The workspace of the session, when the error belongs to one.'),
        sessionId: ref('SessionId', 'The session; absent for errors OpenCode could not tie to one.'),
        error: ref('RuntimeErrorInfo', 'What went wrong.'),
      },
      ['error'],
    ),
  },
  'session.compacted': {
    description: 'A compaction finished: the earlier history is now summarized.',
    payload: inSession('The session.', { sessionId }, ['sessionId']),
  },
  'message.updated': {
    description: 'A message appeared or changed (finished, failed, token counts known).',
    payload: inSession('The message.', { message: ref('Message', 'The message as it is now.') }, ['message']),
  },
  'part.updated': {
    description: 'A non-tool part appeared or changed; tool parts arrive as tool.state instead.',
    payload: inSession('The part.', { part: ref('StreamedPart', 'The part as it is now.') }, ['part']),
  },
  'text.delta': delta('Streamed answer text, appended to a text part.'),
  'reasoning.delta': delta('Streamed model reasoning, appended to a reasoning part.'),
  'tool.state': {
    description: 'A tool call appeared or its status or title changed.',
    payload: inSession(
      'The call.',
      {
        sessionId,
        messageId: ref('MessageId', 'The assistant message of the call.'),
        partId: ref('PartId', 'The tool part.'),
        callId: text('The model\'s id for the call.'),
        tool: text('The tool\'s runtime name.'),
        state: ref('ToolState', 'The call\'s state now.'),
      },
      ['sessionId', 'messageId', 'partId', 'callId', 'tool', 'state'],
    ),
  },
  'permission.asked': {
    description: 'A tool waits for permission; answer with permissions.reply.',
    payload: inSession('The request.', { request: ref('PermissionRequest', 'The request.') }, ['request']),
  },
  'permission.replied': {
    description: 'A permission request was answered (by any client, or automatically).',
    payload: inSession(
      'The answer.',
      { sessionId, requestId: ref('RequestId', 'The request.'), reply: ref('PermissionReply', 'The answer.') },
      ['sessionId', 'requestId', 'reply'],
    ),
  },
  'question.asked': {
    description: 'The agent asks the user to choose; answer with questions.reply or questions.reject.',
    payload: inSession('The request.', { request: ref('QuestionRequest', 'The request.') }, ['request']),
  },
  'question.replied': {
    description: 'A question request was answered.',
    payload: inSession(
      'The answers.',
      { sessionId, requestId: ref('RequestId', 'The request.'), answers: ref('QuestionAnswers', 'The answers.') },
      ['sessionId', 'requestId', 'answers'],
    ),
  },
  'question.rejected': {
    description: 'A question request was declined.',
    payload: inSession('The request.', { sessionId, requestId: ref('RequestId', 'The request.') }, ['sessionId', 'requestId']),
  },
  'config.changed': {
    description: 'The user\'s config file changed: either the new config applied, or it did not and `problems` say what and where.',
    payload: object(
      'The outcome.',
      {
        applied: boolean('The edit applied; false: the last good config stays in use.'),
        problems: array('What is wrong (empty when applied).', ref('ConfigProblem', 'One problem.')),
      },
      ['applied', 'problems'],
    ),
  },
  'auth.changed': {
    description: 'The sign-in state changed: a sign-in finished or failed (see failure), the user signed out, or the stored sign-in stopped working. Never carries tokens.',
    payload: ref('AuthStatus', 'The sign-in state now.'),
  },
  'updates.changed': {
    description: 'In-app updates changed state (a check began or finished, a download progressed or finished). The same safe summary as updates.status.',
    payload: ref('UpdateStatus', 'The status now.'),
  },
  'job.finished': {
    description: 'An isolated session job ended (completed, failed or cancelled), also one recovered after a host restart. Delivered at least once: `id` is the same for a repeat.',
    payload: object(
      'The job\'s end.',
      {
        id: text('The notification\'s id, `<job id>:<state>`: drop a repeat.'),
        jobId: ref('JobId', 'The job.'),
        sessionId: ref('JobSessionId', 'Its jobs session.'),
        state: ref('JobState', 'How it ended: completed, failed or cancelled.'),
        exitReason: ref('JobExitReason', 'Why.'),
        elapsedSeconds: integer('Seconds it ran.', { minimum: 0 }),
        outputBytes: integer('Bytes of output it left (read them with jobs.output).', { minimum: 0 }),
        error: string('What went wrong, for people.'),
        requester: text('Who asked, as given to jobs.start.'),
      },
      ['id', 'jobId', 'sessionId', 'state', 'elapsedSeconds', 'outputBytes'],
    ),
  },
  resync: {
    description: 'The client missed events it cannot be sent (it reconnected too late, or the host restarted): reload state with the list methods.',
    payload: object('Why.', { reason: text('Why the events were lost, for logs.') }, ['reason']),
  },
} as const satisfies Record<string, EventSpec>;
