import type { McpInfo, McpTestResult } from '@open-cowork/contracts';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { MessageKey } from '../../i18n/en.js';
import { HostError } from '../../host/errors.js';
import { useActions, useAppState, useT } from '../../ui/context.js';
import { Spinner } from '../../ui/icons.js';
import { Modal } from '../../ui/Modal.js';
import { draftOf, EMPTY_FORM, fieldOfPointer, formOf, type McpFormFields } from './mcp-form.js';
import { TestResult } from './TestResult.js';

type Problems = Partial<Record<keyof McpFormFields | 'form', string>>;

/** Add a custom MCP server, or edit one (`editing`): test the draft, then save it. The host's checks show under the fields they name. */
export function McpDialog({ editing, onClose }: { editing?: McpInfo; onClose: () => void }) {
  const t = useT();
  const { addMcp, updateMcp, testMcp, notify } = useActions();
  const workspaces = useAppState((s) => s.workspaces);
  const [form, setForm] = useState<McpFormFields>(editing ? formOf(editing) : EMPTY_FORM);
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState<'test' | 'save' | undefined>();
  const [result, setResult] = useState<McpTestResult>();
  const ids = { name: useId(), description: useId(), program: useId(), args: useId(), environment: useId(), url: useId(), headers: useId(), scope: useId(), traceLabel: useId() };

  const set = <K extends keyof McpFormFields>(key: K, value: McpFormFields[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setResult(undefined);
  };

  /** The draft, or undefined after marking the field the form itself cannot read. */
  const draft = () => {
    const made = draftOf(form);
    if ('field' in made) {
      setProblems({ [made.field]: t.t(made.field === 'environment' ? 'mcp.form.badEnvLine' : 'mcp.form.badHeaderLine', { line: String(made.line ?? 1) }) });
      return undefined;
    }
    setProblems({});
    return made;
  };

  const showError = (error: unknown) => {
    const coded = HostError.from(error);
    const issues = (coded.data as { issues?: { pointer: string; message: string }[]; pointer?: string } | undefined) ?? {};
    const next: Problems = {};
    for (const issue of issues.issues ?? (issues.pointer ? [{ pointer: issues.pointer, message: coded.message }] : [])) {
      const field = fieldOfPointer(issue.pointer) ?? 'form';
      next[field] ??= issue.message;
    }
    if (Object.keys(next).length === 0) next.form = coded.message;
    setProblems(next);
  };

  const test = async () => {
    const made = draft();
    if (made === undefined) return;
    setBusy('test');
    setResult(undefined);
    try {
      setResult(await testMcp({ draft: made }));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(undefined);
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const made = draft();
    if (made === undefined) return;
    setBusy('save');
    try {
      const saved = editing ? await updateMcp(made) : await addMcp(made);
      notify(t.t(editing ? 'mcp.updated' : 'mcp.added', { name: saved.name }));
      onClose();
    } catch (error) {
      showError(error);
      setBusy(undefined);
    }
  };

  const field = (key: keyof McpFormFields, label: MessageKey, control: ReactNode, hint?: MessageKey) => (
    <div className={`field${problems[key] ? ' invalid' : ''}`}>
      <label className="field-label" htmlFor={ids[key as keyof typeof ids]}>
        {t.t(label)}
      </label>
      {control}
      {hint && !problems[key] && <span className="field-help">{t.t(hint)}</span>}
      {problems[key] && (
        <span id={`${ids[key as keyof typeof ids]}-error`} className="field-error" role="alert">
          {problems[key]}
        </span>
      )}
    </div>
  );
  const a11y = (key: keyof McpFormFields) => ({
    id: ids[key as keyof typeof ids],
    'aria-invalid': problems[key] ? true : undefined,
    'aria-describedby': problems[key] ? `${ids[key as keyof typeof ids]}-error` : undefined,
  });

  return (
    <Modal title={t.t(editing ? 'mcp.editTitle' : 'mcp.addTitle')} onClose={onClose} wide>
      {() => (
        <form className="mcp-form" onSubmit={(e) => void save(e)} noValidate>
          <p className="muted small">{t.t('mcp.addBody')}</p>
          {field('name', 'mcp.form.name', <input {...a11y('name')} type="text" value={form.name} readOnly={editing !== undefined} spellCheck={false} autoComplete="off" placeholder="tickets" onChange={(e) => set('name', e.target.value)} />, 'mcp.form.nameHint')}
          {field('description', 'mcp.form.description', <input {...a11y('description')} type="text" value={form.description} onChange={(e) => set('description', e.target.value)} />)}
          <fieldset className="segmented" disabled={editing !== undefined}>
            <legend className="field-label">{t.t('mcp.form.type')}</legend>
            {(['local', 'remote'] as const).map((type) => (
              <label key={type} className={form.type === type ? 'selected' : ''}>
                <input type="radio" name="mcp-type" checked={form.type === type} onChange={() => set('type', type)} />
                {t.t(type === 'local' ? 'mcp.form.local' : 'mcp.form.remote')}
              </label>
            ))}
          </fieldset>
          {form.type === 'local' ? (
            <>
              {field('program', 'mcp.form.program', <input {...a11y('program')} type="text" value={form.program} spellCheck={false} autoComplete="off" placeholder="/usr/local/bin/node" onChange={(e) => set('program', e.target.value)} />, 'mcp.form.programHint')}
              {field('args', 'mcp.form.args', <textarea {...a11y('args')} rows={3} value={form.args} spellCheck={false} placeholder="/opt/mcp/server.js" onChange={(e) => set('args', e.target.value)} />, 'mcp.form.argsHint')}
              {field('environment', 'mcp.form.environment', <textarea {...a11y('environment')} rows={3} value={form.environment} spellCheck={false} placeholder="API_TOKEN=…" onChange={(e) => set('environment', e.target.value)} />, editing ? 'mcp.form.keptHint' : 'mcp.form.environmentHint')}
            </>
          ) : (
            <>
              {field('url', 'mcp.form.url', <input {...a11y('url')} type="url" value={form.url} spellCheck={false} autoComplete="off" placeholder="https://mcp.example.com/mcp" onChange={(e) => set('url', e.target.value)} />, 'mcp.form.urlHint')}
              {field('headers', 'mcp.form.headers', <textarea {...a11y('headers')} rows={3} value={form.headers} spellCheck={false} placeholder="Authorization: Bearer …" onChange={(e) => set('headers', e.target.value)} />, editing ? 'mcp.form.keptHint' : 'mcp.form.headersHint')}
            </>
          )}
          {field(
            'scope',
            'mcp.form.scope',
            <select {...a11y('scope')} value={form.scope} onChange={(e) => set('scope', e.target.value)}>
              <option value="machine">{t.t('mcp.form.machine')}</option>
              {workspaces.map((workspace) => (
                <option key={workspace.id} value={workspace.id}>
                  {t.t('mcp.form.onlyIn', { name: workspace.name })}
                </option>
              ))}
            </select>,
          )}
          {field('traceLabel', 'mcp.form.traceLabel', <input {...a11y('traceLabel')} type="text" value={form.traceLabel} placeholder={t.t('mcp.form.traceLabelPlaceholder')} onChange={(e) => set('traceLabel', e.target.value)} />)}
          {problems.form && (
            <p className="form-error" role="alert">
              {problems.form}
            </p>
          )}
          {busy === 'test' && (
            <p className="muted small" role="status">
              <Spinner size={14} /> {t.t('mcp.testing')}
            </p>
          )}
          {result && <TestResult result={result} />}
          <div className="modal-actions">
            <button type="button" className="button ghost" onClick={onClose} disabled={busy !== undefined}>
              {t.t('builder.cancel')}
            </button>
            <button type="button" className="button secondary" onClick={() => void test()} disabled={busy !== undefined}>
              {t.t('mcp.testConnection')}
            </button>
            <button type="submit" className="button primary" disabled={busy !== undefined}>
              {t.t(editing ? 'mcp.saveChanges' : 'mcp.addServer')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
