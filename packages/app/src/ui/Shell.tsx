import { lazy, Suspense, useEffect, useState } from 'react';
import { useActions, useAppState, useT } from './context.js';
import { AlertIcon, MarkIcon, Spinner } from './icons.js';
import { PageLoading } from './PageLoading.js';
import { Notices } from './Notices.js';
import { Home } from '../pages/Home.js';
import { navigate, useRoute } from './router.js';
import { Sidebar } from './Sidebar.js';
import { TrustPrompt } from './TrustDialog.js';

// Heavy views load on first use, keeping the eager bundle small.
const Chat = lazy(() => import('../pages/Chat.js'));
const FirstRun = lazy(() => import('../pages/FirstRun.js'));
const Agents = lazy(() => import('../pages/Agents.js'));
const AgentBuilder = lazy(() => import('../pages/AgentBuilder.js'));
const ToolsAndSkills = lazy(() => import('../pages/ToolsAndSkills.js'));
const SettingsPage = lazy(() => import('../pages/Settings.js'));
const Jobs = lazy(() => import('../pages/Jobs.js'));
const Workflows = lazy(() => import('../pages/Workflows.js'));
const Approvals = lazy(() => import('../pages/Approvals.js'));
const Health = lazy(() => import('../pages/Health.js'));

type FirstRunState = 'unknown' | 'active' | 'done';

export function Shell() {
  const t = useT();
  const boot = useAppState((s) => s.boot);
  const noneConnected = useAppState((s) => s.providers.load === 'ready' && !s.providers.list.some((p) => p.connected));
  const { boot: retry } = useActions();
  const route = useRoute();
  // Decided once per load: connecting a provider mid-way must not end the first run early.
  const [firstRun, setFirstRun] = useState<FirstRunState>('unknown');
  useEffect(() => {
    if (firstRun === 'unknown' && boot.phase === 'ready') setFirstRun(noneConnected ? 'active' : 'done');
  }, [boot.phase, noneConnected, firstRun]);

  if (boot.phase === 'failed') {
    return (
      <main className="centered-page">
        <div className="card boot-error" role="alert">
          <AlertIcon size={28} />
          <h1>{t.t('app.bootFailed')}</h1>
          <p className="muted">{boot.error?.message}</p>
          <button type="button" className="button primary" onClick={() => void retry()}>
            {t.t('app.retry')}
          </button>
        </div>
      </main>
    );
  }
  if (boot.phase === 'loading' || firstRun === 'unknown') {
    return (
      <main className="centered-page" aria-busy="true">
        <div className="boot-loading">
          <MarkIcon size={44} />
          <Spinner size={18} label={t.t('app.loading')} />
        </div>
      </main>
    );
  }
  if (firstRun === 'active') {
    return (
      <main id="main">
        <Suspense fallback={<PageLoading />}>
          <FirstRun onDone={() => setFirstRun('done')} />
        </Suspense>
        <Notices />
      </main>
    );
  }

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        {t.t('app.skipToContent')}
      </a>
      <Sidebar />
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={<PageLoading />}>
          {route.page === 'home' && <Home />}
          {route.page === 'chat' && <Chat key={route.sessionId} sessionId={route.sessionId} />}
          {route.page === 'agents' && <Agents />}
          {route.page === 'agent' && <AgentBuilder key={route.name ?? ''} {...(route.name === undefined ? {} : { name: route.name })} />}
          {route.page === 'tools' && <ToolsAndSkills />}
          {route.page === 'jobs' && <Jobs />}
          {route.page === 'workflows' && <Workflows />}
          {route.page === 'approvals' && <Approvals />}
          {route.page === 'health' && <Health />}
          {route.page === 'settings' && <SettingsPage />}
          {route.page === 'setup' && <FirstRun onDone={() => navigate({ page: 'home' })} />}
        </Suspense>
      </main>
      <TrustPrompt />
      <Notices />
    </div>
  );
}
