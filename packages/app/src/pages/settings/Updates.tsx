// Settings → Updates: the running version, the channel and release feed (a label only), what
// the last check found, and the one action that fits: "Check for updates"; "Download" and
// "Restart to update" only when the host offers in-app install (a signed, packaged macOS
// build); otherwise a link to download the app by hand. The host sends a safe summary only:
// no tokens, feed URLs or headers ever reach this page.
import type { UpdateStatus } from '@open-cowork/contracts';
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../i18n/en.js';
import type { Translator } from '../../i18n/i18n.js';
import { safeExternalUrl } from '../../lib/safe-url.js';
import { useActions, useAppState, useT } from '../../ui/context.js';
import { messageOf } from '../../ui/errors.js';
import { RefreshIcon, Spinner } from '../../ui/icons.js';

export function Updates() {
  const t = useT();
  const updates = useAppState((s) => s.updates);
  const { loadUpdates, checkForUpdates, downloadUpdate, installUpdate, notify } = useActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    void loadUpdates().catch((e: unknown) => setError(messageOf(e)));
  }, [loadUpdates]);

  const act = (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    action()
      .catch((e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'))
      .finally(() => setBusy(false));
  };

  if (updates === undefined) {
    return (
      <section className="settings-section updates" aria-labelledby="set-updates">
        <h2 id="set-updates">{t.t('updates.title')}</h2>
        {error === undefined ? (
          <Spinner size={14} label={t.t('common.loading')} />
        ) : (
          <p className="form-error" role="alert">
            {t.t('common.error', { message: error })}
          </p>
        )}
      </section>
    );
  }

  // https:// only, checked again here; it opens outside the app (target _blank → the system browser).
  const safe = safeExternalUrl(updates.manualUrl);
  const manualUrl = safe?.startsWith('https://') ? safe : undefined;
  const checking = updates.state === 'checking';
  const canCheck = updates.state !== 'downloading' && updates.state !== 'ready' && !(updates.state === 'manual' && updates.reason === 'disabled');
  const offersDownload = updates.inApp && updates.state === 'available';
  const offersRestart = updates.inApp && updates.state === 'ready';

  return (
    <section className="settings-section updates" aria-labelledby="set-updates">
      <div className="section-heading">
        <h2 id="set-updates">{t.t('updates.title')}</h2>
        <div className="heading-actions">
          {canCheck && (
            <button type="button" className="button ghost small" disabled={busy || checking} onClick={() => act(checkForUpdates)}>
              {checking ? <Spinner size={14} /> : <RefreshIcon size={15} />}
              {t.t('updates.check')}
            </button>
          )}
        </div>
      </div>
      <dl className="about">
        <dt>{t.t('updates.currentVersion')}</dt>
        <dd>{updates.currentVersion}</dd>
        <dt>{t.t('updates.channel')}</dt>
        <dd>{updates.channel}</dd>
        <dt>{t.t('updates.source')}</dt>
        <dd>{updates.label}</dd>
      </dl>
      <div className={`update-status tone-${toneOf(updates)}`} role="status" aria-label={t.t('updates.status')}>
        {(checking || updates.state === 'downloading') && <Spinner size={14} />}
        <div>
          <p>{statusText(t, updates)}</p>
          {updates.reason !== undefined && <p className="muted small">{t.t(`updates.reason.${updates.reason}` as MessageKey)}</p>}
          {updates.checkedAt !== undefined && !checking && <p className="muted small">{t.t('updates.checkedAt', { time: t.relative(updates.checkedAt) })}</p>}
        </div>
      </div>
      {updates.state === 'downloading' && updates.progress !== undefined && (
        <progress className="update-progress" max={100} value={updates.progress} aria-label={statusText(t, updates)} />
      )}
      <div className="update-actions">
        {offersDownload && (
          <button type="button" className="button primary small" disabled={busy} onClick={() => act(downloadUpdate)}>
            {t.t('updates.download')}
          </button>
        )}
        {offersRestart && (
          <button type="button" className="button primary small" disabled={busy} onClick={() => act(installUpdate)}>
            {t.t('updates.restart')}
          </button>
        )}
        {!offersDownload && !offersRestart && updates.state !== 'downloading' && manualUrl !== undefined && (
          <a className="button secondary small" href={manualUrl} target="_blank" rel="noopener noreferrer">
            {t.t('updates.manualLink', { url: manualUrl })}
          </a>
        )}
      </div>
    </section>
  );
}

function toneOf(updates: UpdateStatus): 'success' | 'info' | 'error' {
  if (updates.state === 'error') return 'error';
  if (updates.state === 'up-to-date' || updates.state === 'ready') return 'success';
  return 'info';
}

function statusText(t: Translator, updates: UpdateStatus): string {
  const version = updates.availableVersion ?? '';
  switch (updates.state) {
    case 'idle':
      return t.t('updates.state.idle');
    case 'checking':
      return t.t('updates.state.checking');
    case 'up-to-date':
      return t.t('updates.state.up-to-date');
    case 'available':
      return t.t('updates.state.available', { version });
    case 'downloading':
      return updates.progress === undefined
        ? t.t('updates.state.downloading', { version })
        : t.t('updates.state.downloadingProgress', { version, percent: Math.round(updates.progress) });
    case 'ready':
      return t.t('updates.state.ready', { version });
    case 'manual':
      return updates.availableVersion === undefined ? t.t('updates.state.manual') : t.t('updates.state.manualVersion', { version });
    case 'error':
      return t.t('updates.state.error');
  }
}
