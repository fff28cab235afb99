import { describe, expect, it } from 'vitest';
import type { Agent, OpenCoworkConfig, Tool } from '@open-cowork/config';
import type { AgentConfig } from '@opencode-ai/sdk/v2';
import type { RuntimeSettings } from '../../src/settings.js';
import { RuleList } from '../../src/opencode-config/rules.js';
import { build, codes, makeConfig } from './helpers.js';

const TOOLS: Tool[] = [
  { id: 'bash', name: 'Shell', patterns: ['bash'], askPatterns: ['bash'], writeAccess: true },
  {
    id: 'files',
    name: 'Files',
    patterns: ['read', 'list', 'glob', 'grep', 'edit', 'write', 'patch'],
    allowPatterns: ['read', 'list', 'glob', 'grep'],
    askPatterns: ['edit', 'write', 'patch'],
    writeAccess: true,
  },
  { id: 'clock', name: 'Clock', namespace: 'clock_', patterns: ['clock_*'], allowPatterns: ['clock_*'], writeAccess: false },
  { id: 'jira', name: 'Jira', patterns: ['jira_*'], askPatterns: ['jira_delete_*'], writeAccess: false },
  { id: 'wiki', name: 'Wiki', patterns: ['wiki_*'], writeAccess: false },
];

const ALL_ALLOWED: RuntimeSettings = { permissions: { bash: 'allow', fileWrite: 'allow', task: 'allow', web: 'allow' } };

function agentConfig(agents: Agent[], settings: RuntimeSettings = {}, patch: Partial<OpenCoworkConfig> = {}) {
  const result = build(makeConfig({ tools: TOOLS, agents, ...patch }), settings);
  return { result, agents: result.config.agent ?? {} };
}

function permissionOf(agent: AgentConfig | undefined): Record<string, unknown> {
  return (agent?.permission ?? {}) as Record<string, unknown>;
}

/** Evaluates an emitted permission object the way OpenCode does, for pattern "*". */
function evaluate(permission: Record<string, unknown>, name: string) {
  const rules = new RuleList();
  for (const [key, value] of Object.entries(permission)) rules.set(key, value as 'allow');
  return rules.evaluate(name);
}

describe('configured agents: fields', () => {
  it('maps instructions, inference overrides, mode, hidden and colour', () => {
    const { agents } = agentConfig([
      {
        name: 'writer',
        label: 'Writer',
        description: 'Writes things.',
        instructions: 'Write well.',
        color: 'danger',
        hidden: true,
        mode: 'primary',
        model: 'openrouter/openai/gpt-4.1',
        variant: 'high',
        temperature: 0.4,
        top_p: 0.8,
        steps: 12,
        options: { reasoningEffort: 'high' },
      },
    ]);
    const { permission, ...rest } = agents['writer'] ?? {};
    expect(permission).toBeDefined();
    expect(rest).toEqual({
      description: 'Writes things.',
      mode: 'primary',
      hidden: true,
      color: 'error',
      prompt: 'Write well.',
      model: 'openrouter/openai/gpt-4.1',
      variant: 'high',
      temperature: 0.4,
      top_p: 0.8,
      steps: 12,
      options: { reasoningEffort: 'high' },
    });
  });

  it('falls back to the label for the description and defaults mode to subagent', () => {
    const { agents } = agentConfig([{ name: 'helper', label: 'Helper' }]);
    expect(agents['helper']).toMatchObject({ description: 'Helper', mode: 'subagent' });
    expect(agents['helper']).not.toHaveProperty('color');
    expect(agents['helper']).not.toHaveProperty('prompt');
  });

  it('maps every colour token to an OpenCode theme colour', () => {
    const tokens = ['neutral', 'accent', 'info', 'success', 'warning', 'danger'] as const;
    const { agents } = agentConfig(tokens.map((color) => ({ name: `a-${color}`, color })));
    expect(tokens.map((color) => agents[`a-${color}`]?.color)).toEqual(['secondary', 'accent', 'info', 'success', 'warning', 'error']);
  });

  it('keeps config order after the built-ins', () => {
    const { agents } = agentConfig([{ name: 'zed' }, { name: 'alpha' }], {}, { builtInAgents: { build: { steps: 5 } } });
    expect(Object.keys(agents)).toEqual(['build', 'plan', 'explore', 'zed', 'alpha']);
  });

  it('skips an agent that takes an OpenCode name, with a warning', () => {
    const { result, agents } = agentConfig([{ name: 'build', instructions: 'hijack' }, { name: 'title' }]);
    expect(agents).not.toHaveProperty('build');
    expect(agents).not.toHaveProperty('title');
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_AGENT_NAME_RESERVED', 'OPENCODE_CONFIG_AGENT_NAME_RESERVED']);
    expect(result.warnings[0]?.pointer).toBe('/agents/0/name');
  });
});

describe('configured agents: permissions', () => {
  it('start from deny-all and get only what they are granted', () => {
    const { agents } = agentConfig([{ name: 'timekeeper', toolIds: ['clock'] }], ALL_ALLOWED);
    const permission = permissionOf(agents['timekeeper']);
    expect(Object.keys(permission)[0]).toBe('*');
    expect(permission['*']).toBe('deny');
    expect(evaluate(permission, 'clock_now')).toBe('allow');
    expect(evaluate(permission, 'jira_search')).toBe('deny');
    expect(evaluate(permission, 'read')).toBe('deny');
    expect(evaluate(permission, 'bash')).toBe('deny');
    expect(evaluate(permission, 'edit')).toBe('deny');
    expect(evaluate(permission, 'task')).toBe('deny');
  });

  it('keep the web at the user level and the loop guard and outside paths on ask', () => {
    const { agents } = agentConfig([{ name: 'a' }], { permissions: { web: 'allow' }, webSearch: false });
    const permission = permissionOf(agents['a']);
    expect(permission).toMatchObject({ doom_loop: 'ask', external_directory: 'ask', webfetch: 'allow', codesearch: 'allow', websearch: 'deny' });
  });

  it('grant a catalog tool: listed patterns ask, allow/ask lists refine them', () => {
    const { agents } = agentConfig([{ name: 'a', toolIds: ['jira'] }]);
    const permission = permissionOf(agents['a']);
    expect(evaluate(permission, 'jira_search')).toBe('ask');
    expect(evaluate(permission, 'jira_delete_issue')).toBe('ask');
    expect(Object.keys(permission).indexOf('jira_*')).toBeLessThan(Object.keys(permission).indexOf('jira_delete_*'));
  });

  it("use the owning MCP's permissionMode for tools the catalog does not rate", () => {
    const mcps: OpenCoworkConfig['mcps'] = [
      { name: 'wiki', type: 'local', command: ['wiki'], permissionMode: 'allow' },
      { name: 'jira', type: 'local', command: ['jira'], permissionMode: 'allow' },
    ];
    const { agents } = agentConfig([{ name: 'a', toolIds: ['wiki', 'jira'] }], {}, { mcps });
    const permission = permissionOf(agents['a']);
    expect(evaluate(permission, 'wiki_page')).toBe('allow');
    expect(evaluate(permission, 'jira_search')).toBe('allow');
    // The catalog's explicit ask is the more specific statement.
    expect(evaluate(permission, 'jira_delete_issue')).toBe('ask');
  });

  it('apply allowTools, askTools and then denyTools, so deny wins', () => {
    const { agents } = agentConfig([
      { name: 'a', toolIds: ['clock'], allowTools: ['wiki_*'], askTools: ['clock_set'], denyTools: ['clock_*', 'wiki_delete'] },
    ]);
    const permission = permissionOf(agents['a']);
    expect(evaluate(permission, 'wiki_page')).toBe('allow');
    expect(evaluate(permission, 'wiki_delete')).toBe('deny');
    expect(evaluate(permission, 'clock_now')).toBe('deny');
    expect(evaluate(permission, 'clock_set')).toBe('deny');
  });

  it('clamp bash and edit to the user level even when the catalog or the agent says allow', () => {
    const { agents } = agentConfig(
      [{ name: 'a', toolIds: ['bash', 'files'], allowTools: ['bash', 'write'] }],
      { permissions: { bash: 'ask', fileWrite: 'off' } },
    );
    const permission = permissionOf(agents['a']);
    expect(permission).toMatchObject({ bash: 'ask', edit: 'deny' });
    expect(evaluate(permission, 'bash')).toBe('ask');
    expect(evaluate(permission, 'edit')).toBe('deny');
  });

  it("give granted capability tools the user's level rather than the catalog's ask", () => {
    const { agents } = agentConfig([{ name: 'a', toolIds: ['bash', 'files'] }], ALL_ALLOWED);
    expect(permissionOf(agents['a'])).toMatchObject({ bash: 'allow', edit: 'allow' });
  });

  it("honour the agent's own askTools and denyTools on capability tools", () => {
    const { agents } = agentConfig(
      [
        { name: 'careful', toolIds: ['bash'], askTools: ['bash'] },
        { name: 'offline', denyTools: ['webfetch', 'websearch'] },
      ],
      ALL_ALLOWED,
    );
    expect(permissionOf(agents['careful'])['bash']).toBe('ask');
    expect(permissionOf(agents['offline'])).toMatchObject({ webfetch: 'deny', websearch: 'deny', codesearch: 'allow' });
  });

  it('clamp wildcards too: allowTools ["*"] cannot exceed the user level', () => {
    const { agents } = agentConfig([{ name: 'greedy', allowTools: ['*'] }], { permissions: { bash: 'off', task: 'ask' } });
    const permission = permissionOf(agents['greedy']);
    expect(evaluate(permission, 'bash')).toBe('deny');
    expect(evaluate(permission, 'task')).toBe('ask');
    expect(evaluate(permission, 'clock_now')).toBe('allow');
  });

  it("keep OpenCode's .env guard when read is granted", () => {
    const { agents } = agentConfig([{ name: 'a', toolIds: ['files'] }]);
    expect(permissionOf(agents['a'])['read']).toEqual({ '*': 'allow', '*.env': 'ask', '*.env.*': 'ask', '*.env.example': 'allow' });
  });

  it('limit skills to skillNames, and load none without them', () => {
    const skills = { skills: [{ name: 'research-brief' }, { name: 'notes' }] };
    const { agents } = agentConfig([{ name: 'a', skillNames: ['research-brief', 'notes'] }, { name: 'b' }], {}, skills);
    expect(permissionOf(agents['a'])['skill']).toEqual({ '*': 'deny', 'research-brief': 'allow', notes: 'allow' });
    expect(evaluate(permissionOf(agents['b']), 'skill')).toBe('deny');
  });

  it('grant no skill the config does not have, with a warning', () => {
    const { result, agents } = agentConfig([{ name: 'a', skillNames: ['nope', 'notes'] }], {}, { skills: [{ name: 'notes' }] });
    const unknown = result.warnings.filter((warning) => warning.code === 'OPENCODE_CONFIG_SKILL_UNKNOWN');
    expect(unknown.map((warning) => warning.pointer)).toEqual(['/agents/0/skillNames/0']);
    expect(permissionOf(agents['a'])['skill']).toEqual({ '*': 'deny', notes: 'allow' });
  });

  it('grant nothing for an unknown tool id, with a warning', () => {
    const { result, agents } = agentConfig([{ name: 'a', toolIds: ['nope', 'clock'] }]);
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_TOOL_UNKNOWN']);
    expect(result.warnings[0]?.pointer).toBe('/agents/0/toolIds/0');
    expect(evaluate(permissionOf(agents['a']), 'clock_now')).toBe('allow');
  });

  it('translate write and patch patterns to the edit permission', () => {
    const { agents } = agentConfig([{ name: 'a', denyTools: ['write'] }], ALL_ALLOWED);
    const permission = permissionOf(agents['a']);
    expect(permission).not.toHaveProperty('write');
    expect(permission['edit']).toBe('deny');
  });
});

describe('built-in agents', () => {
  it('pass inference overrides for build, plan, general and explore', () => {
    const { agents } = agentConfig([], {}, {
      builtInAgents: {
        build: { model: 'openrouter/x/y', variant: 'max', temperature: 0.1, top_p: 0.5, steps: 100, options: { a: 1 } },
        general: { steps: 50 },
      },
    });
    expect(agents['build']).toEqual({ model: 'openrouter/x/y', variant: 'max', temperature: 0.1, top_p: 0.5, steps: 100, options: { a: 1 } });
    expect(agents['general']).toEqual({ steps: 50 });
  });

  it('turn disable: true into a bare disable, whatever else is set', () => {
    const { agents } = agentConfig([], {}, { builtInAgents: { general: { disable: true, steps: 9 }, plan: { disable: true } } });
    expect(agents['general']).toEqual({ disable: true });
    expect(agents['plan']).toEqual({ disable: true });
  });

  it('leave build and general out when nothing is overridden', () => {
    const { agents } = agentConfig([]);
    expect(Object.keys(agents)).toEqual(['plan', 'explore']);
  });

  it('keep plan read-only: no edits, shell at most ask, no delegation to general or to writers', () => {
    const { agents } = agentConfig(
      [
        { name: 'reader', toolIds: ['clock'] },
        { name: 'coder', toolIds: ['files'] },
        { name: 'shell', allowTools: ['bash'] },
        { name: 'mystery', toolIds: ['jira'], askTools: ['jira_delete_*'] },
      ],
      ALL_ALLOWED,
    );
    expect(permissionOf(agents['plan'])).toEqual({
      edit: 'deny',
      bash: 'ask',
      task: { '*': 'allow', general: 'deny', coder: 'deny', shell: 'deny', mystery: 'deny' },
    });
  });

  it('treat a tool without writeAccess as write-capable for plan', () => {
    const { agents } = agentConfig([{ name: 'unknown', toolIds: ['clock'] }], ALL_ALLOWED, {
      tools: [{ id: 'clock', name: 'Clock', patterns: ['clock_*'] }],
    });
    expect(permissionOf(agents['plan'])['task']).toEqual({ '*': 'allow', general: 'deny', unknown: 'deny' });
  });

  it('deny plan all delegation when the user turns tasks off', () => {
    const { agents } = agentConfig([], { permissions: { task: 'off', bash: 'off' } });
    expect(permissionOf(agents['plan'])).toEqual({ edit: 'deny', bash: 'deny', task: 'deny' });
  });

  it('keep explore read-only and not delegating', () => {
    const { agents } = agentConfig([], ALL_ALLOWED, { builtInAgents: { explore: { steps: 30 } } });
    expect(agents['explore']).toEqual({ steps: 30, permission: { edit: 'deny', bash: 'ask', task: 'deny' } });
  });
});
