import type { PromptFile, WorkspaceFile } from '@open-cowork/contracts';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { mentionedAgent } from '../lib/agent-mentions.js';
import { effectiveModel, filterModels, MODEL_FILTER_FROM, modelOptions } from '../lib/models.js';
import { AgentPicker, MentionMenu, useChatAgents, useMentions } from './AgentPicker.js';
import { ModelOptionGroups } from './ModelOptionGroups.js';
import { useActions, useAppState, useT } from './context.js';
import { messageOf } from './errors.js';
import { CloseIcon, FileIcon, PaperclipIcon, SendIcon, Spinner, StopIcon } from './icons.js';

/** The contract's limit of files per prompt. */
const MAX_FILES = 100;
/** Files the picker lists at once (the search narrows them). */
const PICKER_LIMIT = 100;

export interface ComposerProps {
  readonly placeholder: string;
  /** Sends the text and attached files to the agent; the composer clears when it resolves and keeps both when it fails. */
  readonly onSend: (text: string, files: readonly PromptFile[], agent: string | undefined) => Promise<void>;
  /** The agent the prompt goes to; unset: the default agent. */
  readonly agent: string | undefined;
  /** The agent was changed (the picker, or an `@name` mention). */
  readonly onAgentChange: (name: string | undefined) => void;
  /** The workspace whose files "Attach files" offers; without one there is nothing to attach. */
  readonly workspaceId?: string | undefined;
  /** A response is running: the Send button becomes Stop. */
  readonly busy?: boolean;
  readonly onStop?: () => void;
  readonly autoFocus?: boolean;
  /** Text to put into the composer (a suggestion); a new nonce puts it again. */
  readonly seed?: { readonly text: string; readonly nonce: number };
  readonly disabled?: boolean;
}

/**
 * The message box: Enter sends, Shift+Enter adds a line; "Attach files", the agent and the
 * model pickers sit beside Send. Attached workspace files show as removable chips and go with
 * the prompt; `@name` hands the prompt (and the chat) to an agent.
 */
export function Composer({ placeholder, onSend, agent, onAgentChange, workspaceId, busy = false, onStop, autoFocus, seed, disabled = false }: ComposerProps) {
  const t = useT();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<readonly string[]>([]);
  const [picking, setPicking] = useState(false);
  const attachButton = useRef<HTMLButtonElement>(null);
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const agents = useChatAgents();
  const mentions = useMentions({ agents, input, text, setText, onPick: onAgentChange });
  const menuId = useId();

  useEffect(() => {
    if (seed === undefined) return;
    setText(seed.text);
    input.current?.focus();
  }, [seed]);

  const canSend = text.trim() !== '' && !sending && !busy && !disabled;
  // A message sent while the runtime (re)starts is held by the host until it is ready.
  const runtimeState = useAppState((s) => s.runtime?.state);
  const waitingForRuntime = sending && (runtimeState === 'starting' || runtimeState === 'restarting');

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    // A mention typed out in full, without the menu, hands the prompt over too.
    const mentioned = mentionedAgent(text, agents);
    if (mentioned !== undefined && mentioned !== agent) onAgentChange(mentioned);
    try {
      await onSend(
        text.trim(),
        files.map((path) => ({ path })),
        mentioned ?? agent,
      );
      setText('');
      setFiles([]);
    } catch {
      // The caller reported the failure; the text stays so nothing typed is lost.
    } finally {
      setSending(false);
      input.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mentions.onKeyDown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };

  const closePicker = () => {
    setPicking(false);
    attachButton.current?.focus();
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      {files.length > 0 && (
        <ul className="composer-files" aria-label={t.t('composer.attachments')}>
          {files.map((path) => (
            <li key={path} className="chip file-chip" title={path}>
              <FileIcon size={13} />
              <span className="chip-text">{path.slice(path.lastIndexOf('/') + 1)}</span>
              <button
                type="button"
                className="icon-button small"
                aria-label={t.t('composer.attachRemove', { name: path })}
                title={t.t('composer.attachRemove', { name: path })}
                onClick={() => setFiles((f) => f.filter((p) => p !== path))}
              >
                <CloseIcon size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <textarea
        ref={input}
        className="composer-input"
        aria-label={t.t('composer.label')}
        placeholder={placeholder}
        value={text}
        rows={1}
        autoFocus={autoFocus}
        disabled={disabled}
        aria-autocomplete="list"
        aria-controls={mentions.items.length > 0 ? menuId : undefined}
        aria-activedescendant={mentions.items.length > 0 ? `${menuId}-${mentions.items[mentions.active]?.name ?? ''}` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          mentions.update(e.target.value, e.target.selectionStart);
        }}
        onSelect={(e) => mentions.update(e.currentTarget.value, e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      <MentionMenu id={menuId} mentions={mentions} />
      <div className="composer-bar">
        {workspaceId !== undefined && (
          <button
            type="button"
            ref={attachButton}
            className={`icon-button attach${files.length > 0 ? ' active' : ''}`}
            aria-label={t.t('composer.attach')}
            title={t.t('composer.attach')}
            aria-expanded={picking}
            disabled={disabled}
            onClick={() => setPicking((p) => !p)}
          >
            <PaperclipIcon size={17} />
          </button>
        )}
        <AgentPicker agents={agents} value={agent} onChange={onAgentChange} disabled={disabled} />
        <ModelPicker />
        <span className="composer-hint muted">{t.t('composer.hint')}</span>
        {busy && onStop ? (
          <button type="button" className="icon-button stop" onClick={onStop} aria-label={t.t('composer.stop')} title={t.t('composer.stop')}>
            <StopIcon size={16} />
          </button>
        ) : (
          <button type="submit" className="icon-button send" disabled={!canSend} aria-label={t.t('composer.send')} title={t.t('composer.send')}>
            <SendIcon size={16} />
          </button>
        )}
      </div>
      {waitingForRuntime && (
        <p className="composer-waiting muted" role="status">
          <Spinner size={12} /> {t.t('composer.waitingRuntime')}
        </p>
      )}
      {picking && workspaceId !== undefined && (
        <FilePicker workspaceId={workspaceId} selected={files} onChange={setFiles} onClose={closePicker} />
      )}
    </form>
  );
}

interface FilePickerProps {
  readonly workspaceId: string;
  readonly selected: readonly string[];
  readonly onChange: (files: readonly string[]) => void;
  readonly onClose: () => void;
}

/** The workspace's files with a search box; ticking one attaches it. Escape or "Done" closes it. */
function FilePicker({ workspaceId, selected, onChange, onClose }: FilePickerProps) {
  const t = useT();
  const { listWorkspaceFiles } = useActions();
  const workspace = useAppState((s) => s.workspaces.find((w) => w.id === workspaceId));
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ files: readonly WorkspaceFile[]; truncated: boolean }>();
  const [problem, setProblem] = useState<string>();
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();

  useEffect(() => {
    let live = true;
    // Typing narrows the list; wait for a pause before asking the host.
    const timer = setTimeout(
      () => {
        listWorkspaceFiles(workspaceId, query, PICKER_LIMIT)
          .then((found) => {
            if (!live) return;
            setResult(found);
            setProblem(undefined);
          })
          .catch((e: unknown) => live && setProblem(messageOf(e)));
      },
      query === '' ? 0 : 150,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [workspaceId, query, listWorkspaceFiles]);

  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Element | null;
      if (panel.current && !panel.current.contains(target) && !target?.closest?.('.icon-button.attach')) onClose();
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [onClose]);

  const toggle = (path: string, on: boolean) => {
    if (on && selected.length >= MAX_FILES) {
      setProblem(t.t('composer.attachLimit', { count: MAX_FILES }));
      return;
    }
    onChange(on ? [...selected.filter((p) => p !== path), path] : selected.filter((p) => p !== path));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault(); // closes the picker, never stops a running answer
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'INPUT') {
      event.preventDefault(); // Enter in the search box must not send the message
    }
  };

  return (
    <div className="file-picker" role="dialog" aria-labelledby={titleId} ref={panel} onKeyDown={onKeyDown}>
      <div className="file-picker-header">
        <h2 id={titleId}>{t.t('composer.attachTitle', { workspace: workspace?.name ?? '' })}</h2>
        <span className="muted small">{selected.length > 0 ? t.t('composer.attachCount', { count: selected.length }) : ''}</span>
      </div>
      <input
        type="search"
        className="file-search"
        value={query}
        autoFocus
        spellCheck={false}
        aria-label={t.t('composer.attachSearch')}
        placeholder={t.t('composer.attachSearchPlaceholder')}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="file-results">
        {result === undefined && problem === undefined ? (
          <Spinner size={16} label={t.t('common.loading')} />
        ) : result !== undefined && result.files.length === 0 ? (
          <p className="muted small">{t.t('composer.attachEmpty')}</p>
        ) : (
          <ul className="file-list">
            {(result?.files ?? []).map((file) => (
              <li key={file.path}>
                <label className="file-option">
                  <input type="checkbox" checked={selected.includes(file.path)} onChange={(e) => toggle(file.path, e.target.checked)} />
                  <span className="file-path">{file.path}</span>
                  <span className="file-size muted">{t.number(file.size, { notation: 'compact', style: 'unit', unit: 'byte', unitDisplay: 'narrow' })}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="file-picker-footer">
        <span className="muted small">{result?.truncated ? t.t('composer.attachTruncated', { count: result.files.length }) : ''}</span>
        <button type="button" className="button primary small" onClick={onClose}>
          {t.t('composer.attachDone')}
        </button>
      </div>
    </div>
  );
}

export function ModelPicker() {
  const t = useT();
  const providers = useAppState((s) => s.providers.list);
  const defaultModel = useAppState((s) => s.providers.defaultModel);
  const settings = useAppState((s) => s.settings);
  const chosen = useAppState((s) => s.composerModel);
  const { chooseModel } = useActions();
  const [query, setQuery] = useState('');
  const options = useMemo(() => modelOptions(providers), [providers]);
  const shown = useMemo(() => filterModels(options, query), [options, query]);
  const fallback = effectiveModel(settings, defaultModel);
  const value = chosen ?? fallback ?? '';
  const current = options.find((o) => o.ref === value);
  // The chosen model stays selectable (and so shown) while the filter hides it.
  const hiddenCurrent = value !== '' && !shown.some((o) => o.ref === value);

  return (
    <div className="model-picker">
      {options.length >= MODEL_FILTER_FROM && (
        <input
          type="search"
          className="model-filter"
          value={query}
          placeholder={t.t('composer.modelFilter')}
          aria-label={t.t('composer.modelFilter')}
          onChange={(e) => setQuery(e.target.value)}
        />
      )}
      <label>
        <span className="visually-hidden">{t.t('composer.model')}</span>
        <select value={value} onChange={(e) => chooseModel(e.target.value === '' ? undefined : e.target.value)} disabled={options.length === 0 && value === ''}>
          {value === '' && <option value="">{options.length === 0 ? t.t('composer.noModels') : t.t('composer.defaultModel')}</option>}
          {hiddenCurrent && <option value={value}>{current?.name ?? value.slice(value.indexOf('/') + 1)}</option>}
          <ModelOptionGroups options={shown} />
        </select>
      </label>
      {query !== '' && shown.length === 0 && <span className="muted small">{t.t('composer.modelFilterNone')}</span>}
    </div>
  );
}
