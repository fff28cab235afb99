// The whole host, real runtime and scripted model, over HTTP with results checked against the
// contract: app.exportDiagnostics answers a valid bundle without the prompt or the host's
// token, app.diagnostics reports telemetry, and the host's telemetry
// file holds the start, the runtime's state and a created session, with no prompt text.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestHost, TOKEN, until, type TestHost } from '../host/support.js';

const PROMPT = 'Tell me the launch code hunter2-never-log-this';

describe('app.exportDiagnostics and telemetry in a running host', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost({ rules: [{ match: { lastUser: 'launch code' }, reply: { text: 'No.' } }] });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('exports a valid, redacted bundle and records usage without content', async () => {
    const workspace = await ok(t.server, 'workspaces.add', { path: t.folders.a });
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.id });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: PROMPT });

    const bundle = await ok(t.server, 'app.exportDiagnostics', {});
    expect(bundle.format).toBe('open-cowork-diagnostics/1');
    expect(bundle.runtime.state).toBe('ready');
    expect(bundle.providers.map((p) => p.id)).toEqual(['scripted']);
    expect(bundle.telemetry).toMatchObject({ enabled: true, forwarding: { configured: false, active: false } });
    expect(bundle.logs.length).toBeGreaterThan(0);
    const text = JSON.stringify(bundle);
    expect(text).not.toContain(PROMPT);
    // Nor does the host's bearer token.
    expect(text).not.toContain(TOKEN);

    const diagnostics = await ok(t.server, 'app.diagnostics', {});
    expect(diagnostics.telemetry).toEqual(expect.objectContaining({ enabled: true, directory: bundle.telemetry.directory }));

    const dir = path.join(t.dataDir, 'telemetry');
    const read = async () => {
      const files = await readdir(dir).catch(() => [] as string[]);
      const all = await Promise.all(files.map((file) => readFile(path.join(dir, file), 'utf8')));
      return all.join('');
    };
    await until(async () => (await read()).includes('"prompt.sent"'), 'the prompt.sent event');
    const events = (await read())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; data: Record<string, unknown> });
    const names = events.map((e) => e.event);
    expect(names).toEqual(expect.arrayContaining(['app.started', 'runtime.status', 'session.created', 'prompt.sent']));
    expect(events.find((e) => e.event === 'prompt.sent')?.data).toEqual({ sessionId: session.id, files: 0, model: 'scripted/scripted-1' });
    expect(events.find((e) => e.event === 'runtime.status' && e.data['state'] === 'ready')?.data['opencode']).toMatch(/^\d+\.\d+/);
    expect(await read()).not.toContain('hunter2');
  });
});
