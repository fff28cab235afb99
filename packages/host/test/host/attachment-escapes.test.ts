// Prompt attachments, attacked through the host's API with the real runtime: a session of
// workspace A asks for files outside A (another workspace's secret the sandbox does show the
// runtime, a system file) by `..`, by absolute path, through a link planted in A and through a
// linked folder. Each is refused with 400 BAD_REQUEST naming the path, and nothing of those
// files reaches the model or the session's history. An attachment inside A is the control.
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HostEventPayload } from '@open-cowork/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ok, startTestHost, until, type TestHost } from './support.js';

const SECRET = 'cross-workspace-secret-41c7e9';
const NOTE = 'inside-note-0b5d2a';

describe('prompt attachments outside the workspace', () => {
  let t: TestHost;
  let sessionId: string;
  const idle = new Set<string>();

  beforeAll(async () => {
    t = await startTestHost({ rules: [{ match: {}, reply: { text: 'Read it.' } }] });
    t.host.events.subscribe((type, payload) => {
      const status = payload as HostEventPayload<'session.status'>;
      if (type === 'session.status' && status.status.type === 'idle') idle.add(status.sessionId);
    });
    writeFileSync(path.join(t.folders.a, 'notes.txt'), NOTE);
    writeFileSync(path.join(t.folders.b, 'secret.txt'), SECRET);
    symlinkSync(path.join(t.folders.b, 'secret.txt'), path.join(t.folders.a, 'innocent.txt'));
    symlinkSync(t.folders.b, path.join(t.folders.a, 'other'));
    const a = await ok(t.server, 'workspaces.add', { path: t.folders.a });
    await ok(t.server, 'workspaces.add', { path: t.folders.b }); // so the runtime's sandbox shows B's files
    sessionId = (await ok(t.server, 'sessions.create', { workspaceId: a.id })).id;
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('refuses .., absolute paths and links leading out with 400 naming the path; nothing is sent', async () => {
    const before = t.model.requests.length;
    const hostname = readFileSync('/etc/hostname', 'utf8').trim();
    for (const asked of ['../ws-b/secret.txt', path.join(t.folders.b, 'secret.txt'), '/etc/hostname', 'innocent.txt', 'other/secret.txt', 'other/', `./notes.txt/../../ws-b/secret.txt`]) {
      const refused = await call(t.server, 'sessions.prompt', { sessionId, text: 'Read these', files: [{ path: asked }] });
      expect(refused.status, asked).toBe(400);
      expect(refused.error).toMatchObject({ code: 'BAD_REQUEST', data: { pointer: '/files/0/path' } });
      expect(refused.error?.message).toContain(`files[0].path: "${asked}" is outside the workspace ${t.folders.a}`);
    }
    // The control: a file inside the workspace is read and sent.
    await ok(t.server, 'sessions.prompt', { sessionId, text: 'Read these', files: [{ path: 'notes.txt' }] });
    await until(() => idle.has(sessionId), 'the answer', 30_000);
    const sent = JSON.stringify(t.model.requests.slice(before));
    expect(sent).toContain(NOTE);
    expect(sent).not.toContain(SECRET);
    if (hostname.length >= 6) expect(sent).not.toContain(hostname);
    const history = JSON.stringify(await ok(t.server, 'sessions.messages', { sessionId }));
    expect(history).not.toContain(SECRET);
  }, 120_000);
});
