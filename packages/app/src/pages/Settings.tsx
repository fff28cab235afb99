import type { Appearance, PermissionChoice, PermissionChoices, Provider, SettingsPatch } from '@open-cowork/contracts';
import { useMemo, useState, type FormEvent } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { effectiveModel, modelLabel, modelOptions, providerTestModel } from '../lib/models.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { CheckIcon, RefreshIcon, Spinner } from '../ui/icons.js';
import { PageLoading } from '../ui/PageLoading.js';
import { hrefOf } from '../ui/router.js';
import { Account } from './settings/Account.js';
import { Updates } from './settings/Updates.js';
import { WorkspaceTrust } from './settings/WorkspaceTrust.js';
import { AboutSection } from './settings/About.js';
import { ConfigProblems, OwnProvider } from './settings/OwnProvider.js';
import { TelemetrySwitch } from './settings/TelemetrySwitch.js';
import '../styles/settings.css';

/** How long "Test connection" waits for the answer (the first run's probe uses the same). */
const TEST_TIMEOUT_MS = 90_000;

const APPEARANCES: readonly Appearance[] = ['light', 'dark', 'system'];
const APPEARANCE_KEYS: Readonly<Record<Appearance, MessageKey>> = {
  light: 'settings.appearance.light',
  dark: 'settings.appearance.dark',
  system: 'settings.appearance.system',
};
const CAPABILITIES: readonly (keyof PermissionChoices)[] = ['bash', 'fileWrite', 'task', 'web'];
const CAPABILITY_KEYS: Readonly<Record<keyof PermissionChoices, MessageKey>> = {
  bash: 'settings.permission.bash',
  fileWrite: 'settings.permission.fileWrite',
  task: 'settings.permission.task',
  web: 'settings.permission.web',
};
const CHOICES: readonly PermissionChoice[] = ['off', 'ask', 'allow'];
const CHOICE_KEYS: Readonly<Record<PermissionChoice, MessageKey>> = { off: 'settings.choice.off', ask: 'settings.choice.ask', allow: 'settings.choice.allow' };

export default function Settings() {
  const t = useT();
  const settings = useAppState((s) => s.settings);
  const providers = useAppState((s) => s.providers);
  const { updateSettings, refreshProviders, notify } = useActions();
  const options = useMemo(() => modelOptions(providers.list), [providers.list]);
  const [refreshing, setRefreshing] = useState(false);

  if (!settings) return <PageLoading />;

  const save = (patch: SettingsPatch) =>
    updateSettings(patch)
      .then(() => notify(t.t('settings.saved')))
      .catch((e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'));

  const model = settings.model ?? providers.defaultModel ?? '';

  return (
    <div className="page settings">
      <header className="page-header">
        <h1>{t.t('settings.title')}</h1>
      </header>

      <Account />

      <section className="settings-section" aria-labelledby="set-appearance">
        <h2 id="set-appearance">{t.t('settings.appearance')}</h2>
        <div className="segmented" role="radiogroup" aria-labelledby="set-appearance">
          {APPEARANCES.map((a) => (
            <label key={a} className={settings.appearance === a ? 'selected' : ''}>
              <input type="radio" name="appearance" checked={settings.appearance === a} onChange={() => void save({ appearance: a })} />
              {t.t(APPEARANCE_KEYS[a])}
            </label>
          ))}
        </div>
      </section>

      <section className="settings-section" aria-labelledby="set-model">
        <h2 id="set-model">{t.t('settings.model')}</h2>
        <select aria-labelledby="set-model" value={model} onChange={(e) => void save({ model: e.target.value === '' ? null : e.target.value })}>
          {!options.some((o) => o.ref === model) && <option value={model}>{model || t.t('composer.defaultModel')}</option>}
          {options.map((o) => (
            <option key={o.ref} value={o.ref}>
              {o.providerName} · {o.name}
            </option>
          ))}
        </select>
      </section>

      <section className="settings-section" aria-labelledby="set-providers">
        <div className="section-heading">
          <h2 id="set-providers">{t.t('settings.providers')}</h2>
          <div className="heading-actions">
            <button
              type="button"
              className="button ghost small"
              title={t.t('settings.refreshHint')}
              disabled={refreshing}
              onClick={() => {
                setRefreshing(true);
                refreshProviders()
                  .then((list) => notify(t.t('settings.refreshed', refreshCounts(list))))
                  .catch((e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'))
                  .finally(() => setRefreshing(false));
              }}
            >
              {refreshing ? <Spinner size={14} /> : <RefreshIcon size={15} />}
              {t.t('settings.refreshCatalog')}
            </button>
            <a className="button secondary small" href={hrefOf({ page: 'setup' })}>
              {t.t('settings.setup')}
            </a>
          </div>
        </div>
        <p className="muted small">{t.t('settings.refreshHint')}</p>
        <ConfigProblems />
        <div className="stack">
          {providers.list.map((p) => (
            <ProviderSettings key={p.id} provider={p} />
          ))}
          <OwnProvider />
        </div>
      </section>

      <section className="settings-section" aria-labelledby="set-permissions">
        <h2 id="set-permissions">{t.t('settings.permissions')}</h2>
        <p className="muted small">{t.t('settings.permissionsHint')}</p>
        <div className="permission-table">
          {CAPABILITIES.map((cap) => {
            const ceiling = settings.permissionCeilings[cap];
            return (
              <div key={cap} className="permission-row" role="radiogroup" aria-label={t.t(CAPABILITY_KEYS[cap])}>
                <span className="permission-name">{t.t(CAPABILITY_KEYS[cap])}</span>
                <div className="segmented">
                  {CHOICES.map((choice) => {
                    const allowed = CHOICES.indexOf(choice) <= CHOICES.indexOf(ceiling);
                    return (
                      <label key={choice} className={`${settings.permissions[cap] === choice ? 'selected' : ''}${allowed ? '' : ' disabled'}`}>
                        <input
                          type="radio"
                          name={`perm-${cap}`}
                          disabled={!allowed}
                          checked={settings.permissions[cap] === choice}
                          onChange={() => void save({ permissions: { [cap]: choice } })}
                        />
                        {t.t(CHOICE_KEYS[choice])}
                      </label>
                    );
                  })}
                </div>
              </div>
            );
          })}
          <label className="permission-row toggle">
            <span className="permission-name">{t.t('settings.webSearch')}</span>
            <input
              type="checkbox"
              role="switch"
              checked={settings.webSearch}
              disabled={!settings.permissionCeilings.webSearch}
              onChange={(e) => void save({ webSearch: e.target.checked })}
            />
          </label>
        </div>
      </section>

      <WorkspaceTrust />

      <TelemetrySwitch />

      <Updates />

      <AboutSection />
    </div>
  );
}

function ProviderSettings({ provider }: { provider: Provider }) {
  const t = useT();
  const { setCredential, clearCredential, notify } = useActions();
  const [values, setValues] = useState<Record<string, string>>({});
  const headingId = `provider-${provider.id}`;
  const fail = (e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error');

  const submit = (key: string) => (event: FormEvent) => {
    event.preventDefault();
    const value = (values[key] ?? '').trim();
    if (value === '') return;
    setCredential(provider.id, key, value)
      .then(() => {
        setValues((v) => ({ ...v, [key]: '' }));
        notify(t.t('settings.saved'));
      })
      .catch(fail);
  };

  return (
    <section className="card provider-settings" aria-labelledby={headingId}>
      <div className="card-title">
        <h3 id={headingId}>{provider.name}</h3>
        <span className={`badge ${provider.connected ? 'tone-success' : provider.setup !== undefined ? 'tone-warning' : ''}`}>
          {provider.connected ? t.t('settings.providerConnected') : provider.setup !== undefined ? t.t('settings.providerNeedsSetup') : t.t('settings.providerNotConnected')}
        </span>
      </div>
      {provider.description && <p className="muted small">{provider.description}</p>}
      {provider.setup !== undefined && <p className="form-error small">{provider.setup}</p>}
      {provider.credentials.map((field) => (
        <form key={field.key} className="credential-row" onSubmit={submit(field.key)}>
          <label className="field">
            <span className="field-label">{field.label}</span>
            <input
              type={field.secret ? 'password' : 'text'}
              autoComplete="off"
              spellCheck={false}
              value={values[field.key] ?? ''}
              placeholder={field.set && field.value ? field.value : field.placeholder}
              onChange={(e) => setValues((v) => ({ ...v, [field.key]: e.target.value }))}
            />
          </label>
          <button type="submit" className="button secondary small" disabled={(values[field.key] ?? '').trim() === ''}>
            {t.t('settings.credentialSave')}
          </button>
          {field.set && (
            <button type="button" className="button ghost small" onClick={() => clearCredential(provider.id, field.key).catch(fail)}>
              {t.t('settings.credentialClear')}
            </button>
          )}
        </form>
      ))}
      <ConnectionTest provider={provider} />
    </section>
  );
}

type TestState = { readonly phase: 'idle' } | { readonly phase: 'testing' | 'ok' | 'failed'; readonly model: string; readonly text?: string };

/**
 * "Test connection": a real short prompt to the provider's chosen (else default, else first)
 * model, through the same probe the first run uses (a scratch chat, deleted afterwards).
 */
function ConnectionTest({ provider }: { provider: Provider }) {
  const t = useT();
  const { probeModel } = useActions();
  const settings = useAppState((s) => s.settings);
  const defaultModel = useAppState((s) => s.providers.defaultModel);
  const composerModel = useAppState((s) => s.composerModel);
  const [state, setState] = useState<TestState>({ phase: 'idle' });
  const model = providerTestModel(provider, composerModel ?? effectiveModel(settings, defaultModel));
  const label = model === undefined ? '' : `${provider.name} · ${modelLabel(modelOptions([provider], false), model) ?? model}`;

  const test = async () => {
    if (model === undefined) return;
    setState({ phase: 'testing', model: label });
    try {
      const reply = await probeModel(model, t.t('firstRun.testPrompt'), TEST_TIMEOUT_MS);
      setState({ phase: 'ok', model: label, text: reply });
    } catch (error) {
      setState({ phase: 'failed', model: label, text: messageOf(error) });
    }
  };

  return (
    <div className="connection-test">
      <div className="connection-test-bar">
        <button
          type="button"
          className="button secondary small"
          disabled={!provider.connected || model === undefined || state.phase === 'testing'}
          title={provider.connected ? label : t.t('settings.testNeedsConnection')}
          onClick={() => void test()}
        >
          {t.t('settings.testConnection')}
        </button>
        {!provider.connected && <span className="muted small">{t.t('settings.testNeedsConnection')}</span>}
      </div>
      {state.phase === 'testing' && (
        <p className="muted small with-spinner" role="status">
          <Spinner size={14} />
          {t.t('settings.testing', { model: state.model })}
        </p>
      )}
      {state.phase === 'ok' && (
        <div className="test-result tone-success" role="status">
          <CheckIcon size={16} />
          <div>
            <p>{t.t('settings.testOk', { model: state.model })}</p>
            <blockquote>{state.text}</blockquote>
          </div>
        </div>
      )}
      {state.phase === 'failed' && (
        <p className="form-error" role="alert">
          {t.t('settings.testFailed', { model: state.model, message: state.text ?? '' })}
        </p>
      )}
    </div>
  );
}

function refreshCounts(providers: readonly Provider[]): { providers: number; models: number } {
  const connected = providers.filter((p) => p.connected);
  return { providers: connected.length, models: connected.reduce((sum, p) => sum + p.models.length, 0) };
}
