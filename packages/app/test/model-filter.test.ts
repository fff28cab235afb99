// The model picker's filter: every word must match the model's name, id or provider name.
import { describe, expect, it } from 'vitest';
import { filterModels, type ModelOption } from '../src/lib/models.js';

const option = (ref: string, name: string, providerName: string): ModelOption => ({ ref, name, providerId: ref.split('/')[0] ?? '', providerName, featured: false, contextLimit: undefined });
const OPTIONS = [option('openrouter/anthropic/claude-sonnet-4', 'Claude Sonnet 4', 'OpenRouter'), option('openai/gpt-5', 'GPT-5', 'OpenAI'), option('local/qwen3', 'Qwen 3', 'My server')];

describe('filtering models', () => {
  it('matches every word against name, id and provider, ignoring case', () => {
    expect(filterModels(OPTIONS, 'sonnet').map((o) => o.ref)).toEqual(['openrouter/anthropic/claude-sonnet-4']);
    expect(filterModels(OPTIONS, 'OPENAI gpt').map((o) => o.ref)).toEqual(['openai/gpt-5']);
    expect(filterModels(OPTIONS, 'my qwen').map((o) => o.ref)).toEqual(['local/qwen3']);
    expect(filterModels(OPTIONS, 'anthropic gpt')).toEqual([]);
  });

  it('keeps every model for a blank filter', () => {
    expect(filterModels(OPTIONS, '   ')).toBe(OPTIONS);
  });
});
