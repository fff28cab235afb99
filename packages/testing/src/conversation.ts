// What a script rule sees of a request: the body plus the facts rules match on, computed once.

import { messageText, toolNames, type ChatMessage, type ChatRequestBody } from './chat.js';
import { isTitleRequest, titleSubject } from './title.js';

/** The output of one tool call, as the client sent it back (role "tool"). */
export interface ToolResult {
  readonly toolCallId: string;
  /** The tool's name, looked up from the assistant message that called it; '' if not found. */
  readonly name: string;
  readonly content: string;
}

export interface Conversation {
  readonly body: ChatRequestBody;
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Names of the tools offered to the model (`body.tools[].function.name`). */
  readonly toolNames: readonly string[];
  readonly stream: boolean;
  /** Text of the last user message ('' when there is none). For title requests: the user's words. */
  readonly lastUserText: string;
  /** Tool results after the last user message, in order. */
  readonly toolResults: readonly ToolResult[];
  /** Assistant turns since the last user message: 0 for the first reply to a prompt. */
  readonly step: number;
  readonly isTitleRequest: boolean;
}

export function conversationOf(body: ChatRequestBody): Conversation {
  const messages = body.messages;
  const title = isTitleRequest(body);
  let lastUser = -1;
  for (let index = messages.length - 1; index >= 0; index--) {
    if (messages[index]?.role === 'user') {
      lastUser = index;
      break;
    }
  }
  const since = messages.slice(lastUser + 1);
  const callNames = new Map<string, string>();
  for (const message of since) {
    for (const call of message.tool_calls ?? []) callNames.set(call.id, call.function?.name ?? '');
  }
  const toolResults = since
    .filter((message) => message.role === 'tool')
    .map((message): ToolResult => {
      const toolCallId = message.tool_call_id ?? '';
      return { toolCallId, name: callNames.get(toolCallId) ?? message.name ?? '', content: messageText(message) };
    });
  const lastUserMessage = lastUser >= 0 ? messages[lastUser] : undefined;
  return {
    body,
    model: body.model,
    messages,
    toolNames: toolNames(body),
    stream: body.stream === true,
    lastUserText: title ? titleSubject(messages) : lastUserMessage ? messageText(lastUserMessage) : '',
    toolResults,
    step: since.filter((message) => message.role === 'assistant').length,
    isTitleRequest: title,
  };
}
