// Settings → About: whether a runner (`open-cowork runner`) of this data dir runs, which gateway
// it takes tasks from, for which workspaces, and since when.
import type { RunnerInfo } from '@open-cowork/contracts';
import { useT } from '../../ui/context.js';

export function RunnerSummary({ runner }: { runner: RunnerInfo | undefined }) {
  const t = useT();
  if (runner === undefined) return <>{t.t('settings.unknown')}</>;
  if (!runner.running) return <>{t.t('settings.runnerNone')}</>;
  const workspaces = (runner.workspaces ?? []).map((workspace) => `${workspace.label} (${workspace.path})`).join(', ');
  return (
    <span className="runner-summary">
      <span>
        {t.t('settings.runnerServing')} <code>{runner.gateway}</code>
      </span>
      {workspaces !== '' && <span>{t.t('settings.runnerWorkspaces', { workspaces })}</span>}
      {runner.since !== undefined && <span className="muted">{t.t('settings.runnerSince', { since: t.date(runner.since) })}</span>}
    </span>
  );
}
