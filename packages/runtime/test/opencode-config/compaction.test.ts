import { describe, expect, it } from 'vitest';
import { build, makeConfig } from './helpers.js';

describe('compaction', () => {
  it('pass auto, prune and reserved', () => {
    const result = build(makeConfig({ compaction: { auto: false, prune: true, reserved: 20000 } }));
    expect(result.config.compaction).toEqual({ auto: false, prune: true, reserved: 20000 });
    expect(result.config.agent).not.toHaveProperty('compaction');
  });

  it('turn compaction.agent into the compaction agent, placed after the built-ins', () => {
    const result = build(
      makeConfig({
        compaction: { agent: { model: 'openrouter/openai/gpt-4.1', prompt: 'Summarise.', temperature: 0.2 } },
        agents: [{ name: 'helper' }],
      }),
    );
    expect(result.config.agent?.['compaction']).toEqual({ model: 'openrouter/openai/gpt-4.1', prompt: 'Summarise.', temperature: 0.2 });
    expect(Object.keys(result.config.agent ?? {})).toEqual(['plan', 'explore', 'compaction', 'helper']);
    expect(result.config).not.toHaveProperty('compaction');
  });
});
