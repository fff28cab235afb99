import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HostErrorCode, type CustomAgent } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { agentHandlers } from '../../src/agents/service.js';
import { CustomAgentStore, type AgentStoreProblem } from '../../src/agents/store.js';
import { codedError, loadDefault, restarts, tempDir, testLogger, valid } from '../support/catalog-runtime.js';

const SCRIBE: CustomAgent = {
  name: 'scribe',
  label: 'Scribe',
  description: 'Writes meeting notes.',
  instructions: 'Summarise the meeting and list every action item.',
  toolIds: ['clock'],
  skillNames: ['meeting-notes'],
  model: 'openrouter/anthropic/claude-sonnet-4',
  color: 'info',
};

async function setup(userLayer?: object) {
  const { config } = await loadDefault(userLayer);
  const file = path.join(await tempDir(), 'agents.json');
  const problems: AgentStoreProblem[] = [];
  const store = new CustomAgentStore({ file, report: (problem) => problems.push(problem) });
  const restart = restarts();
  const handlers = agentHandlers({ config, customAgents: store, logger: testLogger().logger, requestRestart: restart.requestRestart });
  return { handlers, store, file, problems, reasons: restart.reasons };
}

describe('agents.list and agents.get', () => {
  it('lists OpenCode\'s built-ins, then the configured agents, each with its source; none editable', async () => {
    const { handlers } = await setup();
    const { agents } = valid('agents.list', await handlers['agents.list']({}));
    expect(agents.map((a) => [a.name, a.source, a.mode, a.readOnly, a.editable])).toEqual([
      ['build', 'built-in', 'primary', false, false],
      ['plan', 'built-in', 'primary', true, false],
      ['general', 'built-in', 'subagent', false, false],
      ['explore', 'built-in', 'subagent', true, false],
      ['workflow-designer', 'configured', 'all', false, false],
      ['researcher', 'configured', 'subagent', true, false],
      ['analyst', 'configured', 'subagent', false, false],
    ]);
    expect(agents.find((a) => a.name === 'researcher')).toMatchObject({ label: 'Researcher', color: 'info', toolIds: ['knowledge', 'clock'], skillNames: ['research-brief'] });
  });

  it('leaves out a built-in the config disables', async () => {
    const { handlers } = await setup({ builtInAgents: { general: { disable: true } } });
    expect((await handlers['agents.list']({})).agents.map((a) => a.name)).not.toContain('general');
    expect((await codedError(handlers['agents.get']({ name: 'general' }))).code).toBe(HostErrorCode.NotFound);
  });

  it('gets one agent, with the saved definition only for a custom one', async () => {
    const { handlers } = await setup();
    expect(await handlers['agents.get']({ name: 'plan' })).toEqual({ agent: expect.objectContaining({ name: 'plan', source: 'built-in' }) });
    await handlers['agents.save']({ agent: SCRIBE });
    expect(valid('agents.get', await handlers['agents.get']({ name: 'scribe' }))).toEqual({
      agent: expect.objectContaining({ name: 'scribe', source: 'custom', editable: true }),
      definition: SCRIBE,
    });
    const missing = await codedError(handlers['agents.get']({ name: 'nobody' }));
    expect(missing).toMatchObject({ code: HostErrorCode.NotFound, data: { kind: 'agent', id: 'nobody' } });
  });
});

describe('agents.save', () => {
  it('stores a custom agent in a private agents.json, lists it last and restarts the runtime', async () => {
    const { handlers, file, reasons } = await setup();
    const saved = valid('agents.save', await handlers['agents.save']({ agent: SCRIBE }));
    expect(saved).toEqual({
      name: 'scribe',
      source: 'custom',
      label: 'Scribe',
      description: 'Writes meeting notes.',
      mode: 'all',
      model: 'openrouter/anthropic/claude-sonnet-4',
      color: 'info',
      readOnly: true,
      editable: true,
      toolIds: ['clock'],
      skillNames: ['meeting-notes'],
    });
    expect((await handlers['agents.list']({})).agents.at(-1)?.name).toBe('scribe');
    expect(reasons).toEqual(['custom agent "scribe" saved']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, agents: [SCRIBE] });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('replaces an agent of the same name in place', async () => {
    const { handlers, store } = await setup();
    await handlers['agents.save']({ agent: SCRIBE });
    await handlers['agents.save']({ agent: { name: 'other', description: 'Other.', instructions: 'x' } });
    await handlers['agents.save']({ agent: { ...SCRIBE, description: 'Writes better notes.', toolIds: ['files'] } });
    expect((await store.list()).map((a) => [a.name, a.description])).toEqual([
      ['scribe', 'Writes better notes.'],
      ['other', 'Other.'],
    ]);
    expect((await handlers['agents.get']({ name: 'scribe' })).agent.readOnly).toBe(false);
  });

  it('refuses the name of a built-in or configured agent (CONFLICT) and stores nothing', async () => {
    const { handlers, store, reasons } = await setup();
    for (const name of ['plan', 'title', 'researcher']) {
      const error = await codedError(handlers['agents.save']({ agent: { ...SCRIBE, name } }));
      expect(error.code).toBe(HostErrorCode.Conflict);
    }
    expect(await store.list()).toEqual([]);
    expect(reasons).toEqual([]);
  });

  it('refuses unknown tools and skills and an unusable model (VALIDATION_FAILED, every issue with a pointer)', async () => {
    const { handlers, store } = await setup();
    const error = await codedError(
      handlers['agents.save']({ agent: { ...SCRIBE, toolIds: ['clock', 'teleport'], skillNames: ['juggling'], model: 'anthropic/claude-opus' } }),
    );
    expect(error.code).toBe(HostErrorCode.ValidationFailed);
    expect((error.data as { issues: { pointer: string }[] }).issues.map((issue) => issue.pointer)).toEqual([
      '/agent/toolIds/1',
      '/agent/skillNames/0',
      '/agent/model',
    ]);
    expect(error.message).toContain('teleport');
    const malformed = await codedError(handlers['agents.save']({ agent: { ...SCRIBE, model: 'no-slash' } }));
    expect(malformed).toMatchObject({ code: HostErrorCode.ValidationFailed, data: { issues: [{ pointer: '/agent/model' }] } });
    const badName = await codedError(handlers['agents.save']({ agent: { ...SCRIBE, name: 'Not OK' } }));
    expect(badName).toMatchObject({ code: HostErrorCode.ValidationFailed, data: { issues: [{ pointer: '/agent/name' }] } });
    expect(await store.list()).toEqual([]);
  });
});

describe('agents.delete', () => {
  it('deletes a custom agent and restarts the runtime', async () => {
    const { handlers, reasons } = await setup();
    await handlers['agents.save']({ agent: SCRIBE });
    expect(await handlers['agents.delete']({ name: 'scribe' })).toEqual({ deleted: true });
    expect((await handlers['agents.list']({})).agents.map((a) => a.name)).not.toContain('scribe');
    expect(reasons).toEqual(['custom agent "scribe" saved', 'custom agent "scribe" deleted']);
  });

  it('refuses built-in and configured agents (CONFLICT) and unknown names (NOT_FOUND)', async () => {
    const { handlers } = await setup();
    expect((await codedError(handlers['agents.delete']({ name: 'build' }))).code).toBe(HostErrorCode.Conflict);
    expect((await codedError(handlers['agents.delete']({ name: 'analyst' }))).code).toBe(HostErrorCode.Conflict);
    expect((await codedError(handlers['agents.delete']({ name: 'ghost' }))).code).toBe(HostErrorCode.NotFound);
  });
});

describe('CustomAgentStore', () => {
  it('leaves out an entry that is not a custom agent, reports it, and keeps the rest', async () => {
    const { store, file, problems } = await setup();
    await writeFile(file, JSON.stringify({ version: 1, agents: [SCRIBE, { name: 'broken' }, { ...SCRIBE }] }));
    expect((await store.list()).map((a) => a.name)).toEqual(['scribe']);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('agents[1]'),
      expect.stringContaining('appears twice'),
    ]);
  });

  it('moves a damaged file aside and starts empty', async () => {
    const { store, file, problems } = await setup();
    await writeFile(file, '{ not json');
    expect(await store.list()).toEqual([]);
    expect(problems[0]?.message).toContain('is damaged');
  });
});

describe('custom agents shadowed by a later config', () => {
  it('are not listed once a configured agent takes their name', async () => {
    const first = await setup();
    await first.handlers['agents.save']({ agent: { ...SCRIBE, name: 'helper' } });
    const { config } = await loadDefault({ agents: [{ name: 'helper', description: 'Configured helper.' }] });
    const handlers = agentHandlers({ config, customAgents: first.store, logger: testLogger().logger, requestRestart: () => undefined });
    const helpers = (await handlers['agents.list']({})).agents.filter((a) => a.name === 'helper');
    expect(helpers.map((a) => a.source)).toEqual(['configured']);
  });
});
