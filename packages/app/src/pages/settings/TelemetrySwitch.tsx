// Settings → Privacy: the telemetry switch. It is the config's telemetry.collect, kept in the
// user's config file by the host; an administrator's managed value (or an embedding app that
// forced telemetry off) shows the switch locked with the reason.
import type { TelemetrySwitch as Switch } from '@open-cowork/contracts';
import { useEffect, useState } from 'react';
import { useActions, useT } from '../../ui/context.js';
import { messageOf } from '../../ui/errors.js';

export function TelemetrySwitch() {
  const t = useT();
  const { loadTelemetrySwitch, setTelemetry, notify } = useActions();
  const [value, setValue] = useState<Switch>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadTelemetrySwitch().then(setValue, (e: unknown) => setError(messageOf(e)));
  }, [loadTelemetrySwitch]);

  const change = (on: boolean) => {
    setBusy(true);
    setTelemetry(on)
      .then((next) => {
        setValue(next);
        notify(t.t(next.on ? 'settings.telemetry.savedOn' : 'settings.telemetry.savedOff'));
      })
      .catch((e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'))
      .finally(() => setBusy(false));
  };

  return (
    <section className="settings-section" aria-labelledby="set-privacy">
      <h2 id="set-privacy">{t.t('settings.privacy')}</h2>
      <p className="muted small">{t.t('settings.telemetry.hint')}</p>
      {error !== undefined && (
        <p className="banner tone-danger" role="alert">
          {t.t('common.error', { message: error })}
        </p>
      )}
      {value !== undefined && (
        <div className="permission-table">
          <label className="permission-row toggle">
            <span className="permission-name">{t.t('settings.telemetry')}</span>
            <input type="checkbox" role="switch" checked={value.on} disabled={busy || value.lockedBy !== undefined} onChange={(e) => change(e.target.checked)} />
          </label>
          {value.lockedBy !== undefined && (
            <p className="muted small" role="note">
              {t.t(value.lockedBy === 'managed' ? 'settings.telemetry.lockedManaged' : 'settings.telemetry.lockedHost')}
            </p>
          )}
          {value.lockedBy === undefined && value.file !== undefined && <p className="muted small">{t.t('settings.telemetry.file', { file: value.file })}</p>}
        </div>
      )}
    </section>
  );
}
