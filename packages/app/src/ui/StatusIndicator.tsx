import { useState } from 'react';
import { useActions, useAppState, useT } from './context.js';

/** The runtime's state in one line ("Online" comes from branding.home.statusReadyLabel). */
export function StatusIndicator() {
  const t = useT();
  const runtime = useAppState((s) => s.runtime);
  const connection = useAppState((s) => s.connection);
  const { restartRuntime, notify } = useActions();
  const [restarting, setRestarting] = useState(false);

  let tone: 'ok' | 'busy' | 'bad' = 'busy';
  let text = t.t('status.starting');
  if (connection === 'reconnecting') text = t.t('status.reconnecting');
  else if (runtime?.state === 'ready') {
    tone = 'ok';
    text = t.t('home.statusReadyLabel');
  } else if (runtime?.state === 'restarting') text = t.t('status.restarting');
  else if (runtime?.state === 'stopped') {
    tone = 'bad';
    text = t.t('status.stopped');
  } else if (runtime?.state === 'failed') {
    tone = 'bad';
    text = t.t('status.failed');
  }

  return (
    <div className="status-line">
      <span className={`status-indicator tone-${tone}`} role="status" aria-label={t.t('status.label')} title={runtime?.reason ?? runtime?.version}>
        <span className="status-dot" aria-hidden="true" />
        <span className="status-text">{text}</span>
      </span>
      {(runtime?.state === 'failed' || runtime?.state === 'stopped') && (
        <button
          type="button"
          className="button ghost small"
          disabled={restarting}
          onClick={() => {
            setRestarting(true);
            restartRuntime()
              .catch((error: unknown) => notify(t.t('common.error', { message: String((error as Error).message ?? error) }), 'error'))
              .finally(() => setRestarting(false));
          }}
        >
          {t.t('status.restart')}
        </button>
      )}
    </div>
  );
}
