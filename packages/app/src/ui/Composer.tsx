import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { effectiveModel, modelOptions } from '../lib/models.js';
import { useActions, useAppState, useT } from './context.js';
import { SendIcon, StopIcon } from './icons.js';

export interface ComposerProps {
  readonly placeholder: string;
  /** Sends the text; the composer clears when it resolves and keeps the text when it fails. */
  readonly onSend: (text: string) => Promise<void>;
  /** A response is running: the Send button becomes Stop. */
  readonly busy?: boolean;
  readonly onStop?: () => void;
  readonly autoFocus?: boolean;
  /** Text to put into the composer (a suggestion); a new nonce puts it again. */
  readonly seed?: { readonly text: string; readonly nonce: number };
  readonly disabled?: boolean;
}

/** The message box: Enter sends, Shift+Enter adds a line; the model picker sits beside Send. */
export function Composer({ placeholder, onSend, busy = false, onStop, autoFocus, seed, disabled = false }: ComposerProps) {
  const t = useT();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (seed === undefined) return;
    setText(seed.text);
    input.current?.focus();
  }, [seed]);

  const canSend = text.trim() !== '' && !sending && !busy && !disabled;

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    try {
      await onSend(text.trim());
      setText('');
    } catch {
      // The caller reported the failure; the text stays so nothing typed is lost.
    } finally {
      setSending(false);
      input.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      <textarea
        ref={input}
        className="composer-input"
        aria-label={t.t('composer.label')}
        placeholder={placeholder}
        value={text}
        rows={1}
        autoFocus={autoFocus}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer-bar">
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
    </form>
  );
}

export function ModelPicker() {
  const t = useT();
  const providers = useAppState((s) => s.providers.list);
  const defaultModel = useAppState((s) => s.providers.defaultModel);
  const settings = useAppState((s) => s.settings);
  const chosen = useAppState((s) => s.composerModel);
  const { chooseModel } = useActions();
  const options = useMemo(() => modelOptions(providers), [providers]);
  const fallback = effectiveModel(settings, defaultModel);
  const value = chosen ?? fallback ?? '';
  const groups = useMemo(() => {
    const byProvider = new Map<string, { name: string; options: typeof options }>();
    for (const option of options) {
      const group = byProvider.get(option.providerId) ?? { name: option.providerName, options: [] };
      group.options.push(option);
      byProvider.set(option.providerId, group);
    }
    return [...byProvider.values()];
  }, [options]);
  const known = options.some((o) => o.ref === value);

  return (
    <label className="model-picker">
      <span className="visually-hidden">{t.t('composer.model')}</span>
      <select value={value} onChange={(e) => chooseModel(e.target.value === '' ? undefined : e.target.value)} disabled={options.length === 0 && value === ''}>
        {value === '' && <option value="">{options.length === 0 ? t.t('composer.noModels') : t.t('composer.defaultModel')}</option>}
        {value !== '' && !known && <option value={value}>{value.slice(value.indexOf('/') + 1)}</option>}
        {groups.map((group) => (
          <optgroup key={group.name} label={group.name}>
            {group.options.map((option) => (
              <option key={option.ref} value={option.ref}>
                {option.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
