// OpenAI's response shapes for one scripted answer: `chat.completion.chunk` objects for
// streaming and a `chat.completion` object otherwise.

import type { TextReply, ToolCallsReply } from './script.js';

export interface CompletionMeta {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  /** Used for default tool-call ids. */
  readonly seq: number;
  /** Characters of the prompt, for a rough token count. */
  readonly promptChars: number;
}

export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

export type Answer = TextReply | ToolCallsReply;

interface ResolvedCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** Word-sized pieces (each word with the whitespace after it), so concatenation is exact. */
export function splitText(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}

function resolveCalls(answer: Answer, seq: number): ResolvedCall[] {
  if (!('toolCalls' in answer)) return [];
  return answer.toolCalls.map((call, index) => ({
    id: call.id ?? `call_${seq}_${index}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
  }));
}

const answerText = (answer: Answer): string => answer.text ?? '';
const finishReason = (answer: Answer): 'tool_calls' | 'stop' => ('toolCalls' in answer ? 'tool_calls' : 'stop');

export function usageOf(meta: CompletionMeta, answer: Answer): Usage {
  const calls = resolveCalls(answer, meta.seq);
  const outChars = answerText(answer).length + calls.reduce((sum, call) => sum + call.name.length + call.arguments.length, 0);
  const prompt_tokens = Math.ceil(meta.promptChars / 4);
  const completion_tokens = Math.max(1, Math.ceil(outChars / 4));
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

function chunk(meta: CompletionMeta, choice: Record<string, unknown> | null, extra: Record<string, unknown> = {}): object {
  return {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    choices: choice ? [{ index: 0, ...choice }] : [],
    ...extra,
  };
}

/** The content chunks of a streamed answer, without the closing finish-reason chunk. */
export function contentChunks(meta: CompletionMeta, answer: Answer): object[] {
  const chunks: object[] = [];
  let role: { role?: 'assistant' } = { role: 'assistant' };
  for (const piece of splitText(answerText(answer))) {
    chunks.push(chunk(meta, { delta: { ...role, content: piece }, finish_reason: null }));
    role = {};
  }
  for (const [index, call] of resolveCalls(answer, meta.seq).entries()) {
    const head = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    chunks.push(chunk(meta, { delta: { ...role, tool_calls: [head] }, finish_reason: null }));
    role = {};
    // Two argument pieces, so clients really have to join them.
    const half = Math.ceil(call.arguments.length / 2);
    for (const part of [call.arguments.slice(0, half), call.arguments.slice(half)]) {
      if (part === '') continue;
      chunks.push(chunk(meta, { delta: { tool_calls: [{ index, function: { arguments: part } }] }, finish_reason: null }));
    }
  }
  if (chunks.length === 0) chunks.push(chunk(meta, { delta: { role: 'assistant', content: '' }, finish_reason: null }));
  return chunks;
}

export function finishChunk(meta: CompletionMeta, answer: Answer): object {
  return chunk(meta, { delta: {}, finish_reason: finishReason(answer) });
}

/** The extra chunk OpenAI sends when `stream_options.include_usage` is set: no choices, only usage. */
export function usageChunk(meta: CompletionMeta, answer: Answer): object {
  return chunk(meta, null, { usage: usageOf(meta, answer) });
}

export function completionJson(meta: CompletionMeta, answer: Answer): object {
  const calls = resolveCalls(answer, meta.seq);
  const text = answerText(answer);
  const message: Record<string, unknown> = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (calls.length > 0) {
    message['tool_calls'] = calls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, finish_reason: finishReason(answer) }],
    usage: usageOf(meta, answer),
  };
}
