// Going back in a chat: the header's History menu (the files the chat changed, fork the chat,
// export it as Markdown or JSON), per-message "Fork from here" and "Revert to here", and the
// banner of a reverted chat with its undo.
import type { SessionFileDiff } from '@open-cowork/contracts';
import { useEffect, useState } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { downloadJson, downloadText } from '../lib/download.js';
import { sessionFileName, sessionJson, sessionMarkdown } from '../lib/session-export.js';
import { shownTitle } from '../lib/session-title.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { Modal } from '../ui/Modal.js';
import { PageLoading } from '../ui/PageLoading.js';
import { navigate } from '../ui/router.js';
import '../styles/session-history.css';

function useFail(): (error: unknown) => void {
  const t = useT();
  const { notify } = useActions();
  return (error) => notify(t.t('common.error', { message: messageOf(error) }), 'error');
}

/** Forks the chat (before `messageId` when given) and opens the new one. */
function useForkAndOpen(sessionId: string): (messageId?: string) => void {
  const { forkSession } = useActions();
  const fail = useFail();
  return (messageId) => void forkSession(sessionId, messageId).then((s) => navigate({ page: 'chat', sessionId: s.id }), fail);
}

/** The chat header's History menu. */
export function HistoryMenu({ sessionId }: { sessionId: string }) {
  const t = useT();
  const session = useAppState((s) => s.sessions.byId[sessionId]);
  const { sessionHistory } = useActions();
  const forkAndOpen = useForkAndOpen(sessionId);
  const fail = useFail();
  const [changes, setChanges] = useState(false);
  const [open, setOpen] = useState(false);
  const title = shownTitle(session?.title ?? '', t.t('sidebar.untitled'));

  const exportAs = (extension: 'md' | 'json') => {
    if (session === undefined) return;
    sessionHistory(sessionId).then((messages) => {
      const name = sessionFileName(title, sessionId, extension);
      if (extension === 'json') downloadJson(name, sessionJson(session, messages, new Date()));
      else
        downloadText(
          name,
          sessionMarkdown(messages, title, {
            you: t.t('chat.you'),
            assistant: t.t('history.assistant'),
            tool: (tool, status) => t.t('history.toolUsed', { tool, status }),
            file: (file) => t.t('history.fileAttached', { file }),
          }),
          'text/markdown',
        );
    }, fail);
  };

  return (
    <>
      <details className="history-menu" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary className="button ghost small">{t.t('history.menu')}</summary>
        {/* Choosing an item closes the menu. */}
        <div className="history-menu-items" onClick={() => setOpen(false)}>
          <button type="button" className="button ghost small" onClick={() => setChanges(true)}>
            {t.t('history.changes')}
          </button>
          <button type="button" className="button ghost small" onClick={() => forkAndOpen()}>
            {t.t('history.fork')}
          </button>
          <button type="button" className="button ghost small" onClick={() => exportAs('md')}>
            {t.t('history.exportMarkdown')}
          </button>
          <button type="button" className="button ghost small" onClick={() => exportAs('json')}>
            {t.t('history.exportJson')}
          </button>
        </div>
      </details>
      {changes && <ChangesDialog sessionId={sessionId} onClose={() => setChanges(false)} />}
    </>
  );
}

function ChangesDialog({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const t = useT();
  const { sessionDiff } = useActions();
  const [files, setFiles] = useState<readonly SessionFileDiff[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    sessionDiff(sessionId).then(
      (found) => live && setFiles(found),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [sessionDiff, sessionId]);
  return (
    <Modal title={t.t('history.changesTitle')} onClose={onClose} wide>
      {() => (
        <div className="changes">
          {error !== undefined ? (
            <p className="banner tone-danger" role="alert">
              {error}
            </p>
          ) : files === undefined ? (
            <PageLoading />
          ) : files.length === 0 ? (
            <p className="muted">{t.t('history.noChanges')}</p>
          ) : (
            files.map((file) => (
              <section key={`${file.messageId}:${file.file}`} className="change" aria-label={file.file}>
                <header className="change-header">
                  <code>{file.file}</code>
                  {file.status !== undefined && <span className="badge">{t.t(`history.status.${file.status}` as MessageKey)}</span>}
                  <span
                    className="change-counts"
                    aria-label={t.t('history.counts', {
                      additions: file.additions,
                      deletions: file.deletions,
                    })}
                  >
                    <span className="added">+{file.additions}</span> <span className="removed">−{file.deletions}</span>
                  </span>
                </header>
                {file.patch !== undefined && (
                  <pre className="change-patch">
                    {file.patch.split('\n').map((line, i) => (
                      <span key={i} className={line.startsWith('+') && !line.startsWith('+++') ? 'added' : line.startsWith('-') && !line.startsWith('---') ? 'removed' : undefined}>
                        {line}
                        {'\n'}
                      </span>
                    ))}
                  </pre>
                )}
              </section>
            ))
          )}
        </div>
      )}
    </Modal>
  );
}

/** Under a message the user wrote: fork the chat before it, or revert the chat to before it. */
export function MessageHistoryActions({ sessionId, messageId, disabled }: { sessionId: string; messageId: string; disabled: boolean }) {
  const t = useT();
  const { revertSession } = useActions();
  const forkAndOpen = useForkAndOpen(sessionId);
  const fail = useFail();
  return (
    <div className="message-history-actions">
      <button type="button" className="button ghost small" disabled={disabled} onClick={() => forkAndOpen(messageId)}>
        {t.t('history.forkHere')}
      </button>
      <button type="button" className="button ghost small" disabled={disabled} onClick={() => revertSession(sessionId, messageId).catch(fail)}>
        {t.t('history.revertHere')}
      </button>
    </div>
  );
}

/** A reverted chat: what that means, and the way back. */
export function RevertedBanner({ sessionId, hidden }: { sessionId: string; hidden: number }) {
  const t = useT();
  const { unrevertSession } = useActions();
  const fail = useFail();
  return (
    <div className="banner tone-warning reverted-banner" role="status">
      <span>{t.t('history.reverted', { count: hidden })}</span>
      <button type="button" className="button secondary small" onClick={() => unrevertSession(sessionId).catch(fail)}>
        {t.t('history.unrevert')}
      </button>
    </div>
  );
}
