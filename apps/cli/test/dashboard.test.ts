import { describe, expect, it } from 'vitest';
import { clipboardSequence, renderDashboard, stripAnsi as plain, type DashboardState } from '../src/host/dashboard.js';

const state: DashboardState = {
  appName: 'Acme Agent',
  record: { pid: 4242, processStart: 'Mon Dec  7 14:00:00 2026', commandLine: 'node open-cowork.js serve', url: 'http://127.0.0.1:8787', token: 'tok_abc', runId: 'run1', startedAt: 0, workspaces: ['/work/site'] },
  dataDir: '/data',
  logFile: '/data/logs/host-run1.log',
  hostHealthy: true,
  runtime: { state: 'ready', detail: 'OpenCode 1.18.33' },
  logLines: ['10:00:00 runtime ready'],
};

describe('the start dashboard', () => {
  it('shows services, pairing details, recent log lines and the keys', () => {
    const screen = plain(renderDashboard(state));
    expect(screen).toContain('Acme Agent — headless host  run run1');
    expect(screen).toContain('● host      serving  http://127.0.0.1:8787  pid 4242');
    expect(screen).toContain('● runtime   ready  OpenCode 1.18.33');
    expect(screen).toContain('Token      tok_abc');
    expect(screen).toContain('Open UI    http://127.0.0.1:8787/#token=tok_abc');
    expect(screen).toContain('Workspace  /work/site');
    expect(screen).toContain('10:00:00 runtime ready');
    expect(screen).toContain('[c] copy the UI link   [d] detach (keep running)   [q] quit (stop the host)');
  });

  it('colours health and cuts long lines to the terminal width', () => {
    const down = renderDashboard({ ...state, hostHealthy: false, runtime: { state: 'failed', detail: 'x'.repeat(300) } }, 60);
    expect(down).toContain('\x1b[31m●');
    for (const line of plain(down).split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('copies through the terminal with OSC 52', () => {
    expect(clipboardSequence('hi')).toBe('\x1b]52;c;aGk=\x07');
  });
});
