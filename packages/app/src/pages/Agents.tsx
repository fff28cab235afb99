import type { Agent } from '@open-cowork/contracts';
import { useEffect } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { PlusIcon } from '../ui/icons.js';
import { PageLoading } from '../ui/PageLoading.js';
import { hrefOf, navigate } from '../ui/router.js';
import '../styles/agents.css';

const SOURCES: readonly Agent['source'][] = ['built-in', 'configured', 'custom'];
const SOURCE_KEYS: Readonly<Record<Agent['source'], MessageKey>> = {
  'built-in': 'agents.source.built-in',
  configured: 'agents.source.configured',
  custom: 'agents.source.custom',
};
const MODE_KEYS: Readonly<Record<Agent['mode'], MessageKey>> = { primary: 'agents.mode.primary', subagent: 'agents.mode.subagent', all: 'agents.mode.all' };

export default function Agents() {
  const t = useT();
  const agents = useAppState((s) => s.agents);
  const { loadAgents, notify } = useActions();

  useEffect(() => {
    loadAgents().catch((e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'));
  }, [loadAgents, notify, t]);

  return (
    <div className="page catalog">
      <header className="page-header with-actions">
        <div>
          <h1>{t.t('agents.title')}</h1>
          <p className="muted">{t.t('agents.subtitle')}</p>
        </div>
        <button type="button" className="button primary" onClick={() => navigate({ page: 'agent' })}>
          <PlusIcon size={16} />
          {t.t('agents.new')}
        </button>
      </header>
      {agents.load === 'loading' && agents.list.length === 0 ? (
        <PageLoading />
      ) : agents.list.length === 0 ? (
        <p className="muted">{t.t('agents.empty')}</p>
      ) : (
        SOURCES.map((source) => {
          const list = agents.list.filter((a) => a.source === source && !a.hidden);
          if (list.length === 0) return null;
          return (
            <section key={source} className="catalog-section" aria-labelledby={`agents-${source}`}>
              <h2 id={`agents-${source}`} className="section-label">
                {t.t(SOURCE_KEYS[source])}
              </h2>
              <ul className="card-grid">
                {list.map((agent) => (
                  <li key={agent.name} className={`card agent-card color-${agent.color ?? 'neutral'}`}>
                    <div className="card-title">
                      <span className="agent-chip" aria-hidden="true" />
                      <h3>
                        <a className="card-link" href={hrefOf({ page: 'agent', name: agent.name })} title={t.t('agents.open', { name: agent.label ?? agent.name })}>
                          {agent.label ?? agent.name}
                        </a>
                      </h3>
                    </div>
                    {agent.description && <p className="muted clamp">{agent.description}</p>}
                    <div className="badges">
                      <span className="badge">{t.t(SOURCE_KEYS[agent.source])}</span>
                      <span className="badge">{t.t(MODE_KEYS[agent.mode])}</span>
                      {agent.readOnly && <span className="badge">{t.t('agents.readOnly')}</span>}
                    </div>
                    {(agent.toolIds?.length ?? 0) > 0 && (
                      <p className="small">
                        <span className="muted">{t.t('agents.tools')}: </span>
                        {agent.toolIds?.join(', ')}
                      </p>
                    )}
                    {(agent.skillNames?.length ?? 0) > 0 && (
                      <p className="small">
                        <span className="muted">{t.t('agents.skills')}: </span>
                        {agent.skillNames?.join(', ')}
                      </p>
                    )}
                    {agent.model && (
                      <p className="small">
                        <span className="muted">{t.t('agents.model')}: </span>
                        {agent.model}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          );
        })
      )}
    </div>
  );
}
