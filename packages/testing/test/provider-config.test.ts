// OpenCode config fragments for a scripted model.

import { describe, expect, it } from 'vitest';
import { scriptedOpencodeConfig, scriptedProviderConfig } from '../src/index.js';

const endpoint = { url: 'http://127.0.0.1:1234/v1', modelIds: ['scripted-1', 'scripted-2'] };

describe('provider config', () => {
  it('declares an openai-compatible provider at the model URL', () => {
    expect(scriptedProviderConfig(endpoint)).toEqual({
      npm: '@ai-sdk/openai-compatible',
      name: 'Scripted',
      options: { baseURL: 'http://127.0.0.1:1234/v1', apiKey: 'scripted-model-key' },
      models: { 'scripted-1': { name: 'scripted-1' }, 'scripted-2': { name: 'scripted-2' } },
    });
  });

  it('builds a config fragment with the provider and its first model as the default', () => {
    const config = scriptedOpencodeConfig(endpoint, { providerId: 'fake', name: 'Fake', modelIds: ['m'] });
    expect(Object.keys(config.provider)).toEqual(['fake']);
    expect(config.provider['fake']!.name).toBe('Fake');
    expect(config.provider['fake']!.models).toEqual({ m: { name: 'm' } });
    expect(config.model).toBe('fake/m');
    expect(() => scriptedOpencodeConfig(endpoint, { modelIds: [] })).toThrow(/at least one model id/);
  });
});
