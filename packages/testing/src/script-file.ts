// The JSON script format of the `scripted-model` CLI, and its validation. Every problem is
// reported (not just the first) with a JSON pointer and the rule it belongs to.
//
// {
//   "models": ["scripted-1"],            optional, ids for GET /v1/models
//   "paceMs": 20,                         optional, ms between streamed chunks
//   "rules": [{
//     "name": "look it up",               optional
//     "match": {                          optional; every given condition must hold
//       "lastUser": "weather" | { "regex": "^hi", "flags": "i" },
//       "hasToolResults": false,
//       "step": 0
//     },
//     "times": 1,                         optional, apply at most n times
//     "reply": { "text": "…", "paceMs": 10 }
//           | { "toolCalls": [{ "name": "bash", "arguments": { "command": "ls" }, "id": "call_1" }], "text": "…" }
//           | { "fault": { "type": "server-error" | "bad-request" | "rate-limit" | "cut" | "stall", … } }
//   }]
// }
//
// Text replies may use {{lastUser}} and {{toolResults}} (the tool outputs joined by newlines).

import { readFile } from 'node:fs/promises';
import { CodedError } from '@open-cowork/contracts';
import type { Conversation } from './conversation.js';
import { FAULT_TYPES, type Fault, type Reply, type RuleMatch, type ScriptRule, type ToolCallSpec } from './script.js';

export interface ScriptFile {
  readonly rules: readonly ScriptRule[];
  readonly models?: readonly string[];
  readonly paceMs?: number;
}

export interface ScriptIssue {
  /** JSON pointer into the script, e.g. `/rules/2/reply/fault/type`. */
  readonly pointer: string;
  /** Which rule, e.g. `rule 3 "weather"`, when the problem is inside one. */
  readonly rule?: string;
  readonly message: string;
}

export type ScriptParseResult =
  | { readonly ok: true; readonly script: ScriptFile }
  | { readonly ok: false; readonly issues: readonly ScriptIssue[] };

export const SCRIPT_INVALID = 'SCRIPTED_MODEL_SCRIPT_INVALID';
export const SCRIPT_UNREADABLE = 'SCRIPTED_MODEL_SCRIPT_UNREADABLE';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown, min: number): value is number => Number.isInteger(value) && (value as number) >= min;

/** Collects issues; `forRule` gives a view that labels what it adds with the rule. */
class Issues {
  constructor(
    readonly list: ScriptIssue[] = [],
    private readonly rule?: string,
  ) {}

  add(pointer: string, message: string): void {
    this.list.push(this.rule === undefined ? { pointer, message } : { pointer, rule: this.rule, message });
  }

  forRule(label: string): Issues {
    return new Issues(this.list, label);
  }

  /** Reports keys outside `allowed`; catches typos such as "lastuser". */
  onlyKeys(value: Json, pointer: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add(`${pointer}/${key}`, `unknown field "${key}"; expected one of ${allowed.map((k) => `"${k}"`).join(', ')}`);
    }
  }
}

export function parseScript(input: unknown): ScriptParseResult {
  const issues = new Issues();
  if (!isObject(input)) {
    issues.add('', 'a script must be a JSON object with a "rules" array');
    return { ok: false, issues: issues.list };
  }
  issues.onlyKeys(input, '', ['rules', 'models', 'paceMs', '$schema']);
  const models = input['models'];
  if (models !== undefined && (!Array.isArray(models) || models.length === 0 || !models.every((id) => typeof id === 'string' && id !== ''))) {
    issues.add('/models', 'must be a non-empty array of non-empty strings');
  }
  const paceMs = input['paceMs'];
  if (paceMs !== undefined && !isCount(paceMs, 0)) issues.add('/paceMs', 'must be an integer ≥ 0 (milliseconds)');
  const rawRules = input['rules'];
  const rules: ScriptRule[] = [];
  if (!Array.isArray(rawRules)) {
    issues.add('/rules', 'must be an array of rules');
  } else {
    for (const [index, raw] of rawRules.entries()) {
      const name = isObject(raw) && typeof raw['name'] === 'string' ? ` "${raw['name']}"` : '';
      const rule = parseRule(raw, `/rules/${index}`, issues.forRule(`rule ${index + 1}${name}`));
      if (rule) rules.push(rule);
    }
  }
  if (issues.list.length > 0) return { ok: false, issues: issues.list };
  const script: ScriptFile = {
    rules,
    ...(models === undefined ? {} : { models: models as string[] }),
    ...(paceMs === undefined ? {} : { paceMs: paceMs as number }),
  };
  return { ok: true, script };
}

function parseRule(raw: unknown, at: string, issues: Issues): ScriptRule | undefined {
  if (!isObject(raw)) {
    issues.add(at, 'must be an object with a "reply"');
    return undefined;
  }
  const before = issues.list.length;
  issues.onlyKeys(raw, at, ['name', 'match', 'times', 'reply']);
  const { name, times } = raw;
  if (name !== undefined && (typeof name !== 'string' || name === '')) issues.add(`${at}/name`, 'must be a non-empty string');
  if (times !== undefined && !isCount(times, 1)) issues.add(`${at}/times`, 'must be an integer ≥ 1');
  const match = raw['match'] === undefined ? undefined : parseMatch(raw['match'], `${at}/match`, issues);
  if (raw['reply'] === undefined) issues.add(`${at}/reply`, 'is required: { "text" }, { "toolCalls" } or { "fault" }');
  const reply = raw['reply'] === undefined ? undefined : parseReply(raw['reply'], `${at}/reply`, issues);
  if (issues.list.length > before || reply === undefined) return undefined;
  return {
    reply,
    ...(typeof name === 'string' ? { name } : {}),
    ...(match ? { match } : {}),
    ...(typeof times === 'number' ? { times } : {}),
  };
}

function parseMatch(raw: unknown, at: string, issues: Issues): RuleMatch | undefined {
  if (!isObject(raw)) {
    issues.add(at, 'must be an object with "lastUser", "hasToolResults" and/or "step"');
    return undefined;
  }
  issues.onlyKeys(raw, at, ['lastUser', 'hasToolResults', 'step']);
  const match: { lastUser?: string | RegExp; hasToolResults?: boolean; step?: number } = {};
  const { lastUser, hasToolResults, step } = raw;
  if (typeof lastUser === 'string') {
    match.lastUser = lastUser;
  } else if (isObject(lastUser)) {
    issues.onlyKeys(lastUser, `${at}/lastUser`, ['regex', 'flags']);
    const { regex, flags } = lastUser;
    if (typeof regex !== 'string') issues.add(`${at}/lastUser/regex`, 'must be a string (a JavaScript regular expression)');
    else if (flags !== undefined && typeof flags !== 'string') issues.add(`${at}/lastUser/flags`, 'must be a string such as "i"');
    else {
      try {
        match.lastUser = new RegExp(regex, flags);
      } catch (error) {
        issues.add(`${at}/lastUser/regex`, `is not a valid regular expression: ${(error as Error).message}`);
      }
    }
  } else if (lastUser !== undefined) {
    issues.add(`${at}/lastUser`, 'must be a string (contained in the last user message) or { "regex": "…", "flags": "i" }');
  }
  if (typeof hasToolResults === 'boolean') match.hasToolResults = hasToolResults;
  else if (hasToolResults !== undefined) issues.add(`${at}/hasToolResults`, 'must be true or false');
  if (isCount(step, 0)) match.step = step;
  else if (step !== undefined) issues.add(`${at}/step`, 'must be an integer ≥ 0 (assistant turns since the last user message)');
  return match;
}

function parseReply(raw: unknown, at: string, issues: Issues): Reply | ((conversation: Conversation) => Reply) | undefined {
  if (!isObject(raw)) {
    issues.add(at, 'must be an object with "text", "toolCalls" or "fault"');
    return undefined;
  }
  if (raw['fault'] !== undefined) {
    issues.onlyKeys(raw, at, ['fault']);
    const fault = parseFault(raw['fault'], `${at}/fault`, issues);
    return fault ? { fault } : undefined;
  }
  if (raw['text'] === undefined && raw['toolCalls'] === undefined) {
    issues.add(at, 'needs "text", "toolCalls" or "fault"');
    return undefined;
  }
  issues.onlyKeys(raw, at, ['text', 'toolCalls', 'paceMs']);
  const { text, toolCalls, paceMs } = raw;
  if (text !== undefined && typeof text !== 'string') issues.add(`${at}/text`, 'must be a string');
  if (paceMs !== undefined && !isCount(paceMs, 0)) issues.add(`${at}/paceMs`, 'must be an integer ≥ 0 (milliseconds)');
  const pace = typeof paceMs === 'number' ? { paceMs } : {};
  if (toolCalls === undefined) return typeof text === 'string' ? withTemplate({ text, ...pace }) : undefined;
  if (!Array.isArray(toolCalls) || toolCalls.length === 0) {
    issues.add(`${at}/toolCalls`, 'must be a non-empty array of { "name", "arguments" }');
    return undefined;
  }
  const calls = toolCalls.map((call, index) => parseToolCall(call, `${at}/toolCalls/${index}`, issues));
  if (calls.some((call) => call === undefined)) return undefined;
  return { toolCalls: calls as ToolCallSpec[], ...(typeof text === 'string' ? { text } : {}), ...pace };
}

function parseToolCall(raw: unknown, at: string, issues: Issues): ToolCallSpec | undefined {
  if (!isObject(raw)) {
    issues.add(at, 'must be an object with "name" and "arguments"');
    return undefined;
  }
  const before = issues.list.length;
  issues.onlyKeys(raw, at, ['name', 'arguments', 'id']);
  const { name, arguments: args, id } = raw;
  if (typeof name !== 'string' || name === '') issues.add(`${at}/name`, 'must be the tool name, a non-empty string');
  if (id !== undefined && (typeof id !== 'string' || id === '')) issues.add(`${at}/id`, 'must be a non-empty string');
  if (args !== undefined && !isObject(args) && typeof args !== 'string') {
    issues.add(`${at}/arguments`, 'must be an object (or a JSON string)');
  }
  if (issues.list.length > before) return undefined;
  return {
    name: name as string,
    ...(args === undefined ? {} : { arguments: args as Json | string }),
    ...(typeof id === 'string' ? { id } : {}),
  };
}

function parseFault(raw: unknown, at: string, issues: Issues): Fault | undefined {
  const types = FAULT_TYPES.map((type) => `"${type}"`).join(', ');
  if (!isObject(raw) || typeof raw['type'] !== 'string' || !(FAULT_TYPES as readonly string[]).includes(raw['type'])) {
    issues.add(isObject(raw) ? `${at}/type` : at, `must be one of ${types}`);
    return undefined;
  }
  const before = issues.list.length;
  const type = raw['type'] as Fault['type'];
  const fields: Record<Fault['type'], string[]> = {
    'server-error': ['message'],
    'bad-request': ['message'],
    'rate-limit': ['message', 'retryAfterSeconds'],
    cut: ['afterChunks', 'text'],
    stall: ['afterChunks', 'text'],
  };
  issues.onlyKeys(raw, at, ['type', ...fields[type]]);
  for (const key of ['message', 'text']) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') issues.add(`${at}/${key}`, 'must be a string');
  }
  if (raw['retryAfterSeconds'] !== undefined && !isCount(raw['retryAfterSeconds'], 0)) issues.add(`${at}/retryAfterSeconds`, 'must be an integer ≥ 0');
  if (raw['afterChunks'] !== undefined && !isCount(raw['afterChunks'], 0)) issues.add(`${at}/afterChunks`, 'must be an integer ≥ 0');
  return issues.list.length > before ? undefined : (raw as unknown as Fault);
}

/** Text with {{lastUser}} / {{toolResults}} becomes a reply function that fills them in. */
function withTemplate(reply: { text: string; paceMs?: number }): Reply | ((conversation: Conversation) => Reply) {
  if (!/\{\{\s*(lastUser|toolResults)\s*\}\}/.test(reply.text)) return reply;
  return (conversation) => ({
    ...reply,
    text: reply.text.replace(/\{\{\s*(lastUser|toolResults)\s*\}\}/g, (_, key: string) =>
      key === 'lastUser' ? conversation.lastUserText : conversation.toolResults.map((result) => result.content).join('\n'),
    ),
  });
}

export function formatIssue(issue: ScriptIssue): string {
  const where = issue.pointer === '' ? '(root)' : issue.pointer;
  return issue.rule === undefined ? `${where}: ${issue.message}` : `${where} (${issue.rule}): ${issue.message}`;
}

/** Reads and validates a script file; throws a CodedError whose data lists every issue. */
export async function loadScriptFile(file: string): Promise<ScriptFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CodedError(SCRIPT_UNREADABLE, `Cannot read script ${file}: ${(error as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CodedError(SCRIPT_INVALID, `Script ${file} is not valid JSON: ${(error as Error).message}`, { file, issues: [] });
  }
  const result = parseScript(json);
  if (!result.ok) {
    const lines = result.issues.map((issue) => `  ${formatIssue(issue)}`).join('\n');
    throw new CodedError(SCRIPT_INVALID, `Script ${file} is invalid:\n${lines}`, { file, issues: result.issues });
  }
  return result.script;
}
