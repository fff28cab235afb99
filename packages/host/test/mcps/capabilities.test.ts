import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CustomAgentStore } from '../../src/agents/store.js';
import { McpCatalog } from '../../src/mcps/catalog.js';
import { MemoryCipher } from '../../src/ports/index.js';
import { capabilityHandlers } from '../../src/mcps/capabilities.js';
import { CustomMcpStore } from '../../src/mcps/store.js';
import type { CatalogRuntime } from '../../src/runtime/runtime-call.js';
import { loadDefault, readyRuntime, startingRuntime, tempDir, testLogger, valid } from '../support/catalog-runtime.js';

async function setup(options: { runtime?: CatalogRuntime | undefined; userLayer?: object } = {}) {
  const { config } = await loadDefault(options.userLayer);
  const dir = await tempDir();
  const store = new CustomAgentStore({ file: path.join(dir, 'agents.json'), report: () => undefined });
  const customMcps = new CustomMcpStore({ file: path.join(dir, 'mcp.open-cowork.json'), cipher: new MemoryCipher(), report: () => undefined });
  const handlers = capabilityHandlers({
    mcps: new McpCatalog({ config, custom: customMcps }),
    customMcps,
    credentials: async () => ({ providers: {}, mcps: {} }),
    customAgents: store,
    runtime: () => ('runtime' in options ? options.runtime : startingRuntime()),
    directory: () => '/tmp/workspace',
    logger: testLogger().logger,
  });
  return { handlers, store, customMcps };
}

describe('capabilities.list', () => {
  it('lists the tool catalog in config order, with the MCP server behind each entry', async () => {
    const { handlers } = await setup();
    const { tools } = valid('capabilities.list', await handlers['capabilities.list']({}));
    expect(tools.map((tool) => [tool.id, tool.mcp ?? null])).toEqual([
      ['bash', null],
      ['files', null],
      ['clock', 'clock'],
      ['charts', 'charts'],
      ['knowledge', 'knowledge'],
      ['skills', 'skills'],
      ['agents', 'agents'],
      ['workflows', 'workflows'],
    ]);
    expect(tools[1]).toEqual({
      id: 'files',
      name: 'Files',
      icon: 'file',
      description: 'Read, search and edit files in the project workspace.',
      patterns: ['read', 'list', 'glob', 'grep', 'edit', 'write', 'patch'],
      writeAccess: true,
    });
  });

  it('lists skills with the agents that may load them, custom agents included', async () => {
    const { handlers, store } = await setup();
    await store.save({ name: 'scribe', description: 'Notes.', instructions: 'x', skillNames: ['meeting-notes', 'research-brief'] });
    const { skills } = valid('capabilities.list', await handlers['capabilities.list']({}));
    expect(skills.map((skill) => [skill.name, skill.usedBy])).toEqual([
      ['research-brief', ['researcher', 'scribe']],
      ['data-analysis', ['analyst']],
      ['meeting-notes', ['scribe']],
    ]);
    expect(skills[0]).toMatchObject({ badge: 'Research', toolIds: ['knowledge'] });
  });

  it('says "unknown" for every MCP while the runtime is not ready (or not there at all)', async () => {
    for (const runtime of [startingRuntime(), startingRuntime({ state: 'failed', code: 'X', reason: 'no' }), undefined]) {
      const { handlers } = await setup({ runtime });
      const { mcps } = await handlers['capabilities.list']({});
      expect(mcps.map((mcp) => mcp.status)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
    }
  });

  it('names the agents granted an MCP\'s tools, through catalog ids or tool patterns', async () => {
    const { handlers, store } = await setup();
    await store.save({ name: 'timekeeper', description: 'Time.', instructions: 'x', askTools: ['clock_now'] });
    const { mcps } = await handlers['capabilities.list']({});
    const usedBy = Object.fromEntries(mcps.map((mcp) => [mcp.name, mcp.usedBy]));
    expect(usedBy).toEqual({
      clock: ['researcher', 'timekeeper'],
      charts: ['analyst'],
      knowledge: ['researcher'],
      skills: [],
      agents: [],
      workflows: ['workflow-designer'],
    });
  });

  it('shows live status and the error of a failed server; a server the runtime was not given has failed', async () => {
    const runtime = readyRuntime({
      mcps: [
        { name: 'clock', status: 'connected' },
        { name: 'charts', status: 'failed', error: 'spawn ENOENT' },
        { name: 'knowledge', status: 'needs_auth' },
      ],
    });
    const { handlers } = await setup({ runtime, userLayer: { mcps: [{ name: 'workflows', type: 'local', packageName: 'workflows', enabled: false }] } });
    const { mcps } = valid('capabilities.list', await handlers['capabilities.list']({}));
    const byName = Object.fromEntries(mcps.map((mcp) => [mcp.name, mcp]));
    expect(byName['clock']).toMatchObject({ status: 'connected', type: 'local' });
    expect(byName['clock']).not.toHaveProperty('error');
    expect(byName['charts']).toMatchObject({ status: 'failed', error: 'spawn ENOENT' });
    expect(byName['knowledge']).toMatchObject({ status: 'needs_auth' });
    expect(byName['skills']).toMatchObject({ status: 'failed', error: expect.stringContaining('not given') });
    expect(byName['workflows']).toMatchObject({ status: 'disabled' });
  });
});
