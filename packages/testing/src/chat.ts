// The part of OpenAI's chat-completions request the scripted model reads, and the checks
// that turn an untrusted JSON body into it. Unknown fields pass through untouched.

export interface ChatToolCall {
  readonly id: string;
  readonly type?: string;
  readonly function: { readonly name: string; readonly arguments: string };
}

export interface ChatContentPart {
  readonly type: string;
  readonly text?: string;
}

export interface ChatMessage {
  readonly role: string;
  readonly content?: string | readonly ChatContentPart[] | null;
  readonly tool_calls?: readonly ChatToolCall[];
  readonly tool_call_id?: string;
  readonly name?: string;
}

export interface ChatTool {
  readonly type: string;
  readonly function: { readonly name: string; readonly description?: string; readonly parameters?: unknown };
}

export interface ChatRequestBody {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ChatTool[];
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage?: boolean };
  readonly [field: string]: unknown;
}

export type ParseResult = { readonly ok: true; readonly body: ChatRequestBody } | { readonly ok: false; readonly message: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the fields the server relies on; everything else is the client's business. */
export function parseChatRequest(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Request body is not valid JSON: ${(error as Error).message}` };
  }
  if (!isObject(raw)) return { ok: false, message: 'Request body must be a JSON object.' };
  if (typeof raw['model'] !== 'string') return { ok: false, message: '"model" must be a string.' };
  const messages = raw['messages'];
  if (!Array.isArray(messages) || messages.length === 0) {
    return { ok: false, message: '"messages" must be a non-empty array.' };
  }
  for (const [index, message] of messages.entries()) {
    if (!isObject(message) || typeof message['role'] !== 'string') {
      return { ok: false, message: `"messages[${index}]" must be an object with a string "role".` };
    }
  }
  if (raw['tools'] !== undefined && !Array.isArray(raw['tools'])) return { ok: false, message: '"tools" must be an array.' };
  if (raw['stream'] !== undefined && typeof raw['stream'] !== 'boolean') {
    return { ok: false, message: '"stream" must be a boolean.' };
  }
  return { ok: true, body: raw as ChatRequestBody };
}

/** The plain text of a message: a string content, or its text parts joined. */
export function messageText(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

export function toolNames(body: ChatRequestBody): string[] {
  return (body.tools ?? []).flatMap((tool) => (typeof tool?.function?.name === 'string' ? [tool.function.name] : []));
}
