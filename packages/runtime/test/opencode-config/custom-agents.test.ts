import { describe, expect, it } from 'vitest';
import type { Agent, OpenCoworkConfig, Tool } from '@open-cowork/config';
import { agentMayWrite, checkAgent, type AgentCheckContext } from '../../src/opencode-config/index.js';
import type { RuntimeSettings } from '../../src/settings.js';
import { build, codes, makeBundled, makeConfig } from './helpers.js';
import { buildOpencodeConfig } from '../../src/opencode-config/index.js';

const TOOLS: Tool[] = [
  { id: 'files', name: 'Files', patterns: ['read', 'edit'], allowPatterns: ['read'], askPatterns: ['edit'], writeAccess: true },
  { id: 'clock', name: 'Clock', patterns: ['clock_*'], allowPatterns: ['clock_*'], writeAccess: false },
];
const CONFIG = makeConfig({
  tools: TOOLS,
  skills: [{ name: 'notes' }],
  agents: [{ name: 'researcher', description: 'Researches.', toolIds: ['clock'] }],
});
const ALL_ALLOWED: RuntimeSettings = { permissions: { bash: 'allow', fileWrite: 'allow', task: 'allow', web: 'allow' } };

function withCustom(customAgents: Agent[], settings: RuntimeSettings = ALL_ALLOWED, config: OpenCoworkConfig = CONFIG) {
  const result = buildOpencodeConfig({ config, settings, bundled: makeBundled({ skills: ['notes'] }), customAgents });
  return { result, agents: result.config.agent ?? {} };
}

describe('custom agents in the runtime config', () => {
  it('are written after the configured agents, built exactly like a configured agent of the same definition', () => {
    const definition: Agent = { name: 'scribe', description: 'Takes notes.', instructions: 'Be brief.', toolIds: ['clock'], skillNames: ['notes'], mode: 'subagent' };
    const { result, agents } = withCustom([definition]);
    expect(result.warnings).toEqual([]);
    expect(Object.keys(agents).slice(-2)).toEqual(['researcher', 'scribe']);
    const asConfigured = build({ ...CONFIG, agents: [...(CONFIG.agents ?? []), definition] }, ALL_ALLOWED, makeBundled({ skills: ['notes'] })).config.agent?.['scribe'];
    expect(agents['scribe']).toEqual(asConfigured);
  });

  it('may own a chat unless they say otherwise (mode "all")', () => {
    const { agents } = withCustom([{ name: 'helper', description: 'Helps.', instructions: 'Help.' }]);
    expect(agents['helper']).toMatchObject({ mode: 'all', description: 'Helps.', prompt: 'Help.' });
  });

  it('are skipped, with a warning pointing into the list, when they take a configured or reserved name', () => {
    const { result, agents } = withCustom([
      { name: 'researcher', description: 'Mine.', instructions: 'x' },
      { name: 'plan', description: 'Mine.', instructions: 'x' },
      { name: 'fine', description: 'Fine.', instructions: 'x' },
      { name: 'fine', description: 'Again.', instructions: 'x' },
    ]);
    expect(result.warnings.map((w) => [w.code, w.pointer])).toEqual([
      ['OPENCODE_CONFIG_AGENT_NAME_TAKEN', '/customAgents/0/name'],
      ['OPENCODE_CONFIG_AGENT_NAME_RESERVED', '/customAgents/1/name'],
      ['OPENCODE_CONFIG_AGENT_NAME_TAKEN', '/customAgents/3/name'],
    ]);
    expect(agents['researcher']?.description).toBe('Researches.');
    expect(agents['plan']).not.toHaveProperty('prompt');
    expect(agents['fine']?.description).toBe('Fine.');
  });

  it('that can write are kept from plan, like configured writers', () => {
    const { agents } = withCustom([{ name: 'coder', description: 'Codes.', instructions: 'x', toolIds: ['files'] }]);
    expect((agents['plan']?.permission as Record<string, unknown>)['task']).toEqual({ '*': 'allow', general: 'deny', coder: 'deny' });
  });

  it('lose a model whose provider is not enabled, and an unknown tool or skill, with warnings', () => {
    const { result, agents } = withCustom([
      { name: 'odd', description: 'Odd.', instructions: 'x', model: 'nowhere/m', toolIds: ['nope'], skillNames: ['nope'] },
    ]);
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_SKILL_UNKNOWN', 'OPENCODE_CONFIG_MODEL_PROVIDER_DISABLED', 'OPENCODE_CONFIG_TOOL_UNKNOWN']);
    expect(agents['odd']).not.toHaveProperty('model');
    expect((agents['odd']?.permission as Record<string, unknown>)['skill']).toBeUndefined();
  });

  it('keep a model of an enabled provider', () => {
    const { result, agents } = withCustom([{ name: 'routed', description: 'R.', instructions: 'x', model: 'openrouter/openai/gpt-4.1' }]);
    expect(result.warnings).toEqual([]);
    expect(agents['routed']?.model).toBe('openrouter/openai/gpt-4.1');
  });
});

describe('checkAgent', () => {
  const context: AgentCheckContext = { config: CONFIG, providers: new Set(['openrouter']), taken: new Set(['researcher']) };

  it('accepts a sound definition', () => {
    expect(checkAgent({ name: 'a-1', toolIds: ['files'], skillNames: ['notes'], model: 'openrouter/x/y' }, context)).toEqual([]);
  });

  it('names each problem with a pointer into the definition', () => {
    const issues = checkAgent({ name: 'a', toolIds: ['files', 'web'], skillNames: ['nope'], model: 'openai/gpt-4.1' }, context);
    expect(issues.map((i) => [i.kind, i.pointer])).toEqual([
      ['tool-unknown', '/toolIds/1'],
      ['skill-unknown', '/skillNames/0'],
      ['model-provider-unavailable', '/model'],
    ]);
  });

  it('refuses bad, reserved and taken names and malformed models', () => {
    expect(checkAgent({ name: 'Bad Name' }, context).map((i) => i.kind)).toEqual(['name-invalid']);
    expect(checkAgent({ name: 'title' }, context).map((i) => i.kind)).toEqual(['name-reserved']);
    expect(checkAgent({ name: 'researcher' }, context).map((i) => i.kind)).toEqual(['name-taken']);
    expect(checkAgent({ name: 'a', model: 'gpt-4.1' }, context).map((i) => i.kind)).toEqual(['model-invalid']);
  });
});

describe('agentMayWrite', () => {
  it('follows the tools an agent is granted, not the user settings', () => {
    expect(agentMayWrite({ name: 'a', toolIds: ['clock'] }, CONFIG)).toBe(false);
    expect(agentMayWrite({ name: 'a', toolIds: ['files'] }, CONFIG)).toBe(true);
    expect(agentMayWrite({ name: 'a', allowTools: ['bash'] }, CONFIG)).toBe(true);
    expect(agentMayWrite({ name: 'a', allowTools: ['webfetch'] }, CONFIG)).toBe(false);
  });
});
