// Settings → About & diagnostics: "Export diagnostics" (app.exportDiagnostics, saved as a .json
// file) and what telemetry does on this install: on or off, where its daily files are, and
// whether events are forwarded (the collector by origin only; the host never sends its path,
// query or header values here).
import type { TelemetryStatus } from '@open-cowork/contracts';
import { useState } from 'react';
import type { Translator } from '../../i18n/i18n.js';
import { diagnosticsFileName, downloadJson } from '../../lib/download.js';
import { useActions, useAppState, useT } from '../../ui/context.js';
import { messageOf } from '../../ui/errors.js';
import { ArrowDownIcon, Spinner } from '../../ui/icons.js';

export function DiagnosticsExport() {
  const t = useT();
  const info = useAppState((s) => s.info);
  const telemetry = useAppState((s) => s.diagnostics?.telemetry);
  const { exportDiagnostics, notify } = useActions();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const bundle = await exportDiagnostics();
      const file = diagnosticsFileName(info?.branding.name ?? info?.name, bundle.generatedAt);
      downloadJson(file, bundle);
      notify(t.t('diagnostics.exported', { file }));
    } catch (e) {
      notify(t.t('diagnostics.exportFailed', { message: messageOf(e) }), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="diagnostics-export">
      <div className="diagnostics-export-action">
        <button type="button" className="button secondary small" onClick={() => void run()} disabled={busy}>
          {busy ? <Spinner size={14} /> : <ArrowDownIcon size={15} />}
          {t.t('diagnostics.export')}
        </button>
        <p className="muted small">{t.t('diagnostics.exportHint')}</p>
      </div>
      {telemetry === undefined ? null : <TelemetrySummary t={t} telemetry={telemetry} />}
    </div>
  );
}

function TelemetrySummary({ t, telemetry }: { t: Translator; telemetry: TelemetryStatus }) {
  const { forwarding } = telemetry;
  const forwardingText = !forwarding.configured
    ? t.t('telemetry.forwardingNone')
    : forwarding.active && forwarding.origin !== undefined
      ? t.t('telemetry.forwardingTo', { origin: forwarding.origin, sent: String(forwarding.sent), failed: String(forwarding.failed), dropped: String(forwarding.dropped) })
      : forwarding.problem !== undefined
        ? t.t('telemetry.forwardingOff', { problem: forwarding.problem })
        : t.t('telemetry.forwardingUnknown');
  return (
    <section className="telemetry-status" aria-labelledby="set-telemetry">
      <h3 id="set-telemetry">{t.t('telemetry.title')}</h3>
      <dl className="about">
        <dt>{t.t('telemetry.state')}</dt>
        <dd>{telemetry.enabled ? t.t('telemetry.on') : t.t('telemetry.off')}</dd>
        {telemetry.enabled ? (
          <>
            <dt>{t.t('telemetry.files')}</dt>
            <dd>
              <code>{telemetry.directory}</code> · {t.t('telemetry.retention', { days: String(telemetry.retentionDays) })}
            </dd>
            <dt>{t.t('telemetry.forwarding')}</dt>
            <dd>{forwardingText}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
