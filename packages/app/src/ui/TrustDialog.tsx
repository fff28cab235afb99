import type { TrustFolder, TrustItem, Workspace } from '@open-cowork/contracts';
import { useState } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { useActions, useAppState, useT } from './context.js';
import { messageOf } from './errors.js';
import { Modal } from './Modal.js';

const KIND_KEYS: Readonly<Record<TrustItem['kind'], MessageKey>> = {
  plugin: 'trust.kind.plugin',
  tool: 'trust.kind.tool',
  agent: 'trust.kind.agent',
  command: 'trust.kind.command',
  mode: 'trust.kind.mode',
  skill: 'trust.kind.skill',
  config: 'trust.kind.config',
  other: 'trust.kind.other',
};

/**
 * Asks once whether to trust the current workspace when OpenCode configuration was found in
 * its folder or above it (Workspace.trust.ask). Closing it without an answer asks again on
 * the next visit; "Don't trust" records the answer.
 */
export function TrustPrompt() {
  const workspace = useAppState((s) => s.workspaces.find((w) => w.id === s.currentWorkspaceId));
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  if (workspace?.trust?.ask !== true || dismissed.has(workspace.id)) return null;
  return <TrustDialog key={workspace.id} workspace={workspace} onClose={() => setDismissed((d) => new Set([...d, workspace.id]))} />;
}

/** What was found, folder by folder, with Trust / Don't trust (and a choice per undecided parent folder). */
export function TrustDialog({ workspace, onClose }: { workspace: Workspace; onClose: () => void }) {
  const t = useT();
  const { answerTrust, notify } = useActions();
  const [parents, setParents] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const trust = workspace.trust;
  if (trust === undefined) return null;

  const answer = async (trusted: boolean) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await answerTrust(workspace.id, trusted, trusted ? [...parents] : []);
      notify(t.t(trusted ? 'trust.trustedNotice' : 'trust.declinedNotice', { name: workspace.name }));
      onClose();
    } catch (error) {
      setProblem(messageOf(error));
      setBusy(false);
    }
  };

  const toggle = (folder: string, checked: boolean) =>
    setParents((current) => {
      const next = new Set(current);
      if (checked) next.add(folder);
      else next.delete(folder);
      return next;
    });

  return (
    <Modal title={t.t('trust.title', { name: workspace.name })} onClose={onClose} wide>
      {() => (
        <div className="trust-dialog">
          <p className="muted small">{t.t('trust.intro')}</p>
          {trust.blocked && (
            <p className="banner tone-danger" role="alert">
              {t.t('trust.blocked')}
            </p>
          )}
          {trust.folders.map((folder) => (
            <FolderFindings
              key={folder.path}
              folder={folder}
              own={folder.path === workspace.path}
              checked={parents.has(folder.path)}
              onCheck={(checked) => toggle(folder.path, checked)}
            />
          ))}
          {problem !== undefined && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          <div className="modal-actions">
            <button type="button" className="button ghost" disabled={busy} onClick={() => void answer(false)}>
              {t.t('trust.dontTrust')}
            </button>
            <button type="button" className="button primary" disabled={busy} onClick={() => void answer(true)}>
              {t.t('trust.trust')}
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}

function FolderFindings({ folder, own, checked, onCheck }: { folder: TrustFolder; own: boolean; checked: boolean; onCheck: (checked: boolean) => void }) {
  const t = useT();
  if (folder.items.length === 0) return null;
  const relative = (item: TrustItem) => (item.path.startsWith(`${folder.path}/`) ? item.path.slice(folder.path.length + 1) : item.path);
  return (
    <section className="trust-folder" aria-label={own ? t.t('trust.thisFolder', { path: folder.path }) : t.t('trust.parentFolder', { path: folder.path })}>
      <h3 className="trust-folder-title">
        <span>{own ? t.t('trust.thisFolder', { path: folder.path }) : t.t('trust.parentFolder', { path: folder.path })}</span>
        {!own && folder.decision !== 'undecided' && (
          <span className={`badge ${folder.decision === 'trusted' ? 'tone-success' : ''}`}>{t.t(folder.decision === 'trusted' ? 'trust.decision.trusted' : 'trust.decision.untrusted')}</span>
        )}
      </h3>
      <ul className="trust-items">
        {folder.items.map((item) => (
          <li key={item.path}>
            <span className={`badge ${item.kind === 'plugin' || item.kind === 'tool' ? 'tone-warning' : ''}`}>{t.t(KIND_KEYS[item.kind])}</span> <code>{relative(item)}</code>
          </li>
        ))}
        {folder.more > 0 && <li className="muted small">{t.t('trust.more', { count: folder.more })}</li>}
      </ul>
      {!own && <p className="muted small">{t.t('trust.parentNote')}</p>}
      {!own && folder.decision === 'undecided' && (
        <label className="trust-parent">
          <input type="checkbox" checked={checked} onChange={(e) => onCheck(e.target.checked)} />
          {t.t('trust.alsoParent', { path: folder.path })}
        </label>
      )}
    </section>
  );
}
