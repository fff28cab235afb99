// The inbound message of the signed webhook channel, checked field by field.

export interface InboundMessage {
  readonly id: string;
  readonly userId: string;
  readonly chatId: string;
  readonly threadId: string;
  readonly workspaceId: string;
  readonly text: string;
}

const FIELDS = new Set(['id', 'userId', 'chatId', 'threadId', 'workspaceId', 'text']);
const MAX_ID = 256;

export type ParsedMessage = { readonly ok: true; readonly message: InboundMessage } | { readonly ok: false; readonly message: string };

export function parseInboundMessage(body: Buffer): ParsedMessage {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, message: 'The body is not JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'The body must be a JSON object.' };
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) return { ok: false, message: `Unknown field(s): ${unknown.join(', ')}.` };
  const text = (name: string, required: boolean, max: number): string | { error: string } => {
    const field = record[name];
    if (field === undefined || field === null) return required ? { error: `"${name}" is required.` } : '';
    if (typeof field !== 'string') return { error: `"${name}" must be a string.` };
    if (required && field.trim() === '') return { error: `"${name}" must not be empty.` };
    if (field.length > max) return { error: `"${name}" is longer than ${max} characters.` };
    return field;
  };
  const fields = {
    id: text('id', true, MAX_ID),
    userId: text('userId', true, MAX_ID),
    chatId: text('chatId', true, MAX_ID),
    threadId: text('threadId', false, MAX_ID),
    workspaceId: text('workspaceId', false, MAX_ID),
    text: text('text', true, 1_000_000),
  };
  for (const field of Object.values(fields)) if (typeof field !== 'string') return { ok: false, message: field.error };
  return { ok: true, message: fields as InboundMessage };
}
