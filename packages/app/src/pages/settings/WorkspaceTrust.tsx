// Settings → Workspace trust: the folders whose OpenCode configuration the user allowed to
// load, each with "Revoke" (the runtime reloads without it once no answer is running).
import type { TrustedFolder } from '@open-cowork/contracts';
import { useEffect, useState } from 'react';
import { useActions, useT } from '../../ui/context.js';
import { messageOf } from '../../ui/errors.js';
import { Spinner } from '../../ui/icons.js';

export function WorkspaceTrust() {
  const t = useT();
  const { listTrusted, revokeTrust, notify } = useActions();
  const [folders, setFolders] = useState<readonly TrustedFolder[]>();
  const [busy, setBusy] = useState<string>();
  const fail = (e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error');

  useEffect(() => {
    listTrusted().then(setFolders, fail);
  }, [listTrusted]);

  const revoke = (path: string) => {
    setBusy(path);
    revokeTrust(path)
      .then(async () => {
        notify(t.t('trust.revoked', { path }));
        setFolders(await listTrusted());
      })
      .catch(fail)
      .finally(() => setBusy(undefined));
  };

  return (
    <section className="settings-section" aria-labelledby="set-trust">
      <h2 id="set-trust">{t.t('trust.settings')}</h2>
      <p className="muted small">{t.t('trust.settingsHint')}</p>
      {folders === undefined ? (
        <Spinner size={14} label={t.t('common.loading')} />
      ) : folders.length === 0 ? (
        <p className="muted small">{t.t('trust.none')}</p>
      ) : (
        <ul className="trusted-folders">
          {folders.map((folder) => (
            <li key={folder.path} className="trusted-folder">
              <span className="trusted-folder-text">
                <code>{folder.path}</code>
                <span className="muted small">{t.t('trust.since', { date: t.date(folder.since) })}</span>
              </span>
              <button
                type="button"
                className="button secondary small"
                aria-label={t.t('trust.revokeLabel', { path: folder.path })}
                disabled={busy !== undefined}
                onClick={() => revoke(folder.path)}
              >
                {t.t('trust.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
