import type { DiagnosticsBundle } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { diagnosticsFileName } from '../src/lib/download.js';
import { createAppStore } from '../src/state/store.js';
import { fakeHost } from './fakes.js';

describe('Export diagnostics', () => {
  it('asks the host for the bundle and keeps nothing of it in the store', async () => {
    const bundle = { format: 'open-cowork-diagnostics/1', generatedAt: '2026-11-21T10:20:30.123Z' } as DiagnosticsBundle;
    const host = fakeHost({ 'app.exportDiagnostics': () => bundle });
    const store = createAppStore(host);
    const before = store.getState();
    expect(await store.getState().actions.exportDiagnostics()).toBe(bundle);
    expect(host.calls.map((c) => c.method)).toEqual(['app.exportDiagnostics']);
    expect(store.getState()).toBe(before);
  });

  it('names the file after the brand and the bundle\'s time, safe for every file system', () => {
    expect(diagnosticsFileName('Open Cowork', '2026-11-21T10:20:30.123Z')).toBe('open-cowork-diagnostics-2026-11-21T10-20-30Z.json');
    expect(diagnosticsFileName('Acme / Ünïcode!', '2026-11-21T10:20:30Z')).toBe('acme-n-code-diagnostics-2026-11-21T10-20-30Z.json');
    expect(diagnosticsFileName(undefined, '2026-11-21T10:20:30Z')).toBe('open-cowork-diagnostics-2026-11-21T10-20-30Z.json');
    expect(diagnosticsFileName('***', '2026-11-21T10:20:30Z')).toBe('open-cowork-diagnostics-2026-11-21T10-20-30Z.json');
  });
});
