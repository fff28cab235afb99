// How much of the model's context the chat fills: the token counts of the last answer that
// reported any. OpenCode records on an answer the usage of its last model call, which holds
// the whole conversation sent (system prompt and tool descriptions included, which is why a
// one-message chat already counts thousands). An answer stopped before the model reported
// usage carries zeros; it says nothing about the context, so the answer before it counts.
import type { Message } from '@open-cowork/contracts';

export interface ContextUse {
  readonly used: number;
  /** "provider/model" of the answer that reported it. */
  readonly model?: string;
}

export function lastContextUse(entries: readonly { readonly info: Message }[]): ContextUse | undefined {
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const info = entries[i]?.info;
    if (info?.role !== 'assistant' || info.tokens === undefined) continue;
    const { input, output, reasoning, cacheRead, cacheWrite } = info.tokens;
    const used = input + output + reasoning + cacheRead + cacheWrite;
    if (used === 0) continue;
    return { used, ...(info.model !== undefined ? { model: info.model } : {}) };
  }
  return undefined;
}
