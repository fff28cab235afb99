import type { McpTestFailure, McpTestResult } from '@open-cowork/contracts';
import type { MessageKey } from '../../i18n/en.js';
import { useT } from '../../ui/context.js';

const FAILURE_KEYS: Readonly<Record<McpTestFailure, MessageKey>> = {
  policy: 'mcp.failure.policy',
  missing_credentials: 'mcp.failure.missing_credentials',
  unauthorized: 'mcp.failure.unauthorized',
  forbidden: 'mcp.failure.forbidden',
  network: 'mcp.failure.network',
  timeout: 'mcp.failure.timeout',
  protocol: 'mcp.failure.protocol',
  spawn: 'mcp.failure.spawn',
};

/** What a connection test or credential preflight found: the tools, or the kind of failure with its detail and help. */
export function TestResult({ result }: { result: McpTestResult }) {
  const t = useT();
  if (result.ok) {
    return (
      <div className="test-result stacked tone-success" role="status">
        <strong>{t.t('mcp.testOk', { count: t.number(result.tools.length) })}</strong>
        {result.tools.length > 0 && <p className="small mono">{result.tools.join(', ')}</p>}
      </div>
    );
  }
  return (
    <div className="test-result stacked tone-danger" role="alert">
      <strong>{t.t(result.failure === undefined ? 'mcp.failure.protocol' : FAILURE_KEYS[result.failure])}</strong>
      {result.message && <p className="small">{result.message}</p>}
      {result.help && <p className="small muted">{result.help}</p>}
    </div>
  );
}
