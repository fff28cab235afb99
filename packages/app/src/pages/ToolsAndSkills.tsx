import { useEffect } from 'react';
import { useActions, useAppState, useT } from '../ui/context.js';
import { messageOf } from '../ui/errors.js';
import { PageLoading } from '../ui/PageLoading.js';
import { McpServers } from './tools/McpServers.js';

export default function ToolsAndSkills() {
  const t = useT();
  const caps = useAppState((s) => s.capabilities);
  const agents = useAppState((s) => s.agents.list);
  const { loadCapabilities, loadAgents, notify } = useActions();

  useEffect(() => {
    const fail = (e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error');
    loadCapabilities().catch(fail);
    loadAgents().catch(() => undefined);
  }, [loadCapabilities, loadAgents, notify, t]);

  // The default (built-in) agent may use every tool, skill and server the permission settings
  // allow, so it is always named; agents granted one explicitly follow.
  const usedBy = (names: readonly string[]) => (names.length > 0 ? t.t('tools.usedBy', { agents: names.join(', ') }) : t.t('tools.defaultAgentOnly'));
  const toolUsers = (id: string) => agents.filter((a) => a.toolIds?.includes(id)).map((a) => a.label ?? a.name);

  if (caps.load === 'loading' && caps.tools.length === 0) return <PageLoading />;

  return (
    <div className="page catalog">
      <header className="page-header">
        <h1>{t.t('tools.title')}</h1>
        <p className="muted">{t.t('tools.subtitle')}</p>
      </header>
      <section className="catalog-section" aria-labelledby="tools-tools">
        <h2 id="tools-tools" className="section-label">
          {t.t('tools.tools')}
        </h2>
        <ul className="card-grid">
          {caps.tools.map((tool) => (
            <li key={tool.id} className="card">
              <div className="card-title">
                <h3>{tool.name}</h3>
                <span className="badge">{tool.writeAccess ? t.t('tools.writeAccess') : t.t('tools.readOnly')}</span>
              </div>
              {tool.description && <p className="muted clamp">{tool.description}</p>}
              <p className="small muted">{usedBy(toolUsers(tool.id))}</p>
            </li>
          ))}
        </ul>
      </section>
      <section className="catalog-section" aria-labelledby="tools-skills">
        <h2 id="tools-skills" className="section-label">
          {t.t('tools.skills')}
        </h2>
        {caps.skills.length === 0 ? (
          <p className="muted">{t.t('tools.empty')}</p>
        ) : (
          <ul className="card-grid">
            {caps.skills.map((skill) => (
              <li key={skill.name} className="card">
                <div className="card-title">
                  <h3>{skill.name}</h3>
                  {skill.badge && <span className="badge">{skill.badge}</span>}
                </div>
                {skill.description && <p className="muted clamp">{skill.description}</p>}
                <p className="small muted">{usedBy(skill.usedBy)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <McpServers />
    </div>
  );
}
