// Settings → About: the sandbox the runtime runs in.
import type { SandboxInfo } from '@open-cowork/contracts';
import { useT } from '../../ui/context.js';

/** The boundary the runtime runs in; no sandbox at all is flagged, never just a word among others. */
export function SandboxSummary({ sandbox }: { sandbox: SandboxInfo | undefined }) {
  const t = useT();
  if (sandbox === undefined) return <>{t.t('settings.sandboxUnknown')}</>;
  return (
    <span className="sandbox-summary">
      {sandbox.backend === 'none' && <span className="badge tone-danger">{t.t('settings.sandboxNone')}</span>}
      {sandbox.backend !== 'none' && sandbox.strength === 'partial' && <span className="badge tone-warning">{t.t('settings.sandboxPartial')}</span>}
      <span>
        {sandbox.description}
        {sandbox.reason ? ` (${sandbox.reason})` : ''}
      </span>
    </span>
  );
}
