import type { PermissionReply, PermissionRequest, QuestionRequest } from '@open-cowork/contracts';
import { useState, type FormEvent } from 'react';
import type { Translator } from '../i18n/i18n.js';
import { useActions } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { QuestionIcon, ShieldIcon } from '../ui/icons.js';
import '../styles/code-blocks.css';
import '../styles/requests.css';

/** A permission request in the transcript: "Allow once", "Always allow", "Deny". */
export function ApprovalCard({ request, t }: { request: PermissionRequest; t: Translator }) {
  const { replyPermission, notify } = useActions();
  const [pending, setPending] = useState<PermissionReply>();
  const title = t.t('approval.title', { permission: request.permission });
  const metadata = Object.keys(request.metadata).length > 0 ? JSON.stringify(request.metadata, null, 2) : undefined;

  const reply = (answer: PermissionReply) => {
    setPending(answer);
    replyPermission(request.id, answer).catch((error: unknown) => {
      setPending(undefined);
      notify(t.t('common.error', { message: messageOf(error) }), 'error');
    });
  };

  return (
    <section className="request-card approval" role="group" aria-label={title}>
      <header className="request-header">
        <ShieldIcon size={18} />
        <h3>{title}</h3>
      </header>
      {request.patterns.length > 0 && (
        <>
          <p className="muted">{t.t('approval.body', { permission: request.permission })}</p>
          <pre className="request-patterns">{request.patterns.join('\n')}</pre>
        </>
      )}
      {request.always.length > 0 && <p className="muted small">{t.t('approval.alwaysCovers', { patterns: request.always.join(', ') })}</p>}
      {metadata !== undefined && (
        <details className="request-details">
          <summary>{t.t('approval.details')}</summary>
          <pre>{metadata}</pre>
        </details>
      )}
      <div className="request-actions">
        <button type="button" className="button primary" disabled={pending !== undefined} onClick={() => reply('once')}>
          {t.t('approval.allowOnce')}
        </button>
        <button type="button" className="button secondary" disabled={pending !== undefined} onClick={() => reply('always')}>
          {t.t('approval.allowAlways')}
        </button>
        <button type="button" className="button danger-ghost" disabled={pending !== undefined} onClick={() => reply('reject')}>
          {t.t('approval.deny')}
        </button>
      </div>
    </section>
  );
}

/** A question from the agent: options (one or several), an own answer when allowed; Answer or Skip. */
export function QuestionCard({ request, t }: { request: QuestionRequest; t: Translator }) {
  const { replyQuestion, rejectQuestion, notify } = useActions();
  const [chosen, setChosen] = useState<string[][]>(() => request.questions.map(() => []));
  const [custom, setCustom] = useState<string[]>(() => request.questions.map(() => ''));
  const [busy, setBusy] = useState(false);

  const toggle = (qi: number, label: string, multiple: boolean) =>
    setChosen((all) => all.map((answers, i) => (i !== qi ? answers : multiple ? (answers.includes(label) ? answers.filter((a) => a !== label) : [...answers, label]) : [label])));

  const answers = chosen.map((answers, i) => {
    const own = custom[i]?.trim() ?? '';
    return own === '' ? answers : [...answers, own];
  });
  const complete = answers.every((a) => a.length > 0);

  const run = (action: () => Promise<void>) => {
    setBusy(true);
    action().catch((error: unknown) => {
      setBusy(false);
      notify(t.t('common.error', { message: messageOf(error) }), 'error');
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (complete) run(() => replyQuestion(request.id, answers));
  };

  return (
    <form className="request-card question" role="group" aria-label={t.t('question.title')} onSubmit={submit}>
      <header className="request-header">
        <QuestionIcon size={18} />
        <h3>{t.t('question.title')}</h3>
      </header>
      {request.questions.map((question, qi) => (
        <fieldset key={qi} className="question-block">
          <legend>
            {question.header && <span className="badge">{question.header}</span>}
            <span className="question-text">{question.question}</span>
          </legend>
          <div className="question-options">
            {question.options.map((option) => (
              <label key={option.label} className="option">
                <input
                  type={question.multiple ? 'checkbox' : 'radio'}
                  name={`${request.id}-${qi}`}
                  checked={chosen[qi]?.includes(option.label) ?? false}
                  onChange={() => toggle(qi, option.label, question.multiple === true)}
                />
                <span>
                  <span className="option-label">{option.label}</span>
                  {option.description && <span className="option-description muted">{option.description}</span>}
                </span>
              </label>
            ))}
          </div>
          {question.custom !== false && (
            <label className="field">
              <span className="field-label">{t.t('question.custom')}</span>
              <input type="text" value={custom[qi] ?? ''} onChange={(e) => setCustom((all) => all.map((c, i) => (i === qi ? e.target.value : c)))} />
            </label>
          )}
        </fieldset>
      ))}
      <div className="request-actions">
        <button type="submit" className="button primary" disabled={!complete || busy}>
          {t.t('question.submit')}
        </button>
        <button type="button" className="button ghost" disabled={busy} onClick={() => run(() => rejectQuestion(request.id))}>
          {t.t('question.dismiss')}
        </button>
      </div>
    </form>
  );
}
