// app.diagnostics: versions, the runtime's status, the data folder with ~ for home, and the
// recent log lines, within the contract's schema.
import { HOST_CONTRACT_VERSION } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { RecentLogs } from '../../src/log/index.js';
import { DIAGNOSTIC_LOG_LINES, diagnosticsHandlers } from '../../src/diagnostics/app-diagnostics.js';
import { valid } from '../support/catalog-runtime.js';

const PROCESS = { version: 'v20.19.1', platform: 'linux', arch: 'x64' };

describe('app.diagnostics', () => {
  it('reports versions, the runtime, the data folder under ~ and the recent log lines', async () => {
    const logs = new RecentLogs({ homeDir: '/home/alice' });
    logs.add({ time: '2026-11-21T10:20:30.000Z', level: 'info', source: 'host', runId: 'r', message: 'host listening', data: { url: 'http://127.0.0.1:8787' } });
    const handlers = diagnosticsHandlers({
      version: '1.2.3',
      runtimeStatus: () => ({ state: 'ready', url: 'http://127.0.0.1:4096', version: '1.18.33', pid: 42, since: 1 }),
      logs,
      dataDir: '/home/alice/.config/open-cowork',
      homeDir: '/home/alice',
      process: PROCESS,
    });
    const result = valid('app.diagnostics', await handlers['app.diagnostics']({}));
    expect(result).toEqual({
      versions: { app: '1.2.3', contract: HOST_CONTRACT_VERSION, opencode: '1.18.33', node: '20.19.1', platform: 'linux', arch: 'x64' },
      runtime: { state: 'ready', url: 'http://127.0.0.1:4096', version: '1.18.33', pid: 42, since: 1 },
      dataDir: '~/.config/open-cowork',
      logs: [{ time: Date.parse('2026-11-21T10:20:30.000Z'), level: 'info', source: 'host', message: 'host listening url=http://127.0.0.1:8787' }],
    });
  });

  it('falls back to the last OpenCode version seen, cleans the failure reason, and returns at most 200 lines', async () => {
    const logs = new RecentLogs({ maxLines: 500, homeDir: '/home/alice', redact: (text) => text.replace(/sk-\w+/g, '[redacted]') });
    for (let i = 0; i < 300; i += 1) logs.add({ time: '2026-11-21T10:20:30.000Z', level: 'debug', source: 'runtime', runId: 'r', message: `line ${i}` });
    const handlers = diagnosticsHandlers({
      runtimeStatus: () => ({ state: 'failed', code: 'RUNTIME_START_FAILED', reason: 'exited reading /home/alice/x with sk-abc123' }),
      opencodeVersion: () => '1.18.33',
      logs,
      dataDir: '/srv/open-cowork',
      homeDir: '/home/alice',
      process: PROCESS,
    });
    const result = valid('app.diagnostics', await handlers['app.diagnostics']({}));
    expect(result.versions.opencode).toBe('1.18.33');
    expect(result.runtime).toEqual({ state: 'failed', code: 'RUNTIME_START_FAILED', reason: 'exited reading ~/x with [redacted]' });
    expect(result.dataDir).toBe('/srv/open-cowork');
    expect(result.logs).toHaveLength(DIAGNOSTIC_LOG_LINES);
    expect(result.logs[0]?.message).toBe('line 100');
    expect(result.logs.at(-1)?.message).toBe('line 299');
  });

  it('leaves the OpenCode version out before any runtime was ready', async () => {
    const handlers = diagnosticsHandlers({ runtimeStatus: () => ({ state: 'starting', attempt: 1 }), logs: new RecentLogs(), dataDir: '/d', process: PROCESS });
    const result = valid('app.diagnostics', await handlers['app.diagnostics']({}));
    expect(result.versions.opencode).toBeUndefined();
    expect(result.versions.app).toMatch(/^\d+\.\d+\.\d+/);
  });
});
