import type { PromptFile } from '@open-cowork/contracts';
import { useMemo, useState } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { shownTitle } from '../lib/session-title.js';
import { Composer } from '../ui/Composer.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { ChevronIcon, SparkIcon } from '../ui/icons.js';
import { hrefOf, navigate } from '../ui/router.js';
import { sortSessions } from '../ui/Sidebar.js';
import { useNow } from '../ui/useNow.js';

const SUGGESTIONS: readonly MessageKey[] = ['home.suggestion.1', 'home.suggestion.2', 'home.suggestion.3', 'home.suggestion.4'];

export function Home() {
  const t = useT();
  const byId = useAppState((s) => s.sessions.byId);
  const hasWorkspace = useAppState((s) => s.workspaces.length > 0);
  const workspaceId = useAppState((s) => s.currentWorkspaceId);
  const { startChat, notify, chooseChatAgent } = useActions();
  const agent = useAppState((s) => s.chatAgents.draft);
  const recent = useMemo(() => sortSessions(byId, workspaceId).slice(0, 6), [byId, workspaceId]);
  const now = useNow();
  const [seed, setSeed] = useState<{ text: string; nonce: number }>();

  const send = async (text: string, files: readonly PromptFile[], to: string | undefined) => {
    try {
      const sessionId = await startChat(text, { files, ...(to === undefined ? {} : { agent: to }) });
      navigate({ page: 'chat', sessionId });
    } catch (error) {
      notify(t.t('common.error', { message: messageOf(error) }), 'error');
      throw error;
    }
  };

  return (
    <div className="page home">
      <div className="home-inner">
        <header className="home-header">
          <h1 className="home-greeting">{t.t('home.greeting')}</h1>
          <p className="home-subtitle muted">{t.t('home.subtitle')}</p>
        </header>
        {!hasWorkspace && (
          <p className="banner tone-warning" role="alert">
            {t.t('home.noWorkspace')}
          </p>
        )}
        <Composer
          placeholder={t.t('home.composerPlaceholder')}
          onSend={send}
          agent={agent}
          onAgentChange={(name) => chooseChatAgent(undefined, name)}
          workspaceId={workspaceId}
          autoFocus
          seed={seed}
          disabled={!hasWorkspace}
        />
        <section className="suggestions" aria-labelledby="suggestions-heading">
          <h2 id="suggestions-heading" className="section-label">
            {t.t('home.suggestionLabel')}
          </h2>
          <div className="suggestion-grid">
            {SUGGESTIONS.map((key) => {
              const text = t.t(key);
              return (
                <button key={key} type="button" className="suggestion" onClick={() => setSeed({ text, nonce: Date.now() })}>
                  <SparkIcon size={15} />
                  <span>{text}</span>
                </button>
              );
            })}
          </div>
        </section>
        <section className="recent" aria-labelledby="recent-heading">
          <h2 id="recent-heading" className="section-label">
            {t.t('home.recent')}
          </h2>
          {recent.length === 0 ? (
            <p className="muted">{t.t('home.noRecent')}</p>
          ) : (
            <ul className="recent-list">
              {recent.map((session) => (
                <li key={session.id}>
                  <a className="recent-item" href={hrefOf({ page: 'chat', sessionId: session.id })}>
                    <span className="recent-title">{shownTitle(session.title, t.t('sidebar.untitled'))}</span>
                    <span className="recent-time muted">{t.relative(session.updatedAt, now)}</span>
                    <ChevronIcon size={15} />
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
