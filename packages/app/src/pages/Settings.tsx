import type { Appearance, PermissionChoice, PermissionChoices, Provider, SettingsPatch } from '@open-cowork/contracts';
import { useMemo, useState, type FormEvent } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { modelOptions } from '../lib/models.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { PageLoading } from '../ui/PageLoading.js';
import { hrefOf } from '../ui/router.js';

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
  const info = useAppState((s) => s.info);
  const runtime = useAppState((s) => s.runtime);
  const { updateSettings, notify } = useActions();
  const options = useMemo(() => modelOptions(providers.list), [providers.list]);

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
          <a className="button secondary small" href={hrefOf({ page: 'setup' })}>
            {t.t('settings.setup')}
          </a>
        </div>
        <div className="stack">
          {providers.list.map((p) => (
            <ProviderSettings key={p.id} provider={p} />
          ))}
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

      <section className="settings-section" aria-labelledby="set-about">
        <h2 id="set-about">{t.t('settings.about')}</h2>
        <dl className="about">
          <dt>{info?.branding.name}</dt>
          <dd>{t.t('settings.version', { version: info?.version ?? '' })}</dd>
          <dt>{t.t('settings.runtime')}</dt>
          <dd>
            {runtime?.state}
            {runtime?.version ? ` · OpenCode ${runtime.version}` : ''}
          </dd>
        </dl>
      </section>
    </div>
  );
}

function ProviderSettings({ provider }: { provider: Provider }) {
  const t = useT();
  const { setCredential, clearCredential, notify } = useActions();
  const [values, setValues] = useState<Record<string, string>>({});
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
    <div className="card provider-settings">
      <div className="card-title">
        <h3>{provider.name}</h3>
        <span className={`badge ${provider.connected ? 'tone-success' : ''}`}>
          {provider.connected ? t.t('settings.providerConnected') : t.t('settings.providerNotConnected')}
        </span>
      </div>
      {provider.description && <p className="muted small">{provider.description}</p>}
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
    </div>
  );
}
