// Script rules and replies, and the choice of a reply for one request: title requests get a
// title, otherwise the first matching rule that has uses left, otherwise the default reply.

import type { Conversation } from './conversation.js';
import { titleFor } from './title.js';

/** A streamed (or non-stream) text answer, split into word chunks. */
export interface TextReply {
  readonly text: string;
  /** Milliseconds between chunks; overrides the server's `paceMs`. */
  readonly paceMs?: number;
}

export interface ToolCallSpec {
  readonly name: string;
  /** An object (serialized for you) or the exact JSON string to send. Defaults to `{}`. */
  readonly arguments?: Readonly<Record<string, unknown>> | string;
  /** Defaults to `call_<request seq>_<index>`. */
  readonly id?: string;
}

/** One assistant turn that calls tools (finish_reason "tool_calls"), optionally after some text. */
export interface ToolCallsReply {
  readonly toolCalls: readonly ToolCallSpec[];
  readonly text?: string;
  readonly paceMs?: number;
}

export type Fault =
  /** HTTP 500 with an OpenAI-style error body. */
  | { readonly type: 'server-error'; readonly message?: string }
  /** HTTP 400 with an OpenAI-style error body: a request the provider refuses, which clients do not retry. */
  | { readonly type: 'bad-request'; readonly message?: string }
  /** HTTP 429 with a `retry-after` header (seconds, default 1). */
  | { readonly type: 'rate-limit'; readonly retryAfterSeconds?: number; readonly message?: string }
  /** Status 200, `afterChunks` chunks of `text` (default 2), then the socket is destroyed. */
  | { readonly type: 'cut'; readonly afterChunks?: number; readonly text?: string }
  /** Status 200, `afterChunks` chunks (default 1), then nothing until the client aborts or the server closes. */
  | { readonly type: 'stall'; readonly afterChunks?: number; readonly text?: string };

export type FaultType = Fault['type'];
export const FAULT_TYPES: readonly FaultType[] = ['server-error', 'bad-request', 'rate-limit', 'cut', 'stall'];

export interface FaultReply {
  readonly fault: Fault;
  /** Milliseconds between the chunks a `cut` or `stall` sends first; overrides the server's `paceMs`. */
  readonly paceMs?: number;
}

export type Reply = TextReply | ToolCallsReply | FaultReply;
export type ReplyFn = (conversation: Conversation) => Reply | Promise<Reply>;

/** Every given condition must hold; a rule without `match` matches every (non-title) request. */
export interface RuleMatch {
  /** Substring (case-sensitive) of, or pattern tested on, the last user message. */
  readonly lastUser?: string | RegExp;
  /** Whether tool results follow the last user message. */
  readonly hasToolResults?: boolean;
  /** Assistant turns since the last user message (0 = first reply to the prompt). */
  readonly step?: number;
  readonly when?: (conversation: Conversation) => boolean;
}

export interface ScriptRule {
  /** Shown in the request log; defaults to `rule #<position, from 1>`. */
  readonly name?: string;
  readonly match?: RuleMatch;
  /** Apply at most this many times, then fall through to later rules. */
  readonly times?: number;
  readonly reply: Reply | ReplyFn;
}

export const TITLE_RULE = 'title';
export const DEFAULT_RULE = 'default';

export interface Choice {
  readonly rule: string;
  readonly reply: Reply | ReplyFn;
}

export function matches(match: RuleMatch | undefined, conversation: Conversation): boolean {
  if (!match) return true;
  const { lastUser, hasToolResults, step, when } = match;
  if (typeof lastUser === 'string' && !conversation.lastUserText.includes(lastUser)) return false;
  if (lastUser instanceof RegExp) {
    lastUser.lastIndex = 0; // a /g or /y pattern would otherwise carry state between requests
    if (!lastUser.test(conversation.lastUserText)) return false;
  }
  if (hasToolResults !== undefined && hasToolResults !== conversation.toolResults.length > 0) return false;
  if (step !== undefined && step !== conversation.step) return false;
  if (when && !when(conversation)) return false;
  return true;
}

export function defaultReply(conversation: Conversation): TextReply {
  if (conversation.toolResults.length > 0) {
    return { text: `Scripted reply after ${conversation.toolResults.length} tool result(s).` };
  }
  const said = conversation.lastUserText.replace(/\s+/g, ' ').trim();
  const quoted = said.length > 80 ? `${said.slice(0, 77)}...` : said;
  return { text: `Scripted reply to: ${quoted}` };
}

/** The rule list with how often each rule was used. */
export class Script {
  private entries: { rule: ScriptRule; used: number }[] = [];

  constructor(rules: readonly ScriptRule[] = []) {
    this.set(rules);
  }

  set(rules: readonly ScriptRule[]): void {
    this.entries = rules.map((rule) => ({ rule, used: 0 }));
  }

  add(rule: ScriptRule): void {
    this.entries.push({ rule, used: 0 });
  }

  /** Forget how often each rule was used, so `times` counts start again. */
  resetUsage(): void {
    for (const entry of this.entries) entry.used = 0;
  }

  /** Picks the reply for a request and counts the use; title requests never touch the rules. */
  choose(conversation: Conversation): Choice {
    if (conversation.isTitleRequest) return { rule: TITLE_RULE, reply: { text: titleFor(conversation.lastUserText) } };
    for (const [index, entry] of this.entries.entries()) {
      const { rule } = entry;
      if (rule.times !== undefined && entry.used >= rule.times) continue;
      if (!matches(rule.match, conversation)) continue;
      entry.used++;
      return { rule: rule.name ?? `rule #${index + 1}`, reply: rule.reply };
    }
    return { rule: DEFAULT_RULE, reply: defaultReply(conversation) };
  }
}
