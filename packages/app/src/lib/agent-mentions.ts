// Which agents can own a chat, and `@name` mentions in the composer's text.
import type { Agent } from '@open-cowork/contracts';

/**
 * The agents a chat may be handed to: "primary" and "all" ones that are not hidden. A
 * "subagent" is only ever delegated to by another agent, so it is never offered as a chat's
 * agent (OpenCode's Plan/Build rule).
 */
export function chatAgents(agents: readonly Agent[]): readonly Agent[] {
  return agents.filter((agent) => agent.mode !== 'subagent' && agent.hidden !== true);
}

/** The name people see. */
export function agentLabel(agent: Pick<Agent, 'name' | 'label'>): string {
  return agent.label ?? agent.name;
}

/** An `@word` being typed at the caret: where its `@` is and the word so far. */
export interface MentionQuery {
  readonly start: number;
  readonly query: string;
}

/** Agent-name characters (see the contract's AgentName). */
const NAME_CHAR = /[a-z0-9-]/i;

/** The mention the caret is in, if any: an `@` at the start or after white space, then name characters up to the caret. */
export function mentionAt(text: string, caret: number): MentionQuery | undefined {
  let at = caret - 1;
  while (at >= 0 && NAME_CHAR.test(text.charAt(at))) at -= 1;
  if (at < 0 || text.charAt(at) !== '@') return undefined;
  if (at > 0 && !/\s/.test(text.charAt(at - 1))) return undefined; // an e-mail address, not a mention
  return { start: at, query: text.slice(at + 1, caret) };
}

/** Agents whose name or label starts with (then contains) the query, best first. */
export function matchAgents(agents: readonly Agent[], query: string): readonly Agent[] {
  const q = query.toLowerCase();
  const starts = agents.filter((a) => a.name.startsWith(q) || agentLabel(a).toLowerCase().startsWith(q));
  const contains = agents.filter((a) => !starts.includes(a) && (a.name.includes(q) || agentLabel(a).toLowerCase().includes(q)));
  return [...starts, ...contains];
}

/** `text` with the mention at `mention` completed to `@name ` and the caret after it. */
export function completeMention(text: string, caret: number, mention: MentionQuery, name: string): { text: string; caret: number } {
  const before = `${text.slice(0, mention.start)}@${name} `;
  const after = text.slice(caret).replace(/^[a-z0-9-]*\s?/i, '');
  return { text: before + after, caret: before.length };
}

/** The last `@name` in the text that names one of `agents` (a mention typed out without the menu counts too). */
export function mentionedAgent(text: string, agents: readonly Agent[]): string | undefined {
  let found: string | undefined;
  for (const match of text.matchAll(/(?:^|\s)@([a-z0-9][a-z0-9-]*)/gi)) {
    const name = match[1]?.toLowerCase();
    if (name !== undefined && agents.some((a) => a.name === name)) found = name;
  }
  return found;
}
