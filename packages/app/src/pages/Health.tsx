// The Health page: is the app ready to work? The runtime (state, OpenCode version, sandbox,
// since when it is ready), then each provider, MCP server, skill and agent: ready or why not,
// and where it comes from (the app's own config, a downstream build, the user's file, the
// organisation's managed file, added in the app, or OpenCode's own).
import type { Health as HealthData, HealthCapability, RuntimeStatus } from '@open-cowork/contracts';
import { useCallback, useEffect, useState } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { PageLoading } from '../ui/PageLoading.js';
import { useNow } from '../ui/useNow.js';
import '../styles/health.css';

const KINDS: readonly HealthCapability['kind'][] = ['provider', 'mcp', 'skill', 'agent'];

export default function Health() {
  const t = useT();
  const { loadHealth } = useActions();
  // The runtime's status from the event stream: a change (ready, restarting) refreshes the page.
  const liveRuntime = useAppState((s) => s.runtime);
  const [health, setHealth] = useState<HealthData>();
  const [error, setError] = useState<string>();

  const refresh = useCallback(() => {
    loadHealth().then(
      (next) => {
        setHealth(next);
        setError(undefined);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, [loadHealth]);

  useEffect(refresh, [refresh, liveRuntime?.state, liveRuntime?.since]);

  return (
    <div className="page health">
      <header className="page-header with-actions">
        <div>
          <h1>{t.t('health.title')}</h1>
          <p className="muted">{t.t('health.subtitle')}</p>
        </div>
        <button type="button" className="button secondary" onClick={refresh}>
          {t.t('health.refresh')}
        </button>
      </header>
      {error !== undefined && (
        <p className="banner tone-danger" role="alert">
          {t.t('health.loadFailed', { message: error })}
        </p>
      )}
      {health === undefined ? (
        error === undefined && <PageLoading />
      ) : (
        <>
          <RuntimeCard runtime={health.runtime} />
          {KINDS.map((kind) => (
            <CapabilityTable key={kind} kind={kind} items={health.capabilities.filter((c) => c.kind === kind)} />
          ))}
        </>
      )}
    </div>
  );
}

function RuntimeCard({ runtime }: { runtime: RuntimeStatus }) {
  const t = useT();
  const now = useNow();
  const ready = runtime.state === 'ready';
  return (
    <section className="card health-runtime" aria-labelledby="health-runtime">
      <h2 id="health-runtime" className="section-label">
        {t.t('health.runtime')}
      </h2>
      <dl className="health-facts">
        <dt>{t.t('health.state')}</dt>
        <dd>
          <span className={`badge ${ready ? 'tone-success' : runtime.state === 'failed' ? 'tone-danger' : 'tone-warning'}`}>
            {t.t(`health.runtimeState.${runtime.state}` as MessageKey)}
          </span>
          {runtime.reason !== undefined && <span className="muted small health-reason">{runtime.reason}</span>}
        </dd>
        <dt>{t.t('health.version')}</dt>
        <dd>{runtime.version ?? t.t('health.unknown')}</dd>
        <dt>{t.t('health.sandbox')}</dt>
        <dd>
          {runtime.sandbox === undefined ? (
            t.t('health.unknown')
          ) : (
            <>
              <span className={`badge ${runtime.sandbox.strength === 'strong' ? 'tone-success' : runtime.sandbox.strength === 'none' ? 'tone-danger' : 'tone-warning'}`}>
                {runtime.sandbox.backend}
              </span>{' '}
              <span className="muted small">{runtime.sandbox.description}</span>
            </>
          )}
        </dd>
        <dt>{t.t('health.uptime')}</dt>
        <dd>{runtime.since === undefined ? t.t('health.unknown') : t.relative(runtime.since, now)}</dd>
      </dl>
    </section>
  );
}

function CapabilityTable({ kind, items }: { kind: HealthCapability['kind']; items: readonly HealthCapability[] }) {
  const t = useT();
  const headingId = `health-${kind}`;
  return (
    <section className="health-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-label">
        {t.t(`health.kind.${kind}` as MessageKey)}
      </h2>
      {items.length === 0 ? (
        <p className="muted small">{t.t('health.none')}</p>
      ) : (
        <table className="health-table" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">{t.t('health.name')}</th>
              <th scope="col">{t.t('health.status')}</th>
              <th scope="col">{t.t('health.origin')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.name}>
                <th scope="row">
                  {item.label ?? item.name}
                  {item.label !== undefined && item.label !== item.name && <span className="muted small health-id">{item.name}</span>}
                </th>
                <td>
                  <span className={`badge ${item.ready ? 'tone-success' : item.state === 'failed' ? 'tone-danger' : 'tone-warning'}`}>
                    {t.t(`health.capState.${item.state}` as MessageKey)}
                  </span>
                  {item.problem !== undefined && <span className="muted small health-reason">{item.problem}</span>}
                </td>
                <td>{t.t(`health.origin.${item.origin}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
