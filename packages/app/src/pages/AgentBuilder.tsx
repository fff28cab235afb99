import type { Agent, AgentMode, AgentTemplate, ColorToken, CustomAgent } from '@open-cowork/contracts';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { MessageKey } from '../i18n/en.js';
import {
  applyTemplate,
  checkDraft,
  COLORS,
  draftFromAgent,
  draftFromDefinition,
  EMPTY_DRAFT,
  errorsFromHost,
  MODES,
  toCustomAgent,
  type AgentDraft,
  type DraftErrors,
  type DraftField,
} from '../lib/agent-form.js';
import { modelOptions } from '../lib/models.js';
import { ModelOptionGroups } from '../ui/ModelOptionGroups.js';
import { HostError } from '../host/errors.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { ChevronIcon, CloseIcon, Spinner, TrashIcon } from '../ui/icons.js';
import { PageLoading } from '../ui/PageLoading.js';
import { hrefOf, navigate } from '../ui/router.js';
import '../styles/agent-builder.css';

const MODE_KEYS: Readonly<Record<AgentMode, MessageKey>> = {
  all: 'agents.mode.all',
  primary: 'agents.mode.primary',
  subagent: 'agents.mode.subagent',
};
const COLOR_KEYS: Readonly<Record<ColorToken, MessageKey>> = {
  neutral: 'builder.color.neutral',
  accent: 'builder.color.accent',
  info: 'builder.color.info',
  success: 'builder.color.success',
  warning: 'builder.color.warning',
  danger: 'builder.color.danger',
};
const PATTERN_LISTS = [
  { field: 'allowTools', key: 'builder.allowTools' },
  { field: 'askTools', key: 'builder.askTools' },
  { field: 'denyTools', key: 'builder.denyTools' },
] as const satisfies readonly { field: DraftField; key: MessageKey }[];

type Loaded =
  | { readonly kind: 'loading' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'new' }
  | { readonly kind: 'custom'; readonly agent: Agent; readonly definition: CustomAgent }
  | { readonly kind: 'readonly'; readonly agent: Agent };

/**
 * The agent builder (#/agents/new, #/agents/edit/<name>): a new custom agent, optionally from a
 * starter template; a saved custom agent to edit or delete; or a built-in or configured agent,
 * shown read-only. Saving goes through agents.save, whose refusals are shown at the fields.
 */
export default function AgentBuilder({ name }: { name?: string }) {
  const t = useT();
  const agents = useAppState((s) => s.agents);
  const capabilities = useAppState((s) => s.capabilities);
  const templates = useAppState((s) => s.agentTemplates);
  const providers = useAppState((s) => s.providers.list);
  const { loadAgents, loadCapabilities, loadAgentTemplates, getAgent, saveAgent, deleteAgent, notify } = useActions();
  const [loaded, setLoaded] = useState<Loaded>(name === undefined ? { kind: 'new' } : { kind: 'loading' });
  const [draft, setDraft] = useState<AgentDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [general, setGeneral] = useState<readonly string[]>([]);
  const [template, setTemplate] = useState<string>();
  const [busy, setBusy] = useState<'saving' | 'deleting'>();
  const summary = useRef<HTMLDivElement>(null);

  const fail = (e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error');

  useEffect(() => {
    if (capabilities.load === 'idle') loadCapabilities().catch(fail);
    if (agents.load === 'idle') loadAgents().catch(fail);
    if (name === undefined && templates === undefined) loadAgentTemplates().catch(fail);
    // Once per visit; the lists refresh through their own actions.
  }, []);

  useEffect(() => {
    if (name === undefined) return;
    let live = true;
    getAgent(name)
      .then(({ agent, definition }) => {
        if (!live) return;
        if (agent.editable && definition !== undefined) {
          setLoaded({ kind: 'custom', agent, definition });
          setDraft(draftFromDefinition(definition));
        } else {
          setLoaded({ kind: 'readonly', agent });
          setDraft(draftFromAgent(agent));
        }
      })
      .catch((e: unknown) => {
        if (!live) return;
        if (HostError.from(e).code === 'NOT_FOUND') setLoaded({ kind: 'missing' });
        else {
          setLoaded({ kind: 'missing' });
          fail(e);
        }
      });
    return () => {
      live = false;
    };
  }, [name, getAgent]);

  const taken = useMemo(() => new Set(agents.list.map((a) => a.name)), [agents.list]);
  const known = useMemo(
    () => ({ toolIds: new Set(capabilities.tools.map((tool) => tool.id)), skillNames: new Set(capabilities.skills.map((skill) => skill.name)) }),
    [capabilities.tools, capabilities.skills],
  );
  const models = useMemo(() => modelOptions(providers), [providers]);

  if (loaded.kind === 'loading') return <PageLoading />;
  if (loaded.kind === 'missing') {
    return (
      <div className="page builder">
        <BackLink />
        <p className="banner tone-warning" role="alert">
          {t.t('builder.notFound', { name: name ?? '' })}
        </p>
      </div>
    );
  }

  const readOnly = loaded.kind === 'readonly';
  const isNew = loaded.kind === 'new';
  const update = (patch: Partial<AgentDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    const touched = Object.keys(patch) as DraftField[];
    if (touched.some((field) => errors[field] !== undefined)) {
      setErrors((e) => {
        const next = { ...e };
        for (const field of touched) delete next[field];
        return next;
      });
    }
  };

  const pickTemplate = (picked: AgentTemplate) => {
    setTemplate(picked.id);
    setErrors({});
    setGeneral([]);
    setDraft((d) => applyTemplate(d, picked, capabilities.load === 'ready' ? known : undefined, taken));
  };

  const showProblems = (fields: DraftErrors, messages: readonly string[]) => {
    setErrors(fields);
    setGeneral(messages);
    // Move to the summary so keyboard and screen-reader users hear what went wrong.
    requestAnimationFrame(() => summary.current?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (readOnly || busy) return;
    const local = checkDraft(
      draft,
      {
        required: t.t('builder.required'),
        nameInvalid: t.t('builder.nameInvalid'),
        nameTaken: (n) => t.t('builder.nameTaken', { name: n }),
        numberRange: (min, max) => t.t('builder.numberRange', { min, max }),
        wholeNumber: (min, max) => t.t('builder.wholeNumber', { min, max }),
      },
      // Saving under an existing name would replace that agent: only the one being edited may keep its name.
      isNew ? taken : new Set<string>(),
    );
    if (Object.keys(local).length > 0) {
      showProblems(local, []);
      return;
    }
    setBusy('saving');
    try {
      const saved = await saveAgent(toCustomAgent(draft, loaded.kind === 'custom' ? loaded.definition : undefined));
      notify(t.t('builder.saved', { name: saved.label ?? saved.name }));
      navigate({ page: 'agents' });
    } catch (e) {
      const error = HostError.from(e);
      if (error.code === 'VALIDATION_FAILED' || error.code === 'BAD_REQUEST' || error.code === 'CONFLICT') {
        const { fields, general: rest } = errorsFromHost(error);
        showProblems(fields, rest);
      } else {
        showProblems({}, [error.message]);
      }
    } finally {
      setBusy(undefined);
    }
  };

  const remove = async () => {
    if (loaded.kind !== 'custom') return;
    const label = loaded.agent.label ?? loaded.agent.name;
    if (!window.confirm(t.t('builder.deleteConfirm', { name: label }))) return;
    setBusy('deleting');
    try {
      await deleteAgent(loaded.agent.name);
      notify(t.t('builder.deleted', { name: label }));
      navigate({ page: 'agents' });
    } catch (e) {
      fail(e);
      setBusy(undefined);
    }
  };

  const errorCount = Object.keys(errors).length + general.length;
  const title = isNew ? t.t('builder.titleNew') : loaded.kind === 'custom' ? t.t('builder.titleEdit', { name: loaded.agent.label ?? loaded.agent.name }) : (loaded.agent.label ?? loaded.agent.name);
  const modelKnown = draft.model === '' || models.some((m) => m.ref === draft.model);

  return (
    <div className="page builder">
      <BackLink />
      <header className="page-header">
        <h1>{title}</h1>
        {loaded.kind === 'readonly' && (
          <p className="muted">{t.t(loaded.agent.source === 'built-in' ? 'builder.readOnly.built-in' : 'builder.readOnly.configured')}</p>
        )}
      </header>

      {isNew && (
        <section className="builder-templates" aria-labelledby="builder-templates">
          <h2 id="builder-templates" className="section-label">
            {t.t('builder.templates')}
          </h2>
          <p className="muted small">{t.t('builder.templatesHint')}</p>
          {templates === undefined ? (
            <Spinner size={16} label={t.t('common.loading')} />
          ) : (
            <ul className="template-grid">
              {templates.map((tpl) => (
                <li key={tpl.id}>
                  <button
                    type="button"
                    className={`template-card color-${tpl.color ?? 'neutral'}${template === tpl.id ? ' selected' : ''}`}
                    aria-pressed={template === tpl.id}
                    onClick={() => pickTemplate(tpl)}
                  >
                    <span className="template-title">
                      <span className="agent-chip" aria-hidden="true" />
                      {tpl.label}
                      {tpl.source === 'example' && <span className="badge">{t.t('builder.templateExample')}</span>}
                    </span>
                    {tpl.description && <span className="template-description muted">{tpl.description}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <form className="builder-form" onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
        {errorCount > 0 && (
          <div className="form-summary" role="alert" tabIndex={-1} ref={summary}>
            <p>{t.t('builder.invalid')}</p>
            {general.length > 0 && (
              <ul>
                {general.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <fieldset className="builder-fieldset" disabled={readOnly || busy !== undefined}>
          <BuilderSection title={t.t('builder.identity')}>
            <TextField
              label={t.t('builder.name')}
              help={t.t('builder.nameHelp')}
              value={draft.name}
              error={errors.name}
              required
              readOnly={!isNew}
              spellCheck={false}
              autoComplete="off"
              onChange={(value) => update({ name: value })}
            />
            <TextField label={t.t('builder.label')} help={t.t('builder.labelHelp')} value={draft.label} error={errors.label} onChange={(value) => update({ label: value })} />
            <TextField
              label={t.t('builder.description')}
              help={t.t('builder.descriptionHelp')}
              value={draft.description}
              error={errors.description}
              required
              onChange={(value) => update({ description: value })}
            />
            <div className="field-row">
              <SelectField label={t.t('builder.mode')} value={draft.mode || 'all'} error={errors.mode} onChange={(value) => update({ mode: value as AgentDraft['mode'] })}>
                {MODES.map((mode) => (
                  <option key={mode} value={mode}>
                    {t.t(MODE_KEYS[mode])}
                  </option>
                ))}
              </SelectField>
              <ColorField value={draft.color} onChange={(color) => update({ color })} error={errors.color} />
            </div>
          </BuilderSection>

          {!readOnly && (
            <BuilderSection title={t.t('builder.behaviour')}>
              <TextField
                label={t.t('builder.instructions')}
                help={t.t('builder.instructionsHelp')}
                value={draft.instructions}
                error={errors.instructions}
                required
                multiline
                onChange={(value) => update({ instructions: value })}
              />
            </BuilderSection>
          )}

          <BuilderSection title={t.t('builder.capabilities')}>
            <CheckList
              legend={t.t('builder.tools')}
              empty={t.t('builder.toolsEmpty')}
              error={errors.toolIds}
              loading={capabilities.load === 'loading' && capabilities.tools.length === 0}
              items={capabilities.tools.map((tool) => ({ id: tool.id, label: tool.name, help: tool.description }))}
              extra={draft.toolIds}
              selected={draft.toolIds}
              onChange={(toolIds) => update({ toolIds })}
            />
            <CheckList
              legend={t.t('builder.skills')}
              empty={t.t('builder.skillsEmpty')}
              error={errors.skillNames}
              loading={capabilities.load === 'loading' && capabilities.skills.length === 0}
              items={capabilities.skills.map((skill) => ({ id: skill.name, label: skill.name, help: skill.description }))}
              extra={draft.skillNames}
              selected={draft.skillNames}
              onChange={(skillNames) => update({ skillNames })}
            />
          </BuilderSection>

          {!readOnly && (
            <BuilderSection title={t.t('builder.permissions')} hint={t.t('builder.permissionsHint')}>
              <div className="pattern-lists">
                {PATTERN_LISTS.map(({ field, key }) => (
                  <PatternList key={field} label={t.t(key)} values={draft[field]} error={errors[field]} onChange={(values) => update({ [field]: values })} />
                ))}
              </div>
            </BuilderSection>
          )}

          <BuilderSection title={t.t('builder.inference')}>
            <div className="field-row">
              <SelectField label={t.t('builder.model')} value={draft.model} error={errors.model} onChange={(model) => update({ model })}>
                <option value="">{t.t('builder.modelSession')}</option>
                {!modelKnown && <option value={draft.model}>{draft.model}</option>}
                <ModelOptionGroups options={models} />
              </SelectField>
              {!readOnly && (
                <>
                  <TextField
                    label={t.t('builder.temperature')}
                    help={t.t('builder.temperatureHelp')}
                    value={draft.temperature}
                    error={errors.temperature}
                    inputMode="decimal"
                    onChange={(temperature) => update({ temperature })}
                  />
                  <TextField label={t.t('builder.steps')} help={t.t('builder.stepsHelp')} value={draft.steps} error={errors.steps} inputMode="numeric" onChange={(steps) => update({ steps })} />
                </>
              )}
            </div>
          </BuilderSection>
        </fieldset>

        {!readOnly && (
          <div className="builder-actions">
            {loaded.kind === 'custom' && (
              <button type="button" className="button danger-ghost" onClick={() => void remove()} disabled={busy !== undefined}>
                <TrashIcon size={15} />
                {t.t('builder.delete')}
              </button>
            )}
            <span className="spacer" />
            <a className="button ghost" href={hrefOf({ page: 'agents' })}>
              {t.t('builder.cancel')}
            </a>
            <button type="submit" className="button primary" disabled={busy !== undefined}>
              {busy === 'saving' ? t.t('builder.saving') : t.t('builder.save')}
            </button>
          </div>
        )}
      </form>
    </div>
  );
}

function BackLink() {
  const t = useT();
  return (
    <a className="back-link" href={hrefOf({ page: 'agents' })}>
      <ChevronIcon size={14} className="flip" />
      {t.t('builder.back')}
    </a>
  );
}

function BuilderSection({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="builder-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {hint && <p className="muted small">{hint}</p>}
      {children}
    </section>
  );
}

interface TextFieldProps {
  readonly label: string;
  readonly help?: string;
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
  readonly required?: boolean;
  readonly multiline?: boolean;
  readonly readOnly?: boolean;
  readonly spellCheck?: boolean;
  readonly autoComplete?: string;
  readonly inputMode?: 'decimal' | 'numeric';
}

/** A labelled input whose help and error are announced with it (aria-describedby). */
function TextField({ label, help, value, error, onChange, required, multiline, readOnly, spellCheck, autoComplete, inputMode }: TextFieldProps) {
  const id = useId();
  const t = useT();
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    required,
    readOnly,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
        {required && <span className="required"> · {t.t('firstRun.required')}</span>}
      </label>
      {multiline ? (
        <textarea {...common} rows={8} />
      ) : (
        <input {...common} type="text" spellCheck={spellCheck} autoComplete={autoComplete} inputMode={inputMode} />
      )}
      {help && (
        <span id={`${id}-help`} className="field-help muted">
          {help}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

function SelectField({ label, value, error, onChange, children }: { label: string; value: string; error: string | undefined; onChange: (value: string) => void; children: ReactNode }) {
  const id = useId();
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {children}
      </select>
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

function ColorField({ value, onChange, error }: { value: ColorToken | ''; onChange: (value: ColorToken) => void; error: string | undefined }) {
  const t = useT();
  const id = useId();
  return (
    <fieldset className="field color-field" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field-label">{t.t('builder.color')}</legend>
      <div className="swatches">
        {COLORS.map((color) => (
          <label key={color} className={`swatch color-${color}${(value || 'neutral') === color ? ' selected' : ''}`} title={t.t(COLOR_KEYS[color])}>
            <input type="radio" name={`${id}-color`} value={color} checked={(value || 'neutral') === color} onChange={() => onChange(color)} />
            <span className="agent-chip" aria-hidden="true" />
            <span className="visually-hidden">{t.t(COLOR_KEYS[color])}</span>
          </label>
        ))}
      </div>
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

interface CheckListProps {
  readonly legend: string;
  readonly empty: string;
  readonly error: string | undefined;
  readonly loading: boolean;
  readonly items: readonly { id: string; label: string; help?: string | undefined }[];
  /** Selected ids the catalog does not list (kept and shown, so saving does not drop them silently). */
  readonly extra: readonly string[];
  readonly selected: readonly string[];
  readonly onChange: (selected: string[]) => void;
}

function CheckList({ legend, empty, error, loading, items, extra, selected, onChange }: CheckListProps) {
  const t = useT();
  const id = useId();
  const listed = new Set(items.map((item) => item.id));
  const all: { id: string; label: string; help?: string | undefined }[] = [...items, ...extra.filter((value) => !listed.has(value)).map((value) => ({ id: value, label: value }))];
  const toggle = (value: string, on: boolean) => onChange(on ? [...selected.filter((v) => v !== value), value] : selected.filter((v) => v !== value));
  return (
    <fieldset className={`field check-list${error ? ' invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field-label">{legend}</legend>
      {loading ? (
        <Spinner size={14} label={t.t('common.loading')} />
      ) : all.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <div className="check-grid">
          {all.map((item) => (
            <label key={item.id} className={`check-option${selected.includes(item.id) ? ' selected' : ''}`}>
              <input type="checkbox" checked={selected.includes(item.id)} onChange={(e) => toggle(item.id, e.target.checked)} />
              <span className="check-text">
                <span className="check-label">{item.label}</span>
                {item.help ? <span className="check-help muted">{item.help}</span> : null}
              </span>
            </label>
          ))}
        </div>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** A small list editor: chips with a remove button, and a field that adds one pattern. */
function PatternList({ label, values, error, onChange }: { label: string; values: readonly string[]; error: string | undefined; onChange: (values: string[]) => void }) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState('');
  const add = () => {
    const value = text.trim();
    if (value === '') return;
    if (!values.includes(value)) onChange([...values, value]);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault(); // adds the pattern instead of submitting the whole form
      add();
    }
  };
  return (
    <fieldset className={`field pattern-list${error ? ' invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field-label">{label}</legend>
      {values.length === 0 ? (
        <p className="muted small">{t.t('builder.patternNone')}</p>
      ) : (
        <ul className="chips">
          {values.map((value) => (
            <li key={value} className="chip">
              <code>{value}</code>
              <button
                type="button"
                className="icon-button small"
                aria-label={t.t('builder.patternRemove', { pattern: value })}
                title={t.t('builder.patternRemove', { pattern: value })}
                onClick={() => onChange(values.filter((v) => v !== value))}
              >
                <CloseIcon size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="pattern-add">
        <input
          type="text"
          value={text}
          spellCheck={false}
          autoComplete="off"
          placeholder={t.t('builder.patternPlaceholder')}
          aria-label={t.t('builder.patternNew', { list: label })}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="button secondary small" onClick={add} disabled={text.trim() === ''}>
          {t.t('builder.patternAdd')}
        </button>
      </div>
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}
