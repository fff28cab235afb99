// agents.templates: the config's starter templates, or the host's upstream examples narrowed
// to the tools and skills the effective config has.
import { describe, expect, it } from 'vitest';
import { EXAMPLE_TEMPLATES } from '../../src/agents/templates.js';
import { agentHandlers } from '../../src/agents/service.js';
import { CustomAgentStore } from '../../src/agents/store.js';
import { loadDefault, tempDir, testLogger, valid } from '../support/catalog-runtime.js';

async function templatesFor(userLayer?: object) {
  const { config } = await loadDefault(userLayer);
  const store = new CustomAgentStore({ file: `${await tempDir()}/agents.json`, report: () => undefined });
  const handlers = agentHandlers({ config, customAgents: store, logger: testLogger().logger, requestRestart: () => undefined });
  return valid('agents.templates', await handlers['agents.templates']({})).templates;
}

describe('agents.templates', () => {
  it('returns the config\'s agentStarterTemplates, in order, marked "configured"', async () => {
    const templates = await templatesFor();
    expect(templates.map((t) => [t.id, t.source])).toEqual([
      ['research-assistant', 'configured'],
      ['data-analyst', 'configured'],
      ['meeting-summarizer', 'configured'],
    ]);
    expect(templates[0]).toEqual({
      id: 'research-assistant',
      source: 'configured',
      label: 'Research assistant',
      description: 'Gathers sources on a topic and writes a short brief with citations.',
      color: 'info',
      instructions: 'Search before answering, cite sources, and keep briefs under one page.',
      toolIds: ['knowledge'],
      skillNames: ['research-brief'],
      temperature: 0.3,
      steps: 30,
    });
  });

  it('an empty list in the config means no templates, not the examples', async () => {
    expect(await templatesFor({ agentStarterTemplates: [] })).toEqual([]);
  });

  it('offers the upstream examples when the config sets none, with only tools and skills the app has', async () => {
    // The user layer cannot unset a key, so build a config without templates and with a small catalog.
    const { config } = await loadDefault();
    const { agentTemplates } = await import('../../src/agents/templates.js');
    const narrowed = {
      ...config,
      agentStarterTemplates: undefined,
      tools: (config.tools ?? []).filter((tool) => tool.id === 'files'),
      skills: (config.skills ?? []).filter((skill) => skill.name === 'data-analysis'),
    };
    const templates = agentTemplates(narrowed);
    expect(templates.map((t) => [t.id, t.source])).toEqual(EXAMPLE_TEMPLATES.map((e) => [e.id, 'example']));
    expect(templates.map((t) => t.id)).toEqual(['researcher', 'writer', 'analyst']);
    expect(templates.find((t) => t.id === 'researcher')).toMatchObject({ toolIds: ['files'] });
    expect(templates.find((t) => t.id === 'researcher')?.skillNames).toBeUndefined();
    expect(templates.find((t) => t.id === 'analyst')).toMatchObject({ toolIds: ['files'], skillNames: ['data-analysis'] });
    const none = agentTemplates({ ...narrowed, tools: [], skills: [] });
    expect(none.every((t) => t.toolIds === undefined && t.skillNames === undefined)).toBe(true);
    expect(none.every((t) => (t.instructions ?? '').length > 0 && (t.description ?? '').length > 0)).toBe(true);
  });
});
