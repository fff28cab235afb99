import { useEffect } from 'react';
import { useActions, useAppState, useT } from './context.js';
import { CloseIcon } from './icons.js';

/** Short messages about actions that failed or finished, dismissed by hand or after a while. */
export function Notices() {
  const t = useT();
  const notices = useAppState((s) => s.notices);
  const { dismissNotice } = useActions();

  useEffect(() => {
    if (notices.length === 0) return;
    const timers = notices.map((n) => setTimeout(() => dismissNotice(n.id), n.tone === 'error' ? 10_000 : 4_000));
    return () => timers.forEach(clearTimeout);
  }, [notices, dismissNotice]);

  return (
    <div className="notices" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice tone-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          <span>{notice.message}</span>
          <button type="button" className="icon-button small" onClick={() => dismissNotice(notice.id)} aria-label={t.t('common.dismiss')}>
            <CloseIcon size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
