import { describe, expect, it } from 'vitest';
import type { OpenCoworkConfig } from '@open-cowork/config';
import type { PermissionChoice, RuntimeSettings } from '../../src/settings.js';
import { choiceLevel, resolveCapabilities } from '../../src/opencode-config/index.js';
import type { Level } from '../../src/opencode-config/rules.js';
import { build, makeConfig } from './helpers.js';

const LEVELS: readonly Level[] = ['allow', 'ask', 'deny'];
const CHOICES: readonly (PermissionChoice | undefined)[] = ['allow', 'ask', 'off', undefined];

function caps(permissions: OpenCoworkConfig['permissions'], settings: RuntimeSettings = {}) {
  return resolveCapabilities(makeConfig({ permissions }), settings);
}

describe('choiceLevel', () => {
  it('maps Off/Ask/Allow and treats unset (a fresh profile) as Ask', () => {
    expect(choiceLevel('off')).toBe('deny');
    expect(choiceLevel('ask')).toBe('ask');
    expect(choiceLevel('allow')).toBe('allow');
    expect(choiceLevel(undefined)).toBe('ask');
  });

  it('treats a value it does not know as Ask', () => {
    expect(choiceLevel('sometimes' as PermissionChoice)).toBe('ask');
  });
});

describe('capabilities: the config ceiling clamps the user choice', () => {
  const expected = (ceiling: Level, choice: PermissionChoice | undefined): Level => {
    const user = choice === 'off' ? 'deny' : (choice ?? 'ask');
    const rank = { allow: 0, ask: 1, deny: 2 } as const;
    return rank[ceiling] >= rank[user] ? ceiling : user;
  };

  for (const ceiling of LEVELS) {
    for (const choice of CHOICES) {
      it(`ceiling ${ceiling}, choice ${choice ?? 'unset'} → ${expected(ceiling, choice)}`, () => {
        const c = caps(
          { bash: ceiling, fileWrite: ceiling, task: ceiling, web: ceiling },
          { permissions: choice === undefined ? {} : { bash: choice, fileWrite: choice, task: choice, web: choice } },
        );
        const level = expected(ceiling, choice);
        expect(c.levels.bash).toBe(level);
        expect(c.levels.edit).toBe(level);
        expect(c.levels.task).toBe(level);
        expect(c.levels.webfetch).toBe(level);
        expect(c.levels.codesearch).toBe(level);
      });
    }
  }

  it('reads each capability separately (fileWrite → edit, web → webfetch and codesearch)', () => {
    const c = caps(
      { bash: 'allow', fileWrite: 'ask', task: 'deny', web: 'allow' },
      { permissions: { bash: 'allow', fileWrite: 'allow', task: 'allow', web: 'off' } },
    );
    expect(c.levels).toEqual({ bash: 'allow', edit: 'ask', task: 'deny', webfetch: 'deny', codesearch: 'deny', websearch: 'deny' });
  });

  it('uses allow as the ceiling when the config has no permissions section', () => {
    expect(caps(undefined, { permissions: { bash: 'allow' } }).levels.bash).toBe('allow');
  });
});

describe('websearch and Exa', () => {
  it('follows the web level and turns Exa on when config and user both allow it', () => {
    const c = caps({ web: 'allow', webSearch: true }, { permissions: { web: 'allow' } });
    expect(c.levels.websearch).toBe('allow');
    expect(c.webSearch).toBe(true);
    expect(build(makeConfig({ permissions: { webSearch: true } }), { permissions: { web: 'ask' } }).env).toEqual({
      OPENCODE_ENABLE_EXA: '1',
    });
  });

  it('is on by default: config webSearch unset and the user never touched it', () => {
    const c = caps({}, {});
    expect(c.webSearch).toBe(true);
    expect(c.levels.websearch).toBe('ask');
  });

  for (const [label, permissions, settings] of [
    ['the config disables it', { webSearch: false }, {}],
    ['the user turns it off', { webSearch: true }, { webSearch: false }],
    ['the config denies web', { web: 'deny', webSearch: true }, {}],
    ['the user turns web off', { webSearch: true }, { permissions: { web: 'off' } }],
  ] as const) {
    it(`is denied, with no Exa variable, when ${label}`, () => {
      const result = build(makeConfig({ permissions }), settings);
      expect(result.config.permission).toMatchObject({ websearch: 'deny' });
      expect(result.env).toEqual({});
    });
  }
});

describe('global permission', () => {
  it('writes the capabilities last, in a fixed order', () => {
    const result = build(makeConfig({ permissions: { bash: 'ask' } }), { permissions: { bash: 'allow', fileWrite: 'off' } });
    const permission = result.config.permission as Record<string, unknown>;
    expect(Object.keys(permission).slice(-6)).toEqual(['bash', 'edit', 'task', 'webfetch', 'codesearch', 'websearch']);
    expect(permission).toMatchObject({ bash: 'ask', edit: 'deny', task: 'ask', webfetch: 'ask', codesearch: 'ask' });
  });

  it('puts MCP trust first, then the catalog, so a catalog pattern refines a server', () => {
    const result = build(
      makeConfig({
        mcps: [{ name: 'jira', type: 'local', command: ['jira-mcp'], permissionMode: 'allow' }],
        tools: [{ id: 'jira', name: 'Jira', patterns: ['jira_*'], askPatterns: ['jira_delete_*'] }],
      }),
    );
    const permission = result.config.permission as Record<string, unknown>;
    expect(Object.keys(permission).slice(0, 2)).toEqual(['jira_*', 'jira_delete_*']);
    expect(permission).toMatchObject({ 'jira_*': 'allow', 'jira_delete_*': 'ask' });
  });

  it('lets the capabilities override what the catalog says about bash and file edits', () => {
    const result = build(
      makeConfig({
        tools: [
          { id: 'bash', name: 'Shell', patterns: ['bash'], askPatterns: ['bash'] },
          { id: 'files', name: 'Files', patterns: ['write'], allowPatterns: ['write'] },
        ],
      }),
      { permissions: { bash: 'allow', fileWrite: 'ask' } },
    );
    expect(result.config.permission).toMatchObject({ bash: 'allow', edit: 'ask' });
    expect(result.config.permission).not.toHaveProperty('write');
  });

  it("leaves OpenCode's own defaults for its native tools alone (no global read: allow)", () => {
    const result = build(
      makeConfig({ tools: [{ id: 'files', name: 'Files', allowPatterns: ['read', 'glob'], askPatterns: ['grep'] }] }),
    );
    const permission = result.config.permission as Record<string, unknown>;
    expect(permission).not.toHaveProperty('read');
    expect(permission).not.toHaveProperty('glob');
    expect(permission['grep']).toBe('ask');
  });
});
