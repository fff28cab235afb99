import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, integer, map, object, ref, text, yes } from '../schemas/build.js';

const NOT_FOUND_OR_RUNTIME = [HostErrorCode.NotFound, HostErrorCode.RuntimeNotReady, HostErrorCode.RuntimeRequestFailed, HostErrorCode.WorkspaceUntrusted] as const;

const sessionRef = (description: string) => object(description, { sessionId: ref('SessionId', 'The session.') }, ['sessionId']);

export const SESSION_METHODS = {
  'sessions.list': {
    description: 'A workspace\'s top-level sessions (no sub-agent sessions), most recently updated first, with what each is doing.',
    params: object(
      'The workspace.',
      {
        workspaceId: ref('WorkspaceId', 'The workspace.'),
        limit: integer('At most this many sessions.', { minimum: 1, maximum: 10_000 }),
      },
      ['workspaceId'],
    ),
    result: object(
      'The sessions.',
      {
        sessions: array('Most recently updated first.', ref('Session', 'One session.')),
        statuses: map('What sessions are doing, by session id; sessions not listed are idle.', ref('SessionStatus', 'The session\'s status.')),
      },
      ['sessions', 'statuses'],
    ),
    errors: NOT_FOUND_OR_RUNTIME,
  },
  'sessions.create': {
    description: 'Start a session in a workspace\'s folder.',
    params: object(
      'Where and how.',
      {
        workspaceId: ref('WorkspaceId', 'The workspace.'),
        title: text('Title; without one OpenCode titles the session from the first prompt.', { maxLength: 512 }),
      },
      ['workspaceId'],
    ),
    result: ref('Session', 'The new session.'),
    errors: NOT_FOUND_OR_RUNTIME,
  },
  'sessions.get': {
    description: 'One session.',
    params: sessionRef('The session.'),
    result: ref('Session', 'The session.'),
    errors: NOT_FOUND_OR_RUNTIME,
  },
  'sessions.messages': {
    description: 'A session\'s history: messages with their parts, oldest first.',
    params: object(
      'The session.',
      {
        sessionId: ref('SessionId', 'The session.'),
        limit: integer('Only the newest this many messages.', { minimum: 1, maximum: 100_000 }),
      },
      ['sessionId'],
    ),
    result: object('The history.', { messages: array('Oldest first.', ref('MessageWithParts', 'One message.')) }, ['messages']),
    errors: NOT_FOUND_OR_RUNTIME,
  },
  'sessions.prompt': {
    description: 'Send a prompt. Answers as soon as the runtime accepted it; the answer streams as events (message.updated, text.delta, tool.state, …) until session.status says idle.',
    params: object(
      'The prompt.',
      {
        sessionId: ref('SessionId', 'The session.'),
        text: text('What the user typed.', { maxLength: 1_000_000 }),
        model: ref('ModelRef', 'Model for this prompt; unset uses the settings\' model.'),
        agent: ref('AgentName', 'Agent for this prompt; unset uses the default agent.'),
        files: array('Files to attach.', ref('PromptFile', 'One file.'), { maxItems: 100 }),
      },
      ['sessionId', 'text'],
    ),
    result: object('Accepted.', { accepted: yes('Always true.') }, ['accepted']),
    errors: NOT_FOUND_OR_RUNTIME,
  },
  'sessions.abort': {
    description: 'Stop what the session is doing. Harmless on an idle session.',
    params: sessionRef('The session.'),
    result: ref('Ok', 'Stopped.'),
    errors: NOT_FOUND_OR_RUNTIME,
  },
  'sessions.rename': {
    description: 'Change a session\'s title.',
    params: object(
      'The session and its new title.',
      { sessionId: ref('SessionId', 'The session.'), title: text('The new title.', { maxLength: 512 }) },
      ['sessionId', 'title'],
    ),
    result: ref('Session', 'The renamed session.'),
    errors: NOT_FOUND_OR_RUNTIME,
  },
  'sessions.delete': {
    description: 'Delete a session and its history.',
    params: sessionRef('The session.'),
    result: object('Deleted.', { deleted: yes('Always true.') }, ['deleted']),
    errors: NOT_FOUND_OR_RUNTIME,
  },
  'sessions.summarize': {
    description: 'Compact the session: summarize its history so far (session.compacted announces the end).',
    params: object(
      'The session.',
      {
        sessionId: ref('SessionId', 'The session.'),
        model: ref('ModelRef', 'Model that writes the summary; unset uses the small model, then the chat model.'),
      },
      ['sessionId'],
    ),
    result: ref('Ok', 'The summary was written.'),
    errors: NOT_FOUND_OR_RUNTIME,
  },
} as const satisfies Record<string, MethodSpec>;
