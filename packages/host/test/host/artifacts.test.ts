// The artifacts view's host side with the real runtime, the bundled charts server and the
// scripted model: files OpenCode's write and edit tools changed and charts the charts server
// rendered are listed per chat with the answer that produced them, and read back read-only.
// Reading is attacked as a client would: "..", absolute paths, a link planted in the workspace
// and a linked folder all lead to another workspace's secret or a system file, and each is
// refused with 400 naming the path, with nothing of the target in the answer.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Conversation, ScriptRule } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ok, startTestHost, until, type TestHost } from './support.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
const SECRET = 'other-workspace-secret-93be1f';
const BAR_CHART = {
  data: { values: [{ team: 'north', sales: 3 }, { team: 'south', sales: 5 }] },
  mark: 'bar',
  encoding: { x: { field: 'team', type: 'nominal' }, y: { field: 'sales', type: 'quantitative' } },
};
const said = (c: Conversation) => c.toolResults.map((r) => r.content).join(' ').slice(0, 200);

function callThen(prompt: string, calls: { name: string; arguments: Record<string, unknown> }[]): ScriptRule[] {
  return [
    { match: { lastUser: prompt, hasToolResults: false }, reply: { toolCalls: calls } },
    { match: { lastUser: prompt, hasToolResults: true }, reply: (c) => ({ text: `Done: ${said(c)}` }) },
  ];
}

describe('artifacts of a chat', () => {
  let t: TestHost;
  let sessionId = '';
  let emptySessionId = '';
  const idle = new Set<string>();

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'mcps', 'charts', 'dist', 'index.js'))) {
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-mcps.mjs')], { stdio: 'inherit' });
    }
    t = await startTestHost({
      appRoot: REPO_ROOT,
      approval: 'auto',
      rules: [
        ...callThen('Write the report', [{ name: 'write', arguments: { filePath: 'docs/report.md', content: '# Report\n\nSales rose.\n' } }]),
        ...callThen('Write the notes', [{ name: 'write', arguments: { filePath: 'notes.txt', content: 'first note\n' } }]),
        ...callThen('Fix the report', [{ name: 'edit', arguments: { filePath: 'docs/report.md', oldString: 'Sales rose.', newString: 'Sales rose by 40%.' } }]),
        ...callThen('Chart the sales', [{ name: 'charts_render', arguments: { spec: BAR_CHART, title: 'Sales by team' } }]),
      ],
    });
    t.host.events.subscribe((type, payload) => {
      const status = payload as { sessionId: string; status: { type: string } };
      if (type === 'session.status' && status.status.type === 'idle') idle.add(status.sessionId);
    });
    writeFileSync(path.join(t.folders.b, 'secret.txt'), SECRET);
    symlinkSync(path.join(t.folders.b, 'secret.txt'), path.join(t.folders.a, 'innocent.txt'));
    symlinkSync(t.folders.b, path.join(t.folders.a, 'other'));
    mkdirSync(path.join(t.folders.a, 'docs'));
    const a = await ok(t.server, 'workspaces.add', { path: t.folders.a });
    await ok(t.server, 'workspaces.add', { path: t.folders.b });
    await until(async () => (await ok(t.server, 'capabilities.list', {})).mcps.find((m) => m.name === 'charts')?.status === 'connected', 'the charts server', 90_000);
    sessionId = (await ok(t.server, 'sessions.create', { workspaceId: a.id })).id;
    emptySessionId = (await ok(t.server, 'sessions.create', { workspaceId: a.id })).id;
  }, 180_000);
  afterAll(async () => {
    await t?.dispose();
  });

  async function ask(text: string): Promise<void> {
    idle.delete(sessionId);
    await ok(t.server, 'sessions.prompt', { sessionId, text });
    await until(() => idle.has(sessionId), `the answer to "${text}"`, 60_000);
  }

  it('lists nothing for a chat that produced nothing', async () => {
    expect(await ok(t.server, 'artifacts.list', { sessionId: emptySessionId })).toEqual({ artifacts: [] });
  });

  it('lists written and edited files and rendered charts, newest first, with the answer that made each', async () => {
    await ask('Write the report');
    await ask('Write the notes');
    await ask('Fix the report');
    await ask('Chart the sales');
    expect(readFileSync(path.join(t.folders.a, 'docs', 'report.md'), 'utf8')).toContain('Sales rose by 40%.');

    const { artifacts } = await ok(t.server, 'artifacts.list', { sessionId });
    const { messages } = await ok(t.server, 'sessions.messages', { sessionId });
    const answerTo = (prompt: string) => {
      const user = messages.find((m) => m.info.role === 'user' && m.parts.some((p) => p.kind === 'text' && p.text === prompt))!;
      return messages.filter((m) => m.info.parentId === user.info.id).map((m) => m.info.id);
    };
    expect(artifacts.map((a) => [a.kind, a.name, a.path, a.action, a.tool, a.prompt, a.changes])).toEqual([
      ['chart', 'Sales by team', expect.stringMatching(/^chart-[0-9a-f]{16}$/), 'rendered', 'charts_render', 'Chart the sales', 1],
      ['file', 'report.md', 'docs/report.md', 'edited', 'edit', 'Fix the report', 2],
      ['file', 'notes.txt', 'notes.txt', 'written', 'write', 'Write the notes', 1],
    ]);
    expect(answerTo('Chart the sales')).toContain(artifacts[0]!.messageId);
    expect(answerTo('Fix the report')).toContain(artifacts[1]!.messageId);
    expect(answerTo('Write the notes')).toContain(artifacts[2]!.messageId);
    expect(artifacts[0]!.at).toBeGreaterThanOrEqual(artifacts[1]!.at);
    expect(artifacts[1]!.at).toBeGreaterThanOrEqual(artifacts[2]!.at);
  }, 240_000);

  it('reads a file and a chart read-only', async () => {
    const { artifacts } = await ok(t.server, 'artifacts.list', { sessionId });
    const report = await ok(t.server, 'artifacts.read', { sessionId, id: 'file:docs/report.md' });
    expect(report).toEqual({ id: 'file:docs/report.md', kind: 'file', mime: 'text/plain', text: '# Report\n\nSales rose by 40%.\n', bytes: 29, truncated: false, binary: false });
    const chart = await ok(t.server, 'artifacts.read', { sessionId, id: artifacts[0]!.id });
    expect(chart).toMatchObject({ kind: 'chart', mime: 'image/svg+xml', truncated: false, binary: false });
    expect(chart.text).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it('refuses paths leading out of the workspace, by "..", absolute path or link, naming the path', async () => {
    const hostname = readFileSync('/etc/hostname', 'utf8').trim();
    const attempts = [
      'file:../ws-b/secret.txt',
      `file:${path.join(t.folders.b, 'secret.txt')}`,
      'file:/etc/hostname',
      'file:innocent.txt',
      'file:other/secret.txt',
      'file:docs/../../ws-b/secret.txt',
      'file:docs/../innocent.txt',
    ];
    for (const id of attempts) {
      const refused = await call(t.server, 'artifacts.read', { sessionId, id });
      expect(refused.status, id).toBe(400);
      expect(refused.error, id).toMatchObject({ code: 'BAD_REQUEST', data: { pointer: '/id' } });
      expect(refused.error?.message, id).toContain(`is outside the workspace ${t.folders.a}`);
      expect(JSON.stringify(refused), id).not.toContain(SECRET);
      if (hostname.length >= 6) expect(JSON.stringify(refused), id).not.toContain(`"${hostname}`);
    }
    for (const id of ['chart:../../etc/hostname', 'chart:chart-0123', 'secret.txt', 'file:', 'file:missing.txt', 'file:docs']) {
      const refused = await call(t.server, 'artifacts.read', { sessionId, id });
      expect(refused.status, id).toBe(400);
      expect(refused.error?.message, id).toContain(`"${id}"`);
    }
  });

  it('answers NOT_FOUND for an unknown session', async () => {
    const missing = await call(t.server, 'artifacts.list', { sessionId: 'ses_missing' });
    expect(missing.status).toBe(404);
  });
});
