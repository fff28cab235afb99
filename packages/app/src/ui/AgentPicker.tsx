import type { Agent } from '@open-cowork/contracts';
import { useEffect, useMemo, useState, type KeyboardEvent, type RefObject } from 'react';
import { agentLabel, chatAgents, completeMention, matchAgents, mentionAt, type MentionQuery } from '../lib/agent-mentions.js';
import { useActions, useAppState, useT } from './context.js';

/** The agents a chat can be handed to, loaded once when nothing has loaded them yet. */
export function useChatAgents(): readonly Agent[] {
  const list = useAppState((s) => s.agents.list);
  const load = useAppState((s) => s.agents.load);
  const { loadAgents } = useActions();
  useEffect(() => {
    if (load === 'idle') loadAgents().catch(() => undefined); // the picker then offers the default agent only
  }, [load, loadAgents]);
  return useMemo(() => chatAgents(list), [list]);
}

/** The composer's agent choice: the default agent or one that can own a chat. */
export function AgentPicker({ agents, value, onChange, disabled }: { agents: readonly Agent[]; value: string | undefined; onChange: (name: string | undefined) => void; disabled?: boolean }) {
  const t = useT();
  const known = value === undefined || agents.some((a) => a.name === value);
  return (
    <label className="agent-picker">
      <span className="visually-hidden">{t.t('composer.agent')}</span>
      <select value={value ?? ''} disabled={disabled} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
        <option value="">{t.t('composer.agentDefault')}</option>
        {!known && <option value={value}>{value}</option>}
        {agents.map((agent) => (
          <option key={agent.name} value={agent.name}>
            {agentLabel(agent)}
          </option>
        ))}
      </select>
    </label>
  );
}

export interface Mentions {
  /** The open menu's agents (empty when closed) and the highlighted one. */
  readonly items: readonly Agent[];
  readonly active: number;
  /** Call after every change of the text or the caret. */
  update(text: string, caret: number): void;
  /** Handles the menu's keys; true when the key was the menu's (the caller does nothing more). */
  onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean;
  pick(agent: Agent): void;
}

/**
 * `@name` completion in a text box: typing `@` and a few letters lists the agents that match;
 * arrows move, Enter or Tab completes, Escape closes. Completing hands the chat to that agent.
 */
export function useMentions(options: {
  readonly agents: readonly Agent[];
  readonly input: RefObject<HTMLTextAreaElement | null>;
  readonly text: string;
  readonly setText: (text: string) => void;
  readonly onPick: (name: string) => void;
}): Mentions {
  const { agents, input, text, setText, onPick } = options;
  const [mention, setMention] = useState<{ query: MentionQuery; caret: number }>();
  const [dismissed, setDismissed] = useState<number>();
  const [active, setActive] = useState(0);
  const [caretAfter, setCaretAfter] = useState<number>();

  const items = useMemo(
    () => (mention === undefined || dismissed === mention.query.start ? [] : matchAgents(agents, mention.query.query)),
    [agents, mention, dismissed],
  );

  useEffect(() => {
    if (caretAfter === undefined || input.current === null) return;
    input.current.setSelectionRange(caretAfter, caretAfter);
    setCaretAfter(undefined);
  }, [caretAfter, input, text]);

  const pick = (agent: Agent) => {
    if (mention === undefined) return;
    const next = completeMention(text, mention.caret, mention.query, agent.name);
    setText(next.text);
    setCaretAfter(next.caret);
    setMention(undefined);
    onPick(agent.name);
  };

  return {
    items,
    active: Math.min(active, Math.max(items.length - 1, 0)),
    update(value, caret) {
      const query = mentionAt(value, caret);
      setMention(query === undefined ? undefined : { query, caret });
      if (query?.start !== mention?.query.start) {
        setActive(0);
        setDismissed(undefined);
      }
    },
    onKeyDown(event) {
      if (items.length === 0) return false;
      const current = Math.min(active, items.length - 1);
      switch (event.key) {
        case 'ArrowDown':
          setActive((current + 1) % items.length);
          break;
        case 'ArrowUp':
          setActive((current - 1 + items.length) % items.length);
          break;
        case 'Enter':
        case 'Tab':
          if (event.shiftKey) return false;
          pick(items[current] as Agent);
          break;
        case 'Escape':
          setDismissed(mention?.query.start);
          event.stopPropagation(); // closes the menu, never stops a running answer
          break;
        default:
          return false;
      }
      event.preventDefault();
      return true;
    },
    pick,
  };
}

/** The mention menu above the composer (a listbox the text box controls). */
export function MentionMenu({ id, mentions }: { id: string; mentions: Mentions }) {
  const t = useT();
  if (mentions.items.length === 0) return null;
  return (
    <ul id={id} className="mention-menu" role="listbox" aria-label={t.t('composer.mentions')}>
      {mentions.items.map((agent, i) => (
        <li
          key={agent.name}
          id={`${id}-${agent.name}`}
          role="option"
          aria-selected={i === mentions.active}
          className={`mention-option color-${agent.color ?? 'neutral'}${i === mentions.active ? ' active' : ''}`}
          // Keeps the focus (and the caret) in the text box.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => mentions.pick(agent)}
        >
          <span className="agent-chip" aria-hidden="true" />
          <span className="mention-name">{agentLabel(agent)}</span>
          <span className="mention-handle muted">@{agent.name}</span>
          {agent.description && <span className="mention-description muted">{agent.description}</span>}
        </li>
      ))}
    </ul>
  );
}
