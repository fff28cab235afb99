import { describe, expect, it } from 'vitest';
import { GUARDED_READ, permissionKey, RuleList, stricter, wildcardMatch } from '../../src/opencode-config/rules.js';

describe('stricter', () => {
  it('orders deny over ask over allow, whichever side it is on', () => {
    expect(stricter('allow', 'ask')).toBe('ask');
    expect(stricter('ask', 'allow')).toBe('ask');
    expect(stricter('deny', 'allow')).toBe('deny');
    expect(stricter('ask', 'deny')).toBe('deny');
    expect(stricter('allow', 'allow')).toBe('allow');
  });
});

describe('RuleList', () => {
  it('keeps keys in the order they were set', () => {
    const rules = new RuleList().set('*', 'deny').set('read', 'allow').set('bash', 'ask');
    expect(Object.keys(rules.toObject())).toEqual(['*', 'read', 'bash']);
  });

  it('moves a key set again to the end, because the later rule is the one that wins', () => {
    const rules = new RuleList().set('clock_*', 'allow').set('*', 'deny').set('clock_*', 'ask');
    expect(rules.toObject()).toEqual({ '*': 'deny', 'clock_*': 'ask' });
    expect(Object.keys(rules.toObject())).toEqual(['*', 'clock_*']);
  });

  it('evaluates like OpenCode: the last matching rule wins, wildcards included', () => {
    const rules = new RuleList().set('*', 'deny').set('clock_*', 'allow').set('bash', 'ask');
    expect(rules.evaluate('clock_now')).toBe('allow');
    expect(rules.evaluate('bash')).toBe('ask');
    expect(rules.evaluate('edit')).toBe('deny');
    rules.set('c*', 'deny');
    expect(rules.evaluate('clock_now')).toBe('deny');
  });

  it('evaluates an argument-pattern rule by its "*" pattern, and skips one without it', () => {
    const rules = new RuleList().set('skill', 'allow').set('skill', { '*': 'deny', alpha: 'allow' });
    expect(rules.evaluate('skill')).toBe('deny');
    const partial = new RuleList().set('*', 'ask').set('bash', { 'git *': 'allow' });
    expect(partial.evaluate('bash')).toBe('ask');
  });

  it('returns undefined when nothing matches', () => {
    expect(new RuleList().set('read', 'allow').evaluate('bash')).toBeUndefined();
  });

  it('appends another list with the same move-to-end rule', () => {
    const base = new RuleList().set('a', 'allow').set('b', 'allow');
    base.append(new RuleList().set('a', 'deny'));
    expect(base.toObject()).toEqual({ b: 'allow', a: 'deny' });
  });
});

describe('wildcardMatch', () => {
  it('treats * as any run and ? as one character, everything else literally', () => {
    expect(wildcardMatch('charts_render', 'charts_*')).toBe(true);
    expect(wildcardMatch('charts', 'charts_*')).toBe(false);
    expect(wildcardMatch('a.b', 'a?b')).toBe(true);
    expect(wildcardMatch('axb', 'a.b')).toBe(false);
    expect(wildcardMatch('mcp__jira__list', 'mcp__jira__*')).toBe(true);
    expect(wildcardMatch('anything', '*')).toBe(true);
  });

  it('lets a trailing " *" also match the bare command', () => {
    expect(wildcardMatch('git', 'git *')).toBe(true);
    expect(wildcardMatch('git status', 'git *')).toBe(true);
    expect(wildcardMatch('gitk', 'git *')).toBe(false);
  });
});

describe('permissionKey', () => {
  it('maps every file-changing tool to the one edit permission', () => {
    for (const tool of ['edit', 'write', 'patch', 'apply_patch', 'multiedit']) expect(permissionKey(tool)).toBe('edit');
  });

  it('keeps other tool names, MCP tools included, as they are', () => {
    for (const tool of ['read', 'bash', 'webfetch', 'clock_*', 'jira_create_issue']) expect(permissionKey(tool)).toBe(tool);
  });
});

describe('GUARDED_READ', () => {
  it('allows reading but still asks for files that usually hold secrets', () => {
    expect(new RuleList().set('read', GUARDED_READ).evaluate('read')).toBe('allow');
    expect(GUARDED_READ['*.env']).toBe('ask');
    expect(GUARDED_READ['*.env.example']).toBe('allow');
  });
});
