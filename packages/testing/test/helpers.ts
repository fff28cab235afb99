// Shared by the tests: plain fetch calls and a small SSE reader, so tests see exactly what a client sees.

import type { ScriptedModel } from '../src/index.js';

export interface ChunkChoice {
  index: number;
  delta: {
    role?: string;
    content?: string;
    tool_calls?: { index: number; id?: string; type?: string; function?: { name?: string; arguments?: string } }[];
  };
  finish_reason: string | null;
}

export interface Chunk {
  id: string;
  object: string;
  model: string;
  choices: ChunkChoice[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export interface SseResult {
  chunks: Chunk[];
  /** Whether `data: [DONE]` arrived. */
  done: boolean;
  /** Raw event payloads in order, `[DONE]` included. */
  raw: string[];
}

type Message = { role: string; content?: string | null; tool_calls?: unknown[]; tool_call_id?: string };

export function chatBody(messages: Message[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'scripted-1', messages, stream: true, stream_options: { include_usage: true }, ...extra };
}

export const user = (content: string): Message => ({ role: 'user', content });
export const system = (content: string): Message => ({ role: 'system', content });
export const assistantCalls = (...calls: { id: string; name: string; arguments: string }[]): Message => ({
  role: 'assistant',
  content: '',
  tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
});
export const toolResult = (id: string, content: string): Message => ({ role: 'tool', tool_call_id: id, content });
export const tools = (...names: string[]): Record<string, unknown>[] =>
  names.map((name) => ({ type: 'function', function: { name, description: name, parameters: { type: 'object', properties: {} } } }));

export function postChat(model: ScriptedModel, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${model.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

export function parseSse(text: string): SseResult {
  const raw: string[] = [];
  for (const event of text.split('\n\n')) {
    const data = event
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice('data: '.length))
      .join('\n');
    if (data !== '') raw.push(data);
  }
  const chunks = raw.filter((data) => data !== '[DONE]').map((data) => JSON.parse(data) as Chunk);
  return { chunks, done: raw.includes('[DONE]'), raw };
}

export async function streamChat(model: ScriptedModel, body: unknown): Promise<SseResult> {
  const response = await postChat(model, body);
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  return parseSse(await response.text());
}

/** Joins streamed deltas back into the assistant turn a client would build. */
export function assemble(result: SseResult): {
  text: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: string | null;
} {
  let text = '';
  let finishReason: string | null = null;
  const calls: { id: string; name: string; arguments: string }[] = [];
  for (const chunk of result.chunks) {
    for (const choice of chunk.choices) {
      text += choice.delta.content ?? '';
      for (const call of choice.delta.tool_calls ?? []) {
        const slot = (calls[call.index] ??= { id: '', name: '', arguments: '' });
        if (call.id) slot.id = call.id;
        if (call.function?.name) slot.name = call.function.name;
        slot.arguments += call.function?.arguments ?? '';
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  }
  return { text, toolCalls: calls, finishReason };
}

/** Reads a streamed body until it ends or fails; returns the text read and the error, if any. */
export async function drain(response: Response): Promise<{ text: string; error: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { text, error: undefined };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

/** Reads until `needle` has arrived (at least one whole event), leaving the stream open. */
export async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, needle: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(needle)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before "${needle}" arrived; got: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

export interface Completion {
  object: string;
  choices: {
    message: { role: string; content: string | null; tool_calls?: { type: string; function: { name: string; arguments: string } }[] };
    finish_reason: string;
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export interface ErrorBody {
  error: { message: string; type: string; code: string; param: null };
}
