// The Jobs view: work handed to OpenCode in isolated sessions (docs/jobs.md) — each job's live
// status, the tail of its output, cancelling it, and the session's workspace; and a form that
// starts one. Running jobs are re-read every couple of seconds while the view is open (the list
// only); job.finished events mark an ended job at once, and the list and the sessions are read
// again when the view opens and whenever the set of running jobs changes (a job started or ended).

import type { JobSession, JobStatus } from '@open-cowork/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { useConfirm } from '../ui/ConfirmDialog.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { PageLoading } from '../ui/PageLoading.js';
import '../styles/jobs.css';

const REFRESH_MS = 2000;
const STATE_TONES: Readonly<Record<JobStatus['status'], string>> = { pending: 'tone-warning', running: 'tone-warning', completed: 'tone-success', failed: 'tone-danger', cancelled: '' };
const STATE_KEYS: Readonly<Record<JobStatus['status'], MessageKey>> = {
  pending: 'jobs.state.pending',
  running: 'jobs.state.running',
  completed: 'jobs.state.completed',
  failed: 'jobs.state.failed',
  cancelled: 'jobs.state.cancelled',
};
const ACTIVITY_KEYS: Readonly<Record<JobStatus['activityState'], MessageKey>> = { active: 'jobs.activity.active', processing: 'jobs.activity.processing', idle: 'jobs.activity.idle' };
const running = (job: JobStatus) => job.status === 'pending' || job.status === 'running';

export default function Jobs() {
  const t = useT();
  const jobs = useAppState((s) => s.jobs);
  const { loadJobs, refreshJobs, notify } = useActions();
  const runningIds = jobs.list
    .filter(running)
    .map((job) => job.jobId)
    .join(' ');

  // Jobs and sessions on opening, and again whenever a job starts or ends (its final tail and
  // size, its session's health and message count).
  useEffect(() => {
    loadJobs().catch((e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'));
  }, [runningIds, loadJobs, notify, t]);
  useEffect(() => {
    if (runningIds === '') return;
    const timer = setInterval(() => void refreshJobs().catch(() => undefined), REFRESH_MS);
    return () => clearInterval(timer);
  }, [runningIds, refreshJobs]);

  return (
    <div className="page jobs-page">
      <header className="page-header">
        <h1>{t.t('jobs.title')}</h1>
        <p className="muted">{t.t('jobs.subtitle')}</p>
      </header>
      <StartJob sessions={jobs.sessions} />
      {jobs.load === 'loading' && jobs.list.length === 0 ? (
        <PageLoading />
      ) : jobs.load === 'error' && jobs.list.length === 0 ? (
        <p className="muted">{t.t('jobs.unavailable')}</p>
      ) : jobs.list.length === 0 ? (
        <p className="muted">{t.t('jobs.empty')}</p>
      ) : (
        <ul className="job-list" aria-label={t.t('jobs.listLabel')}>
          {jobs.list.map((job) => (
            <JobCard key={job.jobId} job={job} session={jobs.sessions.find((s) => s.sessionId === job.sessionId)} />
          ))}
        </ul>
      )}
    </div>
  );
}

function StartJob({ sessions }: { sessions: readonly JobSession[] }) {
  const t = useT();
  const { startJob, notify } = useActions();
  const [prompt, setPrompt] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (prompt.trim() === '' || busy) return;
    setBusy(true);
    try {
      await startJob(prompt, sessionId || undefined);
      setPrompt('');
    } catch (error) {
      notify(t.t('jobs.startFailed', { message: messageOf(error) }), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card job-start" onSubmit={(e) => void submit(e)} aria-label={t.t('jobs.startLabel')}>
      <label className="field">
        <span className="field-label">{t.t('jobs.prompt')}</span>
        <textarea rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} placeholder={t.t('jobs.promptPlaceholder')} />
      </label>
      <div className="job-start-row">
        <label className="field">
          <span className="field-label">{t.t('jobs.session')}</span>
          <select value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
            <option value="">{t.t('jobs.newSession')}</option>
            {sessions.map((s) => (
              <option key={s.sessionId} value={s.sessionId} disabled={s.activeJob !== undefined}>
                {s.sessionId}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button primary" disabled={busy || prompt.trim() === ''}>
          {t.t('jobs.start')}
        </button>
      </div>
    </form>
  );
}

function JobCard({ job, session }: { job: JobStatus; session: JobSession | undefined }) {
  const t = useT();
  const { cancelJob, notify } = useActions();
  const { ask, dialog } = useConfirm();
  const [cancelling, setCancelling] = useState(false);

  const cancel = async () => {
    if (!(await ask({ title: t.t('jobs.cancelTitle'), body: t.t('jobs.cancelBody'), confirmLabel: t.t('jobs.cancel') }))) return;
    setCancelling(true);
    try {
      await cancelJob(job.jobId);
    } catch (error) {
      notify(t.t('common.error', { message: messageOf(error) }), 'error');
    } finally {
      setCancelling(false);
    }
  };

  const reason = job.exitReason !== undefined && job.exitReason !== 'completed' && job.exitReason !== 'cancelled' ? job.exitReason : undefined;
  return (
    <li className="card job-card" data-job={job.jobId} data-state={job.status}>
      <div className="card-title">
        <h3>
          <code>{job.jobId}</code>
        </h3>
        <span className={`badge ${STATE_TONES[job.status]}`}>{t.t(STATE_KEYS[job.status])}</span>
      </div>
      <p className="muted job-facts">
        {t.t('jobs.facts', { session: job.sessionId, seconds: job.elapsedSeconds, bytes: job.outputSize })}
        {running(job) ? ` · ${t.t(ACTIVITY_KEYS[job.activityState])}` : ''}
        {reason ? ` · ${reason}` : ''}
      </p>
      {job.error ? <p className="field-error">{job.error}</p> : null}
      {job.tailOutput ? (
        <pre className="job-tail" aria-label={t.t('jobs.tail')}>
          {job.tailOutput}
        </pre>
      ) : null}
      {session ? (
        <p className="muted job-workspace">
          {t.t('jobs.workspace')} <code>{session.workspace}</code>
        </p>
      ) : null}
      {running(job) ? (
        <div className="job-actions">
          <button type="button" className="button" onClick={() => void cancel()} disabled={cancelling}>
            {t.t('jobs.cancel')}
          </button>
        </div>
      ) : null}
      {dialog}
    </li>
  );
}
