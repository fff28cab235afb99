import type { McpCredentialFieldView, McpInfo, McpTestResult } from '@open-cowork/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useActions, useT } from '../../ui/context.js';
import { messageOf } from '../../ui/errors.js';
import { TestResult } from './TestResult.js';

/** Whether a field's `when` condition holds for the values in the form (hiding never clears a value). */
function shown(field: McpCredentialFieldView, values: Readonly<Record<string, string>>): boolean {
  if (field.when === undefined) return true;
  const other = values[field.when.key] ?? '';
  return field.when.op === 'eq' ? other === field.when.value : other !== field.when.value;
}

/**
 * A bundled server's credential fields. Secret fields are write-only: empty means "keep what
 * is stored". Saving stores the changed fields and shows the preflight's verdict.
 */
export function McpCredentials({ mcp }: { mcp: McpInfo }) {
  const t = useT();
  const { saveMcpCredentials, notify } = useActions();
  const fields = mcp.credentials ?? [];
  const initial = Object.fromEntries(fields.map((field) => [field.key, field.secret ? '' : (field.value ?? '')]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [busy, setBusy] = useState(false);
  const [preflight, setPreflight] = useState<McpTestResult>();
  const [error, setError] = useState<string>();
  const formId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const changed: Record<string, string | null> = {};
    for (const field of fields) {
      const value = values[field.key] ?? '';
      if (field.secret) {
        if (value !== '') changed[field.key] = value;
      } else if (value !== (field.value ?? '')) {
        changed[field.key] = value === '' ? null : value;
      }
    }
    setBusy(true);
    setError(undefined);
    setPreflight(undefined);
    try {
      const result = await saveMcpCredentials(mcp.name, changed);
      setValues((current) => Object.fromEntries(Object.entries(current).map(([key, value]) => [key, fields.find((f) => f.key === key)?.secret ? '' : value])));
      setPreflight(result.preflight);
      notify(t.t('mcp.credentialsSaved', { name: mcp.name }));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="mcp-credentials" aria-label={t.t('mcp.credentialsOf', { name: mcp.name })} onSubmit={(e) => void submit(e)} noValidate>
      {fields.filter((field) => shown(field, values)).map((field) => {
        const id = `${formId}-${field.key}`;
        const label = (
          <span className="field-label">
            {field.label}
            {field.required && <span aria-hidden="true"> *</span>}
          </span>
        );
        if (field.type === 'radio' && field.options) {
          return (
            <fieldset key={field.key} className="field">
              <legend>{label}</legend>
              {field.options.map((option) => (
                <label key={option.value} className="radio-row">
                  <input type="radio" name={id} checked={values[field.key] === option.value} onChange={() => setValues({ ...values, [field.key]: option.value })} />
                  <span>{option.label}</span>
                  {option.hint && <span className="muted small"> {option.hint}</span>}
                </label>
              ))}
              {field.description && <span className="field-help">{field.description}</span>}
            </fieldset>
          );
        }
        return (
          <div key={field.key} className="field">
            <label htmlFor={id}>{label}</label>
            {field.type === 'select' && field.options ? (
              <select id={id} value={values[field.key] ?? ''} onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}>
                <option value="">{t.t('mcp.choose')}</option>
                {field.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                type={field.secret ? 'password' : 'text'}
                autoComplete="off"
                spellCheck={false}
                value={values[field.key] ?? ''}
                placeholder={field.secret && field.isSet ? t.t('mcp.secretKept') : (field.placeholder ?? '')}
                onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
              />
            )}
            {field.description && <span className="field-help">{field.description}</span>}
          </div>
        );
      })}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {preflight && <TestResult result={preflight} />}
      <div className="card-actions">
        <button type="submit" className="button primary small" disabled={busy}>
          {t.t('mcp.saveCredentials')}
        </button>
      </div>
    </form>
  );
}
