import { describe, expect, it } from 'vitest';
import { EN, type MessageKey } from '../src/i18n/en.js';
import {
  createTraceClassifier,
  customMcpTraceRules,
  formatTraceSummary,
  matcherMatches,
  parseTraceRules,
  summarizeTrace,
  traceRulesOf,
  type ToolTraceRule,
} from '../src/lib/tool-trace.js';

const labels = { t: (key: MessageKey) => EN[key] };

describe('toolTrace matching', () => {
  it('exact, prefixes and contains each match on their own', () => {
    expect(matcherMatches({ exact: ['bash'] }, 'bash')).toBe(true);
    expect(matcherMatches({ exact: ['bash'] }, 'bash2')).toBe(false);
    expect(matcherMatches({ prefixes: ['mcp__jira__'] }, 'mcp__jira__create')).toBe(true);
    expect(matcherMatches({ prefixes: ['mcp__jira__'] }, 'xmcp__jira__create')).toBe(false);
    expect(matcherMatches({ contains: ['ticket'] }, 'jira_ticket_create')).toBe(true);
    expect(matcherMatches({ contains: ['ticket'] }, 'jira_issue')).toBe(false);
  });

  it('needs every field a matcher lists to match', () => {
    const matcher = { prefixes: ['jira_'], contains: ['create'] };
    expect(matcherMatches(matcher, 'jira_create_issue')).toBe(true);
    expect(matcherMatches(matcher, 'jira_search')).toBe(false);
    expect(matcherMatches(matcher, 'linear_create')).toBe(false);
    expect(matcherMatches({}, 'anything')).toBe(false);
  });

  it('applies a rule when any one of its matchers matches', () => {
    const classify = createTraceClassifier(
      [{ id: 'tickets', label: 'ticket action', pluralLabel: 'ticket actions', match: [{ exact: ['jira'] }, { prefixes: ['linear_'] }] }],
      labels,
    );
    expect(classify('jira').id).toBe('tickets');
    expect(classify('linear_update').id).toBe('tickets');
    expect(classify('asana').id).toBe('');
  });

  it('tries additional rules before the built-in ones, first match wins', () => {
    const rules: ToolTraceRule[] = [
      { id: 'shell-audit', label: 'audited command', match: [{ exact: ['bash'] }] },
      { id: 'later', label: 'never', match: [{ exact: ['bash'] }] },
    ];
    const classify = createTraceClassifier(rules, labels);
    expect(classify('bash')).toEqual({ id: 'shell-audit', label: 'audited command', pluralLabel: 'audited command' });
    expect(classify('read')).toEqual({ id: 'read', label: 'file read', pluralLabel: 'file reads' });
    expect(classify('charts_bar').id).toBe('chart');
  });

  it('calls an unmatched tool a "tool call"', () => {
    const classify = createTraceClassifier([], labels);
    expect(classify('mystery_tool')).toEqual({ id: '', label: 'tool call', pluralLabel: 'tool calls' });
  });

  it('summarizes calls per category in order of first appearance', () => {
    const classify = createTraceClassifier([{ id: 'acme-wiki', label: 'wiki lookup', pluralLabel: 'wiki lookups', match: [{ prefixes: ['acme-wiki_'] }] }], labels);
    const groups = summarizeTrace(['read', 'acme-wiki_search', 'read', 'bash', 'acme-wiki_page', 'zzz', 'read'], classify);
    expect(formatTraceSummary(groups, String)).toBe('3 file reads, 2 wiki lookups, 1 command, 1 tool call');
  });

  it('keeps only well-formed rules from the host', () => {
    const rules = parseTraceRules([
      { id: 'ok', label: 'ok', match: [{ prefixes: ['a_'] }] },
      { id: 'no-match', label: 'x', match: [] },
      { id: 'bad-matcher', label: 'x', match: [{ exact: 'bash' }] },
      { id: 'empty-list', label: 'x', match: [{ exact: [] }] },
      { label: 'no id', match: [{ exact: ['a'] }] },
      'nonsense',
    ]);
    expect(rules.map((r) => r.id)).toEqual(['ok']);
    expect(parseTraceRules(undefined)).toEqual([]);
    expect(traceRulesOf({ toolTrace: { additionalRules: [{ id: 'w', label: 'wiki', match: [{ contains: ['wiki'] }] }] } })).toHaveLength(1);
    expect(traceRulesOf({ name: 'x' })).toEqual([]);
  });
});

describe('custom MCP servers\' chat labels', () => {
  it('name their calls ahead of the other rules; servers without a label fall back', () => {
    const rules = customMcpTraceRules([{ name: 'tickets', custom: { traceLabel: 'ticket action' } }, { name: 'notes', custom: {} }, { name: 'clock' }]);
    expect(rules).toEqual([{ id: 'mcp-tickets', label: 'ticket action', match: [{ prefixes: ['tickets_'] }] }]);
    const classify = createTraceClassifier([...rules, { id: 'catch-all', label: 'other', match: [{ prefixes: ['tickets_', 'notes_'] }] }], labels);
    expect(classify('tickets_create').label).toBe('ticket action');
    expect(classify('notes_add').label).toBe('other');
  });
});
