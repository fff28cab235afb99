// OpenCode asks the session's model for a title once per new session. Measured against
// opencode 1.18.33 that request is:
//   - no `tools` (and no `tool_choice`), `stream: true`, `max_tokens: 32000`
//   - messages[0]: system, starting "You are a title generator. You output ONLY a thread title."
//   - then user "Generate a title for this conversation:\n", then the user's own message(s)
// Detection needs the absence of tools plus one of the two markers, so a chat that merely
// mentions titles is never mistaken for it.

import { messageText, type ChatMessage, type ChatRequestBody } from './chat.js';

const SYSTEM_MARKER = /\btitle generator\b/i;
const INSTRUCTION_MARKER = /^\s*generate a title for this conversation/i;
const MAX_TITLE_LENGTH = 50;

export function isTitleRequest(body: ChatRequestBody): boolean {
  if ((body.tools?.length ?? 0) > 0) return false;
  return body.messages.some(
    (message) =>
      (message.role === 'system' && SYSTEM_MARKER.test(messageText(message))) ||
      (message.role === 'user' && INSTRUCTION_MARKER.test(messageText(message))),
  );
}

/** The user's words in a title request, without OpenCode's own instruction message. */
export function titleSubject(messages: readonly ChatMessage[]): string {
  const texts = messages
    .filter((message) => message.role === 'user')
    .map(messageText)
    .filter((text) => !INSTRUCTION_MARKER.test(text) && text.trim() !== '');
  return texts.at(-1) ?? '';
}

/** A one-line title of at most 50 characters from the first line of the user's message. */
export function titleFor(subject: string): string {
  const line = subject.trim().split('\n')[0]?.replace(/\s+/g, ' ').trim() ?? '';
  const cleaned = line.replace(/[\s.!?,;:]+$/, '');
  if (cleaned === '') return 'New conversation';
  let title = cleaned;
  if (title.length > MAX_TITLE_LENGTH) {
    const cut = title.slice(0, MAX_TITLE_LENGTH);
    const space = cut.lastIndexOf(' ');
    title = space > 0 ? cut.slice(0, space) : cut;
  }
  return title.charAt(0).toUpperCase() + title.slice(1);
}
