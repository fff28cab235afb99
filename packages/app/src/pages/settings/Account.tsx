// Settings → Account: the app's own sign-in (config auth.mode). Signed out: "Sign in with
// Google". Waiting: "Continue in your browser", with the sign-in link to open or copy in case
// no browser came up. Signed in: the account's email and "Sign out". The host decides and
// reports every change as auth.changed; this page never sees a token.
import { useEffect, useRef, useState } from 'react';
import { useActions, useAppState, useT } from '../../ui/context.js';
import { messageOf } from '../../ui/errors.js';
import { CopyIcon, Spinner } from '../../ui/icons.js';
import { copyText } from '../../lib/clipboard.js';

export function Account() {
  const t = useT();
  const auth = useAppState((s) => s.auth);
  const { loadAuth, signIn, signOut, notify } = useActions();
  const [url, setUrl] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const wasPending = useRef(false);

  useEffect(() => {
    void loadAuth().catch((e: unknown) => setError(messageOf(e)));
  }, [loadAuth]);

  // A sign-in that finished (here or in another window): say so once, and drop the link.
  useEffect(() => {
    if (auth === undefined) return;
    if (wasPending.current && !auth.pending && auth.signedIn) notify(t.t('account.signedInNotice'));
    wasPending.current = auth.pending;
    if (!auth.pending) setUrl(undefined);
  }, [auth, notify, t]);

  const start = () => {
    setBusy(true);
    setError(undefined);
    signIn()
      .then(({ url: link }) => setUrl(link))
      .catch((e: unknown) => setError(messageOf(e)))
      .finally(() => setBusy(false));
  };

  const leave = () => {
    setBusy(true);
    setError(undefined);
    signOut()
      .then(() => notify(t.t('account.signedOutNotice')))
      .catch((e: unknown) => setError(messageOf(e)))
      .finally(() => setBusy(false));
  };

  const copy = () => {
    if (url === undefined) return;
    copyText(url)
      .then(() => notify(t.t('account.linkCopied')))
      .catch((e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'));
  };

  return (
    <section className="settings-section account" aria-labelledby="set-account">
      <h2 id="set-account">{t.t('account.title')}</h2>
      {auth === undefined ? (
        error === undefined ? (
          <Spinner size={14} label={t.t('common.loading')} />
        ) : (
          <p className="form-error" role="alert">
            {t.t('account.error', { message: error })}
          </p>
        )
      ) : auth.mode === 'none' ? (
        <p className="muted">{t.t('account.notUsed')}</p>
      ) : auth.signedIn ? (
        <div className="account-row">
          <p>{auth.email !== undefined ? t.t('account.signedInAs', { email: auth.email }) : t.t('account.signedIn')}</p>
          <button type="button" className="button secondary small" onClick={leave} disabled={busy}>
            {t.t('account.signOut')}
          </button>
        </div>
      ) : auth.pending ? (
        <div className="stack">
          <p className="muted with-spinner" role="status">
            <Spinner size={14} />
            {t.t('account.continueInBrowser')}
          </p>
          {url !== undefined && (
            <p className="small account-link">
              {t.t('account.linkHint')}{' '}
              <a href={url} target="_blank" rel="noopener noreferrer">
                {url}
              </a>
            </p>
          )}
          <div className="heading-actions">
            {url !== undefined && (
              <button type="button" className="button ghost small" onClick={copy}>
                <CopyIcon size={15} />
                {t.t('account.copyLink')}
              </button>
            )}
            <button type="button" className="button ghost small" onClick={start} disabled={busy}>
              {t.t('account.startOver')}
            </button>
          </div>
        </div>
      ) : (
        <div className="stack">
          <p className="muted">{t.t('account.signedOut')}</p>
          {auth.problem !== undefined && (
            <p className="form-error" role="alert">
              {t.t('account.notConfigured', { problem: auth.problem })}
            </p>
          )}
          {auth.failure !== undefined && auth.problem === undefined && (
            <p className="form-error" role="alert">
              {t.t('account.failed', { message: auth.failure.message })}
            </p>
          )}
          <div>
            <button type="button" className="button primary" onClick={start} disabled={busy || auth.problem !== undefined}>
              {busy && <Spinner size={14} />}
              {t.t('account.signIn')}
            </button>
          </div>
        </div>
      )}
      {auth !== undefined && error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
