import type { Session } from '@open-cowork/contracts';
import { memo, useDeferredValue, useMemo, useState } from 'react';
import { safeExternalUrl } from '../lib/safe-url.js';
import { shownTitle } from '../lib/session-title.js';
import type { MessageKey } from '../i18n/en.js';
import { BrandBlock } from './BrandBlock.js';
import { useAppState, useT } from './context.js';
import { AgentsIcon, HealthIcon, HomeIcon, JobsIcon, PlusIcon, SearchIcon, SettingsIcon, ShieldIcon, ToolsIcon } from './icons.js';
import { hrefOf, useRoute, type Route } from './router.js';
import { StatusIndicator } from './StatusIndicator.js';
import { useNow } from './useNow.js';
import { WorkspacePicker } from './WorkspacePicker.js';

const NAV: readonly { route: Route; key: MessageKey; Icon: typeof HomeIcon }[] = [
  { route: { page: 'home' }, key: 'nav.home', Icon: HomeIcon },
  { route: { page: 'agents' }, key: 'nav.agents', Icon: AgentsIcon },
  { route: { page: 'tools' }, key: 'nav.tools', Icon: ToolsIcon },
  { route: { page: 'jobs' }, key: 'nav.jobs', Icon: JobsIcon },
  { route: { page: 'approvals' }, key: 'nav.approvals', Icon: ShieldIcon },
  { route: { page: 'health' }, key: 'nav.health', Icon: HealthIcon },
  { route: { page: 'settings' }, key: 'nav.settings', Icon: SettingsIcon },
];

export function Sidebar() {
  const t = useT();
  const branding = useAppState((s) => s.info?.branding);
  const route = useRoute();
  const lower = branding?.sidebar?.lower;
  const lowerLink = safeExternalUrl(lower?.linkUrl);
  const waiting = useAppState((s) => s.permissions.length + s.questions.length);

  return (
    <aside className="sidebar">
      <div className="sidebar-top">{branding && <BrandBlock branding={branding} />}</div>
      <WorkspacePicker />
      <a className="button secondary new-chat" href={hrefOf({ page: 'home' })}>
        <PlusIcon size={16} />
        {t.t('nav.newChat')}
      </a>
      <nav className="nav" aria-label={t.t('nav.label')}>
        {NAV.map(({ route: target, key, Icon }) => {
          const current = route.page === target.page || (target.page === 'agents' && route.page === 'agent');
          return (
            <a key={key} className="nav-link" href={hrefOf(target)} aria-current={current ? 'page' : undefined}>
              <Icon size={17} />
              <span>{t.t(key)}</span>
              {target.page === 'approvals' && waiting > 0 && (
                <>
                  <span className="nav-count" aria-hidden="true">
                    {waiting}
                  </span>
                  <span className="visually-hidden">{t.t('nav.approvalsWaiting', { count: waiting })}</span>
                </>
              )}
            </a>
          );
        })}
      </nav>
      <SessionList activeId={route.page === 'chat' ? route.sessionId : undefined} />
      <div className="sidebar-bottom">
        {lower && (lower.text || lower.secondaryText || lowerLink) && (
          <div className="sidebar-note">
            {lower.text && <p className="note-text">{lower.text}</p>}
            {lower.secondaryText && <p className="note-secondary">{lower.secondaryText}</p>}
            {lowerLink && (
              <a className="note-link" href={lowerLink} target="_blank" rel="noopener noreferrer">
                {lower.linkLabel ?? lowerLink}
              </a>
            )}
          </div>
        )}
        <StatusIndicator />
      </div>
    </aside>
  );
}

function SessionList({ activeId }: { activeId: string | undefined }) {
  const t = useT();
  const byId = useAppState((s) => s.sessions.byId);
  const statuses = useAppState((s) => s.sessions.statuses);
  const load = useAppState((s) => s.sessions.load);
  const workspaceId = useAppState((s) => s.currentWorkspaceId);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const sessions = useMemo(() => sortSessions(byId, workspaceId), [byId, workspaceId]);
  const visible = useMemo(() => filterSessions(sessions, deferred), [sessions, deferred]);
  const now = useNow();

  return (
    <section className="sessions" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="section-label">
        {t.t('sidebar.sessions')}
      </h2>
      <div className="search-field">
        <SearchIcon size={15} />
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t.t('sidebar.search')} aria-label={t.t('sidebar.search')} />
      </div>
      {visible.length === 0 ? (
        <p className="sessions-empty muted" role={load === 'error' ? 'alert' : undefined}>
          {sessions.length > 0 ? t.t('sidebar.noMatches') : load === 'loading' || load === 'idle' ? t.t('sidebar.loadingSessions') : load === 'error' ? t.t('sidebar.sessionsFailed') : t.t('sidebar.noSessions')}
        </p>
      ) : (
        <ul className="session-list" aria-label={t.t('sidebar.sessions')}>
          {visible.map((session) => (
            <SessionLink key={session.id} session={session} active={session.id === activeId} busy={statuses[session.id] !== undefined} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

const SessionLink = memo(function SessionLink({ session, active, busy, now }: { session: Session; active: boolean; busy: boolean; now: number }) {
  const t = useT();
  const title = shownTitle(session.title, t.t('sidebar.untitled'));
  return (
    <li>
      <a className="session-link" href={hrefOf({ page: 'chat', sessionId: session.id })} aria-current={active ? 'page' : undefined} title={title}>
        <span className="session-title">{title}</span>
        {busy ? <span className="busy-dot" role="img" aria-label={t.t('sidebar.busy')} /> : <span className="session-time">{t.relative(session.updatedAt, now)}</span>}
      </a>
    </li>
  );
});

/** Top-level, unarchived sessions, newest first; only `workspaceId`'s when given. */
export function sortSessions(byId: Readonly<Record<string, Session>>, workspaceId?: string): Session[] {
  return Object.values(byId)
    .filter((s) => s.parentId === undefined && s.archivedAt === undefined && (workspaceId === undefined || s.workspaceId === workspaceId))
    .sort((a, b) => b.updatedAt - a.updatedAt);
}

export function filterSessions(sessions: readonly Session[], query: string): readonly Session[] {
  const q = query.trim().toLowerCase();
  return q === '' ? sessions : sessions.filter((s) => s.title.toLowerCase().includes(q));
}
