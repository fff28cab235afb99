// Sessions, messages and their parts (mirrors SessionInfo, MessageInfo, PartInfo and ToolState
// in packages/runtime/src/events/types.ts, with the session's workspace added).

import type { JsonSchema } from '../contract.js';
import { array, boolean, integer, literal, map, anyJson, number, object, oneOf, oneOfStrings, ref, string, text } from './build.js';

/** The fields every part has, plus its own; `kind` tags the union. */
function part(kind: string, description: string, properties: Record<string, JsonSchema>, required: readonly string[] = []): JsonSchema {
  return object(
    description,
    {
      id: ref('PartId', 'The part.'),
      sessionId: ref('SessionId', 'The session of the message.'),
      messageId: ref('MessageId', 'The message the part belongs to.'),
      kind: literal(kind, 'What kind of part this is.'),
      ...properties,
    },
    ['id', 'sessionId', 'messageId', 'kind', ...required],
  );
}

const span = {
  startedAt: ref('Timestamp', 'When the part started streaming.'),
  endedAt: ref('Timestamp', 'When the part finished streaming.'),
};

export const SESSION_DEFS = {
  Session: object(
    'A conversation with the agents in one workspace.',
    {
      id: ref('SessionId', 'The session.'),
      workspaceId: ref('WorkspaceId', 'The workspace the session works in.'),
      title: string('Title; OpenCode titles untitled sessions after the first prompt.'),
      directory: text('The workspace folder (the session\'s working directory).'),
      createdAt: ref('Timestamp', 'When it was created.'),
      updatedAt: ref('Timestamp', 'When anything in it last changed.'),
      parentId: ref('SessionId', 'Sub-agent sessions: the session that started this one.'),
      compactingAt: ref('Timestamp', 'Set while a compaction (summary) runs.'),
      archivedAt: ref('Timestamp', 'Set when the session was archived.'),
      revertedTo: ref('MessageId', 'Set while the session is reverted (sessions.revert): this message and every later one are hidden and their file changes undone, until sessions.unrevert or the next prompt (which drops them for good).'),
    },
    ['id', 'workspaceId', 'title', 'directory', 'createdAt', 'updatedAt'],
  ),
  SessionFileDiff: object(
    'A file one turn of the session changed, as a unified diff.',
    {
      messageId: ref('MessageId', 'The user message whose turn changed it.'),
      file: text('The file, relative to the workspace folder.'),
      status: oneOfStrings(['added', 'modified', 'deleted'], 'What happened to it.'),
      additions: integer('Lines added.', { minimum: 0 }),
      deletions: integer('Lines removed.', { minimum: 0 }),
      patch: string('The unified diff.'),
    },
    ['messageId', 'file', 'additions', 'deletions'],
  ),
  SessionStatus: oneOf('What a session is doing.', [
    object('Waiting for a prompt.', { type: literal('idle', 'Idle.') }, ['type']),
    object('Working on a prompt.', { type: literal('busy', 'Busy.') }, ['type']),
    object(
      'A model call failed and waits for its next attempt.',
      {
        type: literal('retry', 'Retrying.'),
        attempt: integer('1 for the first retry.', { minimum: 1 }),
        message: string('Why the last attempt failed.'),
        next: ref('Timestamp', 'When the next attempt starts.'),
      },
      ['type', 'attempt', 'message', 'next'],
    ),
  ]),
  TokenUsage: object(
    'Token counts as OpenCode reports them.',
    {
      input: integer('Prompt tokens.', { minimum: 0 }),
      output: integer('Answer tokens.', { minimum: 0 }),
      reasoning: integer('Reasoning tokens.', { minimum: 0 }),
      cacheRead: integer('Tokens read from the provider cache.', { minimum: 0 }),
      cacheWrite: integer('Tokens written to the provider cache.', { minimum: 0 }),
    },
    ['input', 'output', 'reasoning', 'cacheRead', 'cacheWrite'],
  ),
  Message: object(
    'One message of a session (its parts travel separately).',
    {
      id: ref('MessageId', 'The message.'),
      sessionId: ref('SessionId', 'Its session.'),
      role: oneOfStrings(['user', 'assistant'], 'Who wrote it.'),
      createdAt: ref('Timestamp', 'When it was created.'),
      completedAt: ref('Timestamp', 'Assistant: when the answer finished (also when it failed or was aborted).'),
      parentId: ref('MessageId', 'Assistant: the user message being answered.'),
      agent: string('The agent that answered (assistant) or was asked (user).'),
      model: string('"provider/model" that answered (assistant) or was asked for (user).'),
      tokens: ref('TokenUsage', 'Assistant: token counts, once the answer completed.'),
      cost: number('Assistant: cost in USD, once the answer completed.', { minimum: 0 }),
      finish: string('Assistant: the model\'s finish reason (stop, tool-calls, length, …).'),
      error: ref('RuntimeErrorInfo', 'Assistant: why the answer failed.'),
      summary: boolean('True for the summary message a compaction wrote.'),
    },
    ['id', 'sessionId', 'role', 'createdAt'],
  ),
  ToolState: object(
    'A tool call\'s state.',
    {
      status: oneOfStrings(['pending', 'running', 'completed', 'error'], 'Where the call is.'),
      input: map('The arguments the model passed (empty while pending).', anyJson('One argument.')),
      title: string('A short description of the call (e.g. the command), when OpenCode gives one.'),
      output: string('completed: what the tool returned.'),
      error: string('error: why the call failed, including a refused permission.'),
      startedAt: ref('Timestamp', 'When the call started running.'),
      endedAt: ref('Timestamp', 'When the call ended.'),
    },
    ['status', 'input'],
  ),
  TextPart: part('text', 'Answer (or prompt) text.', { text: string('The text so far.'), synthetic: boolean('Added by OpenCode, not typed or generated.'), ...span }, ['text']),
  ReasoningPart: part('reasoning', 'The model\'s reasoning.', { text: string('The reasoning so far.'), ...span }, ['text']),
  ToolPart: part(
    'tool',
    'A tool call.',
    {
      tool: text('The tool\'s runtime name (e.g. "bash", "charts_bar").'),
      callId: text('The model\'s id for the call.'),
      state: ref('ToolState', 'Where the call is.'),
    },
    ['tool', 'callId', 'state'],
  ),
  StepStartPart: part('step-start', 'A model step began.', {}),
  StepFinishPart: part(
    'step-finish',
    'A model step ended.',
    {
      reason: string('The finish reason of the step.'),
      tokens: ref('TokenUsage', 'Tokens the step used.'),
      cost: number('Cost of the step in USD.', { minimum: 0 }),
    },
    ['reason', 'tokens', 'cost'],
  ),
  FilePart: part(
    'file',
    'A file attached to the message.',
    {
      mime: text('Its media type.'),
      url: text('Where OpenCode reads it from (file: or data: URL).'),
      filename: string('The name shown to the model.'),
    },
    ['mime', 'url'],
  ),
  CompactionPart: part('compaction', 'Marks where a compaction summarized the history.', { auto: boolean('Started automatically near the context limit.') }, ['auto']),
  OtherPart: part('other', 'A part of a kind Open Cowork does not show yet.', { type: text('OpenCode\'s part type.') }, ['type']),
  Part: oneOf('One piece of a message, tagged by `kind`.', [
    ref('TextPart', 'Text.'),
    ref('ReasoningPart', 'Reasoning.'),
    ref('ToolPart', 'A tool call.'),
    ref('StepStartPart', 'Step start.'),
    ref('StepFinishPart', 'Step finish.'),
    ref('FilePart', 'A file.'),
    ref('CompactionPart', 'A compaction marker.'),
    ref('OtherPart', 'Anything else.'),
  ]),
  StreamedPart: oneOf('A part as `part.updated` carries it: any kind but tool (tool calls arrive as `tool.state`).', [
    ref('TextPart', 'Text.'),
    ref('ReasoningPart', 'Reasoning.'),
    ref('StepStartPart', 'Step start.'),
    ref('StepFinishPart', 'Step finish.'),
    ref('FilePart', 'A file.'),
    ref('CompactionPart', 'A compaction marker.'),
    ref('OtherPart', 'Anything else.'),
  ]),
  MessageWithParts: object(
    'A message with its parts, as history returns it.',
    {
      info: ref('Message', 'The message.'),
      parts: array('Its parts, in order.', ref('Part', 'One part.')),
    },
    ['info', 'parts'],
  ),
  PromptFile: object(
    'A file attached to a prompt, read by OpenCode from disk.',
    {
      path: text(
        'Absolute, or relative to the workspace folder; it must lie inside the workspace folder once ".." and links are followed (anything else is refused with BAD_REQUEST naming it). A trailing "/" attaches a folder listing.',
      ),
      mime: text('Media type; guessed from the extension when absent.'),
      filename: text('Name shown to the model; defaults to the file\'s base name.'),
    },
    ['path'],
  ),
} as const satisfies Record<string, JsonSchema>;
