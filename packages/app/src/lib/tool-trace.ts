// Groups tool calls into trace summaries ("3 file reads, 1 command") by the config's
// toolTrace rules. Rules are tried in order, the config's additional rules before the
// built-in ones; the first match names the call; a call no rule matches is a "tool call".
// A rule matches when any of its matchers does; a matcher matches when every field it
// lists does (exact: equal to one; prefixes: starts with one; contains: contains one).

import type { MessageKey } from '../i18n/en.js';

export interface ToolTraceMatcher {
  readonly exact?: readonly string[];
  readonly prefixes?: readonly string[];
  readonly contains?: readonly string[];
}

export interface ToolTraceRule {
  readonly id: string;
  readonly label: string;
  readonly pluralLabel?: string;
  readonly match: readonly ToolTraceMatcher[];
}

/** A built-in rule: its labels come from the message catalog, so they can be translated. */
export interface BuiltInTraceRule {
  readonly id: string;
  readonly labelKey: MessageKey;
  readonly pluralKey: MessageKey;
  readonly match: readonly ToolTraceMatcher[];
}

const rule = (id: string, key: string, match: ToolTraceMatcher[]): BuiltInTraceRule => ({
  id,
  labelKey: `trace.rule.${key}` as MessageKey,
  pluralKey: `trace.rule.${key}.plural` as MessageKey,
  match,
});

/** OpenCode's own tools and the bundled MCP servers' namespaces. */
export const BUILT_IN_TRACE_RULES: readonly BuiltInTraceRule[] = [
  rule('read', 'read', [{ exact: ['read'] }]),
  rule('edit', 'edit', [{ exact: ['edit', 'write', 'patch', 'multiedit', 'apply_patch'] }]),
  rule('search', 'search', [{ exact: ['grep', 'glob', 'list', 'ls', 'codesearch', 'websearch'] }]),
  rule('command', 'command', [{ exact: ['bash', 'shell'] }]),
  rule('web', 'web', [{ exact: ['webfetch', 'fetch'] }]),
  rule('task', 'task', [{ exact: ['task'] }]),
  rule('todo', 'todo', [{ exact: ['todowrite', 'todoread'] }]),
  rule('skill', 'skill', [{ exact: ['skill'] }, { prefixes: ['skills_'] }]),
  rule('question', 'question', [{ exact: ['question'] }]),
  rule('chart', 'chart', [{ prefixes: ['charts_'] }]),
  rule('knowledge', 'knowledge', [{ prefixes: ['knowledge_'] }]),
  rule('clock', 'clock', [{ prefixes: ['clock_'] }]),
  rule('workflow', 'workflow', [{ prefixes: ['workflows_'] }]),
  rule('agent-tool', 'agentTool', [{ prefixes: ['agents_'] }]),
];

export function matcherMatches(matcher: ToolTraceMatcher, tool: string): boolean {
  const checks: boolean[] = [];
  if (matcher.exact !== undefined) checks.push(matcher.exact.includes(tool));
  if (matcher.prefixes !== undefined) checks.push(matcher.prefixes.some((p) => tool.startsWith(p)));
  if (matcher.contains !== undefined) checks.push(matcher.contains.some((c) => tool.includes(c)));
  // A matcher with no field matches nothing (the schema requires at least one).
  return checks.length > 0 && checks.every(Boolean);
}

export function ruleMatches(r: { readonly match: readonly ToolTraceMatcher[] }, tool: string): boolean {
  return r.match.some((m) => matcherMatches(m, tool));
}

export interface TraceCategory {
  /** The matching rule's id, or "" for calls no rule matched. */
  readonly id: string;
  readonly label: string;
  readonly pluralLabel: string;
}

export interface TraceLabels {
  t(key: MessageKey): string;
}

/** Classifies tool names; build one per rule set and reuse it (it caches by tool name). */
export function createTraceClassifier(additional: readonly ToolTraceRule[], labels: TraceLabels): (tool: string) => TraceCategory {
  const cache = new Map<string, TraceCategory>();
  const fallback: TraceCategory = { id: '', label: labels.t('trace.toolCall'), pluralLabel: labels.t('trace.toolCalls') };
  return (tool) => {
    const hit = cache.get(tool);
    if (hit) return hit;
    let category = fallback;
    const custom = additional.find((r) => ruleMatches(r, tool));
    if (custom) category = { id: custom.id, label: custom.label, pluralLabel: custom.pluralLabel ?? custom.label };
    else {
      const builtIn = BUILT_IN_TRACE_RULES.find((r) => ruleMatches(r, tool));
      if (builtIn) category = { id: builtIn.id, label: labels.t(builtIn.labelKey), pluralLabel: labels.t(builtIn.pluralKey) };
    }
    cache.set(tool, category);
    return category;
  };
}

export interface TraceGroupCount {
  readonly category: TraceCategory;
  readonly count: number;
}

/** Counts calls per category, in order of first appearance. */
export function summarizeTrace(tools: readonly string[], classify: (tool: string) => TraceCategory): TraceGroupCount[] {
  const counts = new Map<string, { category: TraceCategory; count: number }>();
  for (const tool of tools) {
    const category = classify(tool);
    const key = `${category.id}\u0000${category.label}`;
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { category, count: 1 });
  }
  return [...counts.values()];
}

/** "3 file reads, 1 command" (numbers formatted for the locale). */
export function formatTraceSummary(groups: readonly TraceGroupCount[], formatNumber: (n: number) => string, separator = ', '): string {
  return groups.map((g) => `${formatNumber(g.count)} ${g.count === 1 ? g.category.label : g.category.pluralLabel}`).join(separator);
}

/**
 * The config's additional rules, from whatever the host sent. Checked here because the
 * value crosses a boundary: malformed rules are dropped, not trusted.
 */
export function parseTraceRules(value: unknown): ToolTraceRule[] {
  if (!Array.isArray(value)) return [];
  const rules: ToolTraceRule[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, label, pluralLabel, match } = item as Record<string, unknown>;
    if (typeof id !== 'string' || typeof label !== 'string' || label === '' || !Array.isArray(match)) continue;
    const matchers = match.map(parseMatcher).filter((m): m is ToolTraceMatcher => m !== undefined);
    if (matchers.length === 0) continue;
    rules.push({ id, label, ...(typeof pluralLabel === 'string' && pluralLabel !== '' ? { pluralLabel } : {}), match: matchers });
  }
  return rules;
}

function parseMatcher(value: unknown): ToolTraceMatcher | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const out: { exact?: string[]; prefixes?: string[]; contains?: string[] } = {};
  for (const field of ['exact', 'prefixes', 'contains'] as const) {
    const list = (value as Record<string, unknown>)[field];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string' && s !== '')) return undefined;
    out[field] = list as string[];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `toolTrace.additionalRules` of an app info, when the host sends them (checked, never trusted). */
/**
 * Rules for the user's own MCP servers that set a chat label ("Label in chat"): they come
 * first, as the seed says they are scoped like the server itself and override generic buckets.
 */
export function customMcpTraceRules(mcps: readonly { readonly name: string; readonly custom?: { readonly traceLabel?: string } }[]): ToolTraceRule[] {
  return mcps.flatMap((mcp) => {
    const label = mcp.custom?.traceLabel;
    if (label === undefined || label === '') return [];
    return [{ id: `mcp-${mcp.name}`, label, match: [{ prefixes: [`${mcp.name.replace(/[^a-zA-Z0-9_-]/g, '_')}_`] }] }];
  });
}

export function traceRulesOf(info: unknown): ToolTraceRule[] {
  if (typeof info !== 'object' || info === null) return [];
  const toolTrace: unknown = (info as Record<string, unknown>)['toolTrace'];
  if (typeof toolTrace !== 'object' || toolTrace === null) return [];
  return parseTraceRules((toolTrace as Record<string, unknown>)['additionalRules']);
}
