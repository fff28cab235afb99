// Settings → About & diagnostics: versions, the data folder, the runtime and its sandbox (and the
// choice of it), the runner of this data dir, the diagnostics export and the recent log.
import type { RuntimeStatus } from '@open-cowork/contracts';
import { useEffect, useState } from 'react';
import type { Translator } from '../../i18n/i18n.js';
import { copyText } from '../../lib/clipboard.js';
import { diagnosticsText, logLineText } from '../../lib/diagnostics.js';
import { useActions, useAppState, useT } from '../../ui/context.js';
import { messageOf } from '../../ui/errors.js';
import { CopyIcon, RefreshIcon, Spinner } from '../../ui/icons.js';
import { DiagnosticsExport } from './DiagnosticsExport.js';
import { RunnerSummary } from './RunnerSummary.js';
import { SandboxChoice } from './SandboxChoice.js';
import { SandboxSummary } from './SandboxSummary.js';

/** About & diagnostics: versions, the data folder (home as ~), the runtime, and the recent log. */
export function AboutSection() {
  const t = useT();
  const info = useAppState((s) => s.info);
  const runtime = useAppState((s) => s.runtime);
  const diagnostics = useAppState((s) => s.diagnostics);
  const runner = useAppState((s) => s.runner);
  const { loadDiagnostics, loadRunner, notify } = useActions();
  const [loading, setLoading] = useState(false);

  const reload = () => {
    setLoading(true);
    void loadRunner().catch((e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'));
    return loadDiagnostics()
      .catch((e: unknown) => {
        notify(t.t('common.error', { message: messageOf(e) }), 'error');
        return undefined;
      })
      .finally(() => setLoading(false));
  };

  // Fresh on every visit, and again when the runtime changes state (a new OpenCode, a failure).
  useEffect(() => {
    void reload();
  }, [runtime?.state, runtime?.pid]);

  const copy = async () => {
    const latest = (await reload()) ?? diagnostics;
    if (latest === undefined) return;
    try {
      await copyText(diagnosticsText(info, latest));
      notify(t.t('settings.copied'));
    } catch (e) {
      notify(t.t('settings.copyFailed', { message: messageOf(e) }), 'error');
    }
  };

  const versions = diagnostics?.versions;
  const unknown = t.t('settings.unknown');
  return (
    <section className="settings-section" aria-labelledby="set-about">
      <div className="section-heading">
        <h2 id="set-about">{t.t('settings.about')}</h2>
        <div className="heading-actions">
          <button type="button" className="button ghost small" onClick={() => void reload()} disabled={loading}>
            {loading ? <Spinner size={14} /> : <RefreshIcon size={15} />}
            {t.t('settings.diagnosticsReload')}
          </button>
          <button type="button" className="button secondary small" onClick={() => void copy()} disabled={diagnostics === undefined}>
            <CopyIcon size={15} />
            {t.t('settings.copyDiagnostics')}
          </button>
        </div>
      </div>
      <dl className="about">
        <dt>{t.t('settings.app')}</dt>
        <dd>{info?.branding.name ?? info?.name}</dd>
        <dt>{t.t('settings.appVersion')}</dt>
        <dd>{versions?.app ?? info?.version ?? unknown}</dd>
        <dt>{t.t('settings.contract')}</dt>
        <dd>{versions?.contract ?? info?.contractVersion ?? unknown}</dd>
        <dt>{t.t('settings.opencode')}</dt>
        <dd>{versions?.opencode ?? runtime?.version ?? unknown}</dd>
        <dt>{t.t('settings.node')}</dt>
        <dd>{versions?.node ?? unknown}</dd>
        <dt>{t.t('settings.platform')}</dt>
        <dd>{versions ? `${versions.platform} · ${versions.arch}` : unknown}</dd>
        <dt>{t.t('settings.dataDir')}</dt>
        <dd>
          <code>{diagnostics?.dataDir ?? unknown}</code>
        </dd>
        <dt>{t.t('settings.runtime')}</dt>
        <dd>{runtimeSummary(t, diagnostics?.runtime ?? runtime)}</dd>
        <dt>{t.t('settings.sandbox')}</dt>
        <dd>
          <SandboxSummary sandbox={(diagnostics?.runtime ?? runtime)?.sandbox} />
        </dd>
        <dt>{t.t('settings.sandboxChoice')}</dt>
        <dd>
          <SandboxChoice />
        </dd>
        <dt>{t.t('settings.runner')}</dt>
        <dd>
          <RunnerSummary runner={runner} />
        </dd>
      </dl>
      <DiagnosticsExport />
      <details className="diagnostics">
        <summary>{t.t('settings.diagnostics')}</summary>
        <p className="muted small">{t.t('settings.diagnosticsHint')}</p>
        {diagnostics === undefined ? (
          <Spinner size={14} label={t.t('common.loading')} />
        ) : diagnostics.logs.length === 0 ? (
          <p className="muted small">{t.t('settings.diagnosticsEmpty')}</p>
        ) : (
          <pre className="log-lines" tabIndex={0} aria-label={t.t('settings.diagnostics')}>
            {diagnostics.logs.map((line, i) => (
              <span key={i} className={`log-line level-${line.level}`}>
                {logLineText(line)}
                {'\n'}
              </span>
            ))}
          </pre>
        )}
      </details>
    </section>
  );
}

function runtimeSummary(t: Translator, runtime: RuntimeStatus | undefined): string {
  if (runtime === undefined) return t.t('settings.unknown');
  const state =
    runtime.state === 'ready'
      ? t.t('home.statusReadyLabel')
      : runtime.state === 'starting'
        ? t.t('status.starting')
        : runtime.state === 'restarting'
          ? t.t('status.restarting')
          : runtime.state === 'failed'
            ? t.t('status.failed')
            : t.t('status.stopped');
  const details = [runtime.pid !== undefined ? `pid ${runtime.pid}` : '', runtime.since !== undefined ? t.date(runtime.since) : ''].filter(Boolean).join(' · ');
  return `${state}${details ? ` · ${details}` : ''}${runtime.reason ? ` — ${runtime.reason}` : ''}`;
}
