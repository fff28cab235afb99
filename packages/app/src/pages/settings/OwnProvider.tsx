// "Your own model": an OpenAI-compatible endpoint (a local server, a company gateway) added
// from the UI: name, base URL, key, its models (typed, or fetched from the endpoint), a real
// test prompt, and Save to the user's config file. The key is sent once and never shown again.
import type { Provider } from '@open-cowork/contracts';
import { useState, type FormEvent } from 'react';
import { useActions, useAppState, useT } from '../../ui/context.js';
import { messageOf } from '../../ui/errors.js';
import { CheckIcon, Spinner } from '../../ui/icons.js';

type Status = { readonly kind: 'idle' } | { readonly kind: 'busy'; readonly what: 'fetch' | 'test' | 'save' } | { readonly kind: 'ok' | 'error'; readonly text: string };

/** A provider id from its name: lower-case letters, digits and dashes. */
export function providerIdFor(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'my-model'
  );
}

function modelList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((model) => model.trim()).filter((model) => model !== ''))];
}

export function OwnProvider({ onSaved }: { readonly onSaved?: (provider: Provider) => void }) {
  const t = useT();
  const { saveCustomProvider, fetchEndpointModels, testEndpoint } = useActions();
  const [name, setName] = useState('');
  const [baseURL, setBaseURL] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [models, setModels] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const busy = status.kind === 'busy';
  const endpoint = { baseURL: baseURL.trim(), ...(apiKey.trim() === '' ? {} : { apiKey: apiKey.trim() }) };
  const listed = modelList(models);

  const run = async (what: 'fetch' | 'test' | 'save', step: () => Promise<string>) => {
    setStatus({ kind: 'busy', what });
    try {
      setStatus({ kind: 'ok', text: await step() });
    } catch (error) {
      setStatus({ kind: 'error', text: messageOf(error) });
    }
  };

  const fetchModels = () =>
    run('fetch', async () => {
      const found = await fetchEndpointModels(endpoint);
      setModels(found.join('\n'));
      return t.t('ownProvider.fetched', { count: found.length });
    });

  const test = () =>
    run('test', async () => {
      const outcome = await testEndpoint({ ...endpoint, model: listed[0]! });
      if (!outcome.ok) throw new Error(outcome.problem ?? t.t('ownProvider.testNoAnswer'));
      return t.t('ownProvider.testOk', { model: listed[0]!, reply: outcome.reply ?? '' });
    });

  const save = (event: FormEvent) => {
    event.preventDefault();
    const [first, ...rest] = listed;
    if (first === undefined) return;
    void run('save', async () => {
      const saved = await saveCustomProvider({ id: providerIdFor(name), name: name.trim(), ...endpoint, models: [first, ...rest] });
      setApiKey('');
      onSaved?.(saved);
      return t.t('ownProvider.saved', { name: saved.name });
    });
  };

  return (
    <form className="card own-provider" aria-labelledby="own-provider-title" onSubmit={save}>
      <div className="card-title">
        <h3 id="own-provider-title">{t.t('ownProvider.title')}</h3>
      </div>
      <p className="muted small">{t.t('ownProvider.hint')}</p>
      <label className="field">
        <span className="field-label">{t.t('ownProvider.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Local model" required />
      </label>
      <label className="field">
        <span className="field-label">{t.t('ownProvider.baseURL')}</span>
        <input value={baseURL} onChange={(e) => setBaseURL(e.target.value)} placeholder="http://127.0.0.1:11434/v1" spellCheck={false} required />
      </label>
      <label className="field">
        <span className="field-label">{t.t('ownProvider.apiKey')}</span>
        <input type="password" autoComplete="off" spellCheck={false} value={apiKey} onChange={(e) => setApiKey(e.target.value)} placeholder={t.t('ownProvider.apiKeyHint')} />
      </label>
      <label className="field">
        <span className="field-label">{t.t('ownProvider.models')}</span>
        <textarea rows={3} value={models} onChange={(e) => setModels(e.target.value)} placeholder={t.t('ownProvider.modelsHint')} spellCheck={false} />
      </label>
      <div className="own-provider-actions">
        <button type="button" className="button ghost small" disabled={busy || endpoint.baseURL === ''} onClick={() => void fetchModels()}>
          {t.t('ownProvider.fetch')}
        </button>
        <button type="button" className="button secondary small" disabled={busy || endpoint.baseURL === '' || listed.length === 0} onClick={() => void test()}>
          {t.t('ownProvider.test')}
        </button>
        <button type="submit" className="button primary small" disabled={busy || name.trim() === '' || endpoint.baseURL === '' || listed.length === 0}>
          {t.t('ownProvider.save')}
        </button>
      </div>
      {status.kind === 'busy' && (
        <p className="muted small with-spinner" role="status">
          <Spinner size={14} />
          {t.t(status.what === 'fetch' ? 'ownProvider.fetching' : status.what === 'test' ? 'ownProvider.testing' : 'ownProvider.saving')}
        </p>
      )}
      {status.kind === 'ok' && (
        <p className="test-result tone-success" role="status">
          <CheckIcon size={16} /> {status.text}
        </p>
      )}
      {status.kind === 'error' && (
        <p className="form-error" role="alert">
          {status.text}
        </p>
      )}
    </form>
  );
}

/** What is wrong with the user's config file, when a hand edit did not apply. */
export function ConfigProblems() {
  const t = useT();
  const problems = useAppState((s) => s.configProblems);
  if (problems.length === 0) return null;
  return (
    <div className="form-error config-problems" role="alert">
      <p>{t.t('ownProvider.configProblems')}</p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>
            <code>
              {problem.file}
              {problem.line === undefined ? '' : `:${problem.line}`}
              {problem.pointer === '' ? '' : ` ${problem.pointer}`}
            </code>
            : {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
