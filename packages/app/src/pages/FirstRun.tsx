import type { AuthMethod, Provider } from '@open-cowork/contracts';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { modelOptions, type ModelOption } from '../lib/models.js';
import { safeExternalUrl } from '../lib/safe-url.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { CheckIcon, MarkIcon, Spinner } from '../ui/icons.js';
import { OwnProvider } from './settings/OwnProvider.js';
import '../styles/first-run.css';

type Step = 'provider' | 'connect' | 'model' | 'test';
const STEPS: readonly Step[] = ['provider', 'connect', 'model', 'test'];
const RUNTIME_WAIT_MS = 90_000;
const TEST_TIMEOUT_MS = 90_000;

/** Connect a provider, pick a model, prove it answers, then finish (settings.set {model}). */
export default function FirstRun({ onDone }: { onDone: () => void }) {
  const t = useT();
  const providers = useAppState((s) => s.providers.list);
  const [step, setStep] = useState<Step>('provider');
  const [providerId, setProviderId] = useState<string>();
  const [model, setModel] = useState<string>();
  const provider = providers.find((p) => p.id === providerId);

  const stepLabels: Record<Step, string> = {
    provider: t.t('firstRun.stepProvider'),
    connect: t.t('firstRun.stepCredentials'),
    model: t.t('firstRun.stepModel'),
    test: t.t('firstRun.stepTest'),
  };

  return (
    <div className="centered-page first-run">
      <div className="card wizard">
        <header className="wizard-header">
          <MarkIcon size={36} />
          <div>
            <h1>{t.t('firstRun.title')}</h1>
            <p className="muted">{t.t('firstRun.subtitle')}</p>
          </div>
        </header>
        <ol className="steps">
          {STEPS.map((s, i) => (
            <li key={s} className={s === step ? 'current' : STEPS.indexOf(step) > i ? 'done' : ''} aria-current={s === step ? 'step' : undefined}>
              <span className="step-number">{STEPS.indexOf(step) > i ? <CheckIcon size={12} /> : i + 1}</span>
              {stepLabels[s]}
            </li>
          ))}
        </ol>
        {step === 'provider' && (
          <ProviderStep
            providers={providers}
            selected={providerId}
            onPick={(id) => {
              setProviderId(id);
              setModel(undefined);
              setStep('connect');
            }}
          />
        )}
        {step === 'connect' && provider && <ConnectStep provider={provider} onBack={() => setStep('provider')} onNext={() => setStep('model')} />}
        {step === 'model' && provider && (
          <ModelStep
            provider={provider}
            selected={model}
            onPick={setModel}
            onBack={() => setStep('connect')}
            onNext={() => setStep('test')}
          />
        )}
        {step === 'test' && provider && model && <TestStep model={model} onBack={() => setStep('model')} onDone={onDone} />}
      </div>
    </div>
  );
}

function ProviderStep({ providers, selected, onPick }: { providers: readonly Provider[]; selected: string | undefined; onPick: (id: string) => void }) {
  const t = useT();
  return (
    <section aria-labelledby="fr-provider">
      <h2 id="fr-provider" className="step-title">
        {t.t('firstRun.chooseProvider')}
      </h2>
      {/* Each choice is a button inside a list item: a role on the button itself would hide that it is a button. */}
      <ul className="provider-grid">
        {providers.map((p) => (
          <li key={p.id}>
            <button type="button" className={`provider-card${p.id === selected ? ' selected' : ''}`} onClick={() => onPick(p.id)}>
              <span className="provider-name">
                {p.name}
                {p.connected && <span className="badge tone-success">{t.t('firstRun.connected')}</span>}
                {p.setup !== undefined && <span className="badge tone-warning">{t.t('settings.providerNeedsSetup')}</span>}
              </span>
              {p.setup !== undefined ? <span className="provider-description">{p.setup}</span> : p.description && <span className="provider-description muted">{p.description}</span>}
            </button>
          </li>
        ))}
      </ul>
      <details className="own-provider-choice">
        <summary>{t.t('ownProvider.title')}</summary>
        <OwnProvider onSaved={(saved) => onPick(saved.id)} />
      </details>
    </section>
  );
}

function ConnectStep({ provider, onBack, onNext }: { provider: Provider; onBack: () => void; onNext: () => void }) {
  const t = useT();
  const { setCredential, waitForRuntime, loadProviders } = useActions();
  const runtime = useAppState((s) => s.runtime);
  const [values, setValues] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<'idle' | 'saving' | 'restarting'>('idle');
  const [problem, setProblem] = useState<string>();

  const missing = provider.credentials.filter((c) => c.required && !c.set && (values[c.key] ?? '').trim() === '');
  const changed = provider.credentials.filter((c) => (values[c.key] ?? '').trim() !== '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (missing.length > 0) return;
    setProblem(undefined);
    try {
      if (changed.length > 0) {
        // The runtime takes the key in place or by a restart: continue once it says so (a new
        // `since` or a new instance), so the test prompt is not sent with the old config.
        const before = runtime;
        setPhase('saving');
        for (const field of changed) await setCredential(provider.id, field.key, (values[field.key] ?? '').trim());
        setPhase('restarting');
        await waitForRuntime(RUNTIME_WAIT_MS, before);
        await loadProviders();
      }
      onNext();
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setPhase('idle');
    }
  };

  if (provider.credentials.length === 0) return <SignInStep provider={provider} onBack={onBack} onNext={onNext} />;

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="fr-connect">
      <h2 id="fr-connect" className="step-title">
        {t.t('firstRun.enterCredentials', { provider: provider.name })}
      </h2>
      {provider.credentials.map((field) => (
        <label key={field.key} className="field">
          <span className="field-label">
            {field.label}
            {field.required && !field.set && <span className="required"> · {t.t('firstRun.required')}</span>}
          </span>
          <input
            type={field.secret ? 'password' : 'text'}
            autoComplete="off"
            spellCheck={false}
            value={values[field.key] ?? ''}
            placeholder={field.set && field.value ? t.t('firstRun.currentValue', { value: field.value }) : field.placeholder}
            onChange={(e) => setValues((v) => ({ ...v, [field.key]: e.target.value }))}
          />
          {field.description && <span className="field-help muted">{field.description}</span>}
        </label>
      ))}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {phase === 'restarting' && (
        <p className="muted with-spinner" role="status">
          <Spinner size={14} />
          {t.t('firstRun.waitingRuntime')}
        </p>
      )}
      <div className="wizard-actions">
        <button type="button" className="button ghost" onClick={onBack} disabled={phase !== 'idle'}>
          {t.t('firstRun.back')}
        </button>
        <button type="submit" className="button primary" disabled={phase !== 'idle' || missing.length > 0 || (changed.length === 0 && !provider.connected)}>
          {t.t('firstRun.saveCredentials')}
        </button>
      </div>
    </form>
  );
}

/** Providers the runtime signs in by itself (OAuth): list its methods and run one. */
function SignInStep({ provider, onBack, onNext }: { provider: Provider; onBack: () => void; onNext: () => void }) {
  const t = useT();
  const { providerAuthMethods, startOAuth, finishOAuth, waitForRuntime, loadProviders } = useActions();
  const runtime = useAppState((s) => s.runtime);
  const [methods, setMethods] = useState<readonly AuthMethod[]>();
  const [flow, setFlow] = useState<{ method: number; url: string; instructions?: string; mode: 'auto' | 'code' }>();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    let live = true;
    providerAuthMethods(provider.id)
      .then((m) => live && setMethods(m))
      .catch((e: unknown) => live && setProblem(messageOf(e)));
    return () => {
      live = false;
    };
  }, [provider.id, providerAuthMethods]);

  const finish = async (method: number, withCode?: string) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const before = runtime;
      await finishOAuth(provider.id, method, withCode);
      // The host restarts the runtime to load the sign-in (see ConnectStep).
      await waitForRuntime(RUNTIME_WAIT_MS, before);
      await loadProviders();
      onNext();
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const begin = async (method: number) => {
    setProblem(undefined);
    try {
      const started = await startOAuth(provider.id, method);
      setFlow({ method, ...started });
      if (started.mode === 'auto') void finish(method);
    } catch (e) {
      setProblem(messageOf(e));
    }
  };

  const signInUrl = flow ? safeExternalUrl(flow.url) ?? (/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(flow.url) ? flow.url : undefined) : undefined;

  return (
    <section aria-labelledby="fr-signin">
      <h2 id="fr-signin" className="step-title">
        {t.t('firstRun.enterCredentials', { provider: provider.name })}
      </h2>
      <p className="muted">{t.t('firstRun.noCredentials', { provider: provider.name })}</p>
      {methods === undefined && !problem && <Spinner size={16} label={t.t('common.loading')} />}
      {!flow && methods && (
        <div className="stack">
          {methods.map((m, i) => (
            <button key={`${m.type}-${i}`} type="button" className="button secondary" onClick={() => void begin(i)}>
              {t.t('firstRun.signIn', { method: m.label })}
            </button>
          ))}
        </div>
      )}
      {flow && (
        <div className="stack">
          {flow.instructions && <p>{flow.instructions}</p>}
          {signInUrl && (
            <a className="button secondary" href={signInUrl} target="_blank" rel="noopener noreferrer">
              {t.t('firstRun.signInOpen')}
            </a>
          )}
          {flow.mode === 'code' ? (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                void finish(flow.method, code.trim());
              }}
            >
              <label className="field">
                <span className="field-label">{t.t('firstRun.signInCode')}</span>
                <input type="password" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
              </label>
              <button type="submit" className="button primary" disabled={busy || code.trim() === ''}>
                {t.t('firstRun.signInFinish')}
              </button>
            </form>
          ) : (
            busy && (
              <p className="muted with-spinner" role="status">
                <Spinner size={14} />
                {t.t('firstRun.signInWaiting')}
              </p>
            )
          )}
        </div>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="wizard-actions">
        <button type="button" className="button ghost" onClick={onBack} disabled={busy}>
          {t.t('firstRun.back')}
        </button>
        {provider.connected && (
          <button type="button" className="button primary" onClick={onNext} disabled={busy}>
            {t.t('firstRun.next')}
          </button>
        )}
      </div>
    </section>
  );
}

function ModelStep(props: { provider: Provider; selected: string | undefined; onPick: (ref: string) => void; onBack: () => void; onNext: () => void }) {
  const { provider, selected, onPick, onBack, onNext } = props;
  const t = useT();
  const options = useMemo(() => modelOptions([provider], false), [provider]);
  const featured = options.filter((o) => o.featured);
  const others = options.filter((o) => !o.featured);

  useEffect(() => {
    if (selected !== undefined || options.length === 0) return;
    const preferred = provider.defaultModel ? options.find((o) => o.ref === `${provider.id}/${provider.defaultModel}`) : undefined;
    onPick((preferred ?? options[0] as ModelOption).ref);
  }, [selected, options, provider, onPick]);

  const list = (items: readonly ModelOption[]) =>
    items.map((o) => (
      <label key={o.ref} className={`model-option${o.ref === selected ? ' selected' : ''}`}>
        <input type="radio" name="first-run-model" value={o.ref} checked={o.ref === selected} onChange={() => onPick(o.ref)} />
        <span className="model-name">{o.name}</span>
        {o.contextLimit !== undefined && <span className="muted small">{t.number(o.contextLimit, { notation: 'compact' })}</span>}
      </label>
    ));

  return (
    <section aria-labelledby="fr-model">
      <h2 id="fr-model" className="step-title">
        {t.t('firstRun.chooseModel')}
      </h2>
      {options.length === 0 ? (
        <p className="muted">{t.t('composer.noModels')}</p>
      ) : (
        <div className="model-list" role="radiogroup" aria-labelledby="fr-model">
          {featured.length > 0 && <h3 className="section-label">{t.t('firstRun.featured')}</h3>}
          {list(featured)}
          {others.length > 0 && featured.length > 0 && <h3 className="section-label">{t.t('firstRun.allModels')}</h3>}
          {list(others)}
        </div>
      )}
      <div className="wizard-actions">
        <button type="button" className="button ghost" onClick={onBack}>
          {t.t('firstRun.back')}
        </button>
        <button type="button" className="button primary" onClick={onNext} disabled={selected === undefined}>
          {t.t('firstRun.next')}
        </button>
      </div>
    </section>
  );
}

function TestStep({ model, onBack, onDone }: { model: string; onBack: () => void; onDone: () => void }) {
  const t = useT();
  const { probeModel, updateSettings, chooseModel } = useActions();
  const [state, setState] = useState<{ phase: 'idle' | 'testing' | 'ok' | 'failed'; text?: string }>({ phase: 'idle' });
  const [finishing, setFinishing] = useState(false);

  const test = async () => {
    setState({ phase: 'testing' });
    try {
      const reply = await probeModel(model, t.t('firstRun.testPrompt'), TEST_TIMEOUT_MS);
      setState({ phase: 'ok', text: reply });
    } catch (error) {
      setState({ phase: 'failed', text: messageOf(error) });
    }
  };

  const finish = async () => {
    setFinishing(true);
    try {
      await updateSettings({ model });
      chooseModel(undefined);
      onDone();
    } catch (error) {
      setState({ phase: 'failed', text: messageOf(error) });
      setFinishing(false);
    }
  };

  return (
    <section aria-labelledby="fr-test">
      <h2 id="fr-test" className="step-title">
        {t.t('firstRun.test')}
      </h2>
      <p className="muted">{model}</p>
      {state.phase === 'testing' && (
        <p className="muted with-spinner" role="status">
          <Spinner size={14} />
          {t.t('firstRun.testing')}
        </p>
      )}
      {state.phase === 'ok' && (
        <div className="test-result tone-success" role="status">
          <CheckIcon size={16} />
          <div>
            <p>{t.t('firstRun.testOk')}</p>
            <blockquote>{state.text}</blockquote>
          </div>
        </div>
      )}
      {state.phase === 'failed' && (
        <p className="form-error" role="alert">
          {t.t('firstRun.testFailed', { message: state.text ?? '' })}
        </p>
      )}
      <div className="wizard-actions">
        <button type="button" className="button ghost" onClick={onBack} disabled={state.phase === 'testing' || finishing}>
          {t.t('firstRun.back')}
        </button>
        {state.phase === 'ok' ? (
          <button type="button" className="button primary" onClick={() => void finish()} disabled={finishing}>
            {t.t('firstRun.finish')}
          </button>
        ) : (
          <button type="button" className="button primary" onClick={() => void test()} disabled={state.phase === 'testing'}>
            {t.t('firstRun.test')}
          </button>
        )}
      </div>
    </section>
  );
}
