// The Workflows page: the playbooks the bundled workflows server keeps (docs/workflows.md).
// "New workflow" opens a chat with the workflow-designer agent, which saves the playbook with
// its tools; "Run now" asks for the playbook's parameters, records the run and sends the filled-in
// prompt to a new chat, where the answer appears; "History" lists a playbook's runs.

import type { Workflow, WorkflowRun, WorkflowSummary } from '@open-cowork/contracts';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { argErrorsFromHost, argsToSend, checkArgs, initialArgs, type ArgProblems } from '../lib/workflow-form.js';
import { useConfirm } from '../ui/ConfirmDialog.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { PlusIcon, RefreshIcon, Spinner } from '../ui/icons.js';
import { Modal } from '../ui/Modal.js';
import { PageLoading } from '../ui/PageLoading.js';
import { navigate } from '../ui/router.js';
import { useNow } from '../ui/useNow.js';
import '../styles/workflows.css';

export default function Workflows() {
  const t = useT();
  const workflows = useAppState((s) => s.workflows);
  const { loadWorkflows, startWorkflowSetup } = useActions();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState<string>();

  const refresh = useCallback(() => {
    loadWorkflows().then(
      () => setError(undefined),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [loadWorkflows]);
  useEffect(refresh, [refresh]);

  const newWorkflow = () => {
    startWorkflowSetup();
    navigate({ page: 'home' });
  };

  return (
    <div className="page workflows-page">
      <header className="page-header with-actions">
        <div>
          <h1>{t.t('workflows.title')}</h1>
          <p className="muted">{t.t('workflows.subtitle')}</p>
        </div>
        <div className="workflows-header-actions">
          <button type="button" className="button secondary" onClick={refresh}>
            <RefreshIcon size={15} />
            {t.t('workflows.refresh')}
          </button>
          <button type="button" className="button primary" onClick={newWorkflow}>
            <PlusIcon size={15} />
            {t.t('workflows.new')}
          </button>
        </div>
      </header>
      {error !== undefined && (
        <p className="banner tone-danger" role="alert">
          {t.t('workflows.loadFailed', { message: error })}
        </p>
      )}
      {workflows.load === 'idle' || (workflows.load === 'loading' && workflows.list.length === 0) ? (
        <PageLoading />
      ) : workflows.list.length === 0 ? (
        workflows.load === 'ready' && (
          <div className="card workflows-empty">
            <h2>{t.t('workflows.emptyTitle')}</h2>
            <p className="muted">{t.t('workflows.emptyBody')}</p>
            <button type="button" className="button primary" onClick={newWorkflow}>
              {t.t('workflows.new')}
            </button>
          </div>
        )
      ) : (
        <ul className="stack workflow-list" aria-label={t.t('workflows.listLabel')}>
          {workflows.list.map((workflow) => (
            <WorkflowCard key={workflow.name} workflow={workflow} onRun={() => setRunning(workflow.name)} />
          ))}
        </ul>
      )}
      {running !== undefined && <RunDialog name={running} onClose={() => setRunning(undefined)} />}
    </div>
  );
}

function WorkflowCard({ workflow, onRun }: { workflow: WorkflowSummary; onRun: () => void }) {
  const t = useT();
  const now = useNow();
  const { deleteWorkflow, notify } = useActions();
  const { ask, dialog } = useConfirm();
  const [history, setHistory] = useState(false);
  const headingId = `workflow-${workflow.name}`;

  const remove = async () => {
    if (!(await ask({ title: t.t('workflows.deleteTitle', { title: workflow.title }), body: t.t('workflows.deleteBody'), confirmLabel: t.t('workflows.delete') }))) return;
    deleteWorkflow(workflow.name).then(
      () => notify(t.t('workflows.deleted', { title: workflow.title })),
      (e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'),
    );
  };

  return (
    <li className="card workflow-card" aria-labelledby={headingId} data-workflow={workflow.name}>
      <div className="card-title">
        <h2 id={headingId}>{workflow.title}</h2>
        <code className="muted small">{workflow.name}</code>
      </div>
      {workflow.description !== '' && <p className="muted">{workflow.description}</p>}
      <p className="muted small workflow-facts">
        {workflow.params.length === 0 ? t.t('workflows.noParams') : t.t('workflows.params', { names: workflow.params.join(', ') })}
        {' · '}
        {t.t('workflows.updated', { when: t.relative(Date.parse(workflow.updated), now) })}
      </p>
      <div className="workflow-actions">
        <button type="button" className="button primary small" onClick={onRun}>
          {t.t('workflows.runNow')}
        </button>
        <button type="button" className="button secondary small" aria-expanded={history} onClick={() => setHistory((open) => !open)}>
          {t.t('workflows.history')}
        </button>
        <button type="button" className="button ghost small" onClick={() => void remove()}>
          {t.t('workflows.delete')}
        </button>
      </div>
      {history && <RunHistory name={workflow.name} title={workflow.title} />}
      {dialog}
    </li>
  );
}

function RunHistory({ name, title }: { name: string; title: string }) {
  const t = useT();
  const now = useNow();
  const { loadWorkflowRuns } = useActions();
  const [runs, setRuns] = useState<readonly WorkflowRun[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    loadWorkflowRuns(name).then(setRuns, (e: unknown) => setError(messageOf(e)));
  }, [loadWorkflowRuns, name]);

  return (
    <section className="workflow-history" aria-label={t.t('workflows.historyOf', { title })}>
      {error !== undefined ? (
        <p className="form-error small" role="alert">
          {t.t('workflows.historyFailed', { message: error })}
        </p>
      ) : runs === undefined ? (
        <Spinner size={14} label={t.t('common.loading')} />
      ) : runs.length === 0 ? (
        <p className="muted small">{t.t('workflows.noRuns')}</p>
      ) : (
        <ol className="workflow-runs">
          {runs.map((run) => (
            <li key={run.id} className="workflow-run">
              <details>
                <summary>
                  <time dateTime={run.time}>{t.relative(Date.parse(run.time), now)}</time>
                  <span className="muted small workflow-run-args">
                    {Object.keys(run.args).length === 0
                      ? t.t('workflows.noArgs')
                      : Object.entries(run.args)
                          .map(([key, value]) => `${key}: ${value}`)
                          .join(' · ')}
                  </span>
                </summary>
                <pre className="workflow-prompt">{run.prompt}</pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function RunDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const t = useT();
  const { getWorkflow, runWorkflow, notify } = useActions();
  const hasWorkspace = useAppState((s) => s.workspaces.length > 0);
  const [workflow, setWorkflow] = useState<Workflow>();
  const [loadError, setLoadError] = useState<string>();
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<ArgProblems>({});
  const [hostErrors, setHostErrors] = useState<{ fields: Record<string, string>; general: string[] }>({ fields: {}, general: [] });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    getWorkflow(name).then(
      (found) => {
        setWorkflow(found);
        setValues(initialArgs(found));
      },
      (e: unknown) => setLoadError(messageOf(e)),
    );
  }, [getWorkflow, name]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (workflow === undefined || busy) return;
    const found = checkArgs(workflow, values);
    setProblems(found);
    setHostErrors({ fields: {}, general: [] });
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const sessionId = await runWorkflow(workflow.name, argsToSend(workflow, values));
      notify(t.t('workflows.started', { title: workflow.title }));
      onClose();
      navigate({ page: 'chat', sessionId });
    } catch (error) {
      setHostErrors(argErrorsFromHost(error as { message: string; data?: unknown }));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (param: string): string | undefined => {
    const problem = problems[param];
    if (problem === 'required') return t.t('workflows.required');
    if (problem === 'tooLong') return t.t('workflows.tooLong');
    return hostErrors.fields[param];
  };

  return (
    <Modal title={workflow === undefined ? t.t('workflows.runNow') : t.t('workflows.runTitle', { title: workflow.title })} onClose={onClose}>
      {() =>
        loadError !== undefined ? (
          <p className="form-error" role="alert">
            {t.t('workflows.loadFailed', { message: loadError })}
          </p>
        ) : workflow === undefined ? (
          <PageLoading />
        ) : (
          <form className="workflow-run-form" noValidate onSubmit={(e) => void submit(e)} aria-label={t.t('workflows.runForm')}>
            {workflow.description !== '' && <p className="muted small">{workflow.description}</p>}
            {workflow.params.length === 0 && <p className="muted small">{t.t('workflows.noParamsToFill')}</p>}
            {workflow.params.map((param) => {
              const error = fieldError(param.name);
              const id = `wf-arg-${param.name}`;
              return (
                <label key={param.name} className="field" htmlFor={id}>
                  <span className="field-label">
                    {param.name}
                    {param.required ? ` ${t.t('workflows.requiredMark')}` : ''}
                  </span>
                  <textarea
                    id={id}
                    rows={2}
                    value={values[param.name] ?? ''}
                    aria-invalid={error !== undefined}
                    aria-describedby={error !== undefined ? `${id}-error` : undefined}
                    placeholder={param.description}
                    onChange={(e) => setValues((v) => ({ ...v, [param.name]: e.target.value }))}
                  />
                  {param.description !== '' && <span className="muted small">{param.description}</span>}
                  {error !== undefined && (
                    <span id={`${id}-error`} className="field-error">
                      {error}
                    </span>
                  )}
                </label>
              );
            })}
            {hostErrors.general.map((message) => (
              <p key={message} className="form-error" role="alert">
                {message}
              </p>
            ))}
            {!hasWorkspace && <p className="banner tone-warning">{t.t('home.noWorkspace')}</p>}
            <div className="modal-actions">
              <button type="button" className="button secondary" onClick={onClose}>
                {t.t('common.cancel')}
              </button>
              <button type="submit" className="button primary" disabled={busy || !hasWorkspace}>
                {busy ? <Spinner size={14} /> : null}
                {t.t('workflows.run')}
              </button>
            </div>
          </form>
        )
      }
    </Modal>
  );
}
