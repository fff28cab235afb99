import type { McpInfo, McpState, McpTestResult } from '@open-cowork/contracts';
import { useState } from 'react';
import type { MessageKey } from '../../i18n/en.js';
import { useActions, useAppState, useT } from '../../ui/context.js';
import { useConfirm } from '../../ui/ConfirmDialog.js';
import { messageOf } from '../../ui/errors.js';
import { PlusIcon, ShieldIcon, Spinner } from '../../ui/icons.js';
import { McpCredentials } from './McpCredentials.js';
import { McpDialog } from './McpDialog.js';
import { TestResult } from './TestResult.js';
import '../../styles/mcp-servers.css';

const STATE_KEYS: Readonly<Record<McpState, MessageKey>> = {
  connected: 'tools.mcp.connected',
  failed: 'tools.mcp.failed',
  disabled: 'tools.mcp.disabled',
  needs_auth: 'tools.mcp.needs_auth',
  needs_client_registration: 'tools.mcp.needs_client_registration',
  unknown: 'tools.mcp.unknown',
};
const STATE_TONE: Readonly<Record<McpState, string>> = {
  connected: 'success',
  failed: 'danger',
  disabled: 'neutral',
  needs_auth: 'warning',
  needs_client_registration: 'warning',
  unknown: 'neutral',
};

/** The MCP section of Tools & Skills: every server's card, and adding one of your own. */
export function McpServers() {
  const t = useT();
  const mcps = useAppState((s) => s.capabilities.mcps);
  const [dialog, setDialog] = useState<{ editing?: McpInfo } | undefined>();

  return (
    <section className="catalog-section" aria-labelledby="tools-mcps">
      <div className="section-heading">
        <h2 id="tools-mcps" className="section-label">
          {t.t('tools.mcps')}
        </h2>
        <button type="button" className="button secondary small" onClick={() => setDialog({})}>
          <PlusIcon size={14} /> {t.t('mcp.add')}
        </button>
      </div>
      {mcps.length === 0 ? (
        <p className="muted">{t.t('tools.empty')}</p>
      ) : (
        <ul className="card-grid">
          {mcps.map((mcp) => (
            <McpCard key={mcp.name} mcp={mcp} onEdit={() => setDialog({ editing: mcp })} />
          ))}
        </ul>
      )}
      {dialog && <McpDialog {...(dialog.editing ? { editing: dialog.editing } : {})} onClose={() => setDialog(undefined)} />}
    </section>
  );
}

function McpCard({ mcp, onEdit }: { mcp: McpInfo; onEdit: () => void }) {
  const t = useT();
  const { testMcp, trustMcp, removeMcp, notify } = useActions();
  const [busy, setBusy] = useState<'test' | 'trust' | 'remove' | undefined>();
  const [result, setResult] = useState<McpTestResult>();
  const [showCredentials, setShowCredentials] = useState(false);
  const confirm = useConfirm();
  const custom = mcp.source === 'custom';
  const trusted = mcp.permissionMode === 'allow';
  const fail = (error: unknown) => notify(t.t('common.error', { message: messageOf(error) }), 'error');

  const run = async (kind: 'test' | 'trust' | 'remove', work: () => Promise<void>) => {
    setBusy(kind);
    try {
      await work();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(undefined);
    }
  };

  const usedBy = mcp.usedBy.length > 0 ? t.t('tools.usedBy', { agents: mcp.usedBy.join(', ') }) : t.t('tools.defaultAgentOnly');

  return (
    <li className="card mcp-card" aria-label={mcp.name}>
      <div className="card-title">
        <h3>{mcp.name}</h3>
        <span className={`badge tone-${STATE_TONE[mcp.status]}`}>{t.t(STATE_KEYS[mcp.status])}</span>
      </div>
      {mcp.description && <p className="muted clamp">{mcp.description}</p>}
      <div className="badges">
        <span className="badge">{t.t(custom ? 'mcp.source.custom' : 'mcp.source.bundled')}</span>
        <span className="badge">{t.t(mcp.type === 'local' ? 'mcp.form.local' : 'mcp.form.remote')}</span>
        {/* Trust is the user's call for their own servers; a bundled server's tools follow the app's tool catalog. */}
        {custom && (
          <span className={`badge${trusted ? ' tone-success' : ''}`}>
            {trusted && <ShieldIcon size={12} />} {t.t(trusted ? 'mcp.trusted' : 'mcp.asks')}
          </span>
        )}
        {custom && mcp.custom?.scope === 'workspace' && <span className="badge">{t.t('mcp.workspaceOnly')}</span>}
        {!mcp.configured && <span className="badge tone-warning">{t.t('mcp.needsSetup')}</span>}
      </div>
      {mcp.error && <p className="small form-error">{mcp.error}</p>}
      <p className="small muted">{usedBy}</p>
      {busy === 'test' && (
        <p className="muted small" role="status">
          <Spinner size={14} /> {t.t('mcp.testing')}
        </p>
      )}
      {result && <TestResult result={result} />}
      {showCredentials && <McpCredentials mcp={mcp} />}
      <div className="card-actions">
        <button
          type="button"
          className="button ghost small"
          aria-label={t.t('mcp.testNamed', { name: mcp.name })}
          disabled={busy !== undefined}
          onClick={() => void run('test', async () => setResult(await testMcp({ name: mcp.name })))}
        >
          {t.t('mcp.test')}
        </button>
        {(mcp.credentials?.length ?? 0) > 0 && (
          <button type="button" className="button ghost small" aria-expanded={showCredentials} onClick={() => setShowCredentials(!showCredentials)}>
            {t.t('mcp.credentials')}
          </button>
        )}
        {custom && (
          <>
            <button
              type="button"
              className="button ghost small"
              aria-label={t.t(trusted ? 'mcp.untrustNamed' : 'mcp.trustNamed', { name: mcp.name })}
              disabled={busy !== undefined}
              onClick={() => void run('trust', async () => void (await trustMcp(mcp.name, !trusted)))}
            >
              {t.t(trusted ? 'mcp.untrust' : 'mcp.trust')}
            </button>
            <button type="button" className="button ghost small" aria-label={t.t('mcp.editNamed', { name: mcp.name })} disabled={busy !== undefined} onClick={onEdit}>
              {t.t('mcp.edit')}
            </button>
            <button
              type="button"
              className="button danger-ghost small"
              aria-label={t.t('mcp.removeNamed', { name: mcp.name })}
              disabled={busy !== undefined}
              onClick={() => {
                void confirm.ask({ title: t.t('mcp.removeConfirm', { name: mcp.name }), body: t.t('mcp.removeConfirmBody'), confirmLabel: t.t('mcp.remove') }).then((yes) => {
                  if (!yes) return;
                  void run('remove', async () => {
                    await removeMcp(mcp.name);
                    notify(t.t('mcp.removed', { name: mcp.name }));
                  });
                });
              }}
            >
              {t.t('mcp.remove')}
            </button>
          </>
        )}
      </div>
      {confirm.dialog}
    </li>
  );
}
