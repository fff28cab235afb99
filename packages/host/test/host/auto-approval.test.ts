// --approval auto: the host answers each permission request with "once" by itself and logs it.
import type { HostEventPayload } from '@open-cowork/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestHost, until, type TestHost } from './support.js';

let t: TestHost;
const replies: HostEventPayload<'permission.replied'>[] = [];
const idle = new Set<string>();

beforeAll(async () => {
  t = await startTestHost({
    approval: 'auto',
    rules: [
      { match: { lastUser: 'Where are you?', hasToolResults: false }, reply: { toolCalls: [{ name: 'bash', arguments: { command: 'pwd', description: 'Print the folder' } }] } },
      { match: { lastUser: 'Where are you?', hasToolResults: true }, reply: (c) => ({ text: `I am in ${c.toolResults.map((r) => r.content).join(' ').trim()}` }) },
    ],
  });
  t.host.events.subscribe((type, payload) => {
    if (type === 'permission.replied') replies.push(payload as HostEventPayload<'permission.replied'>);
    const status = payload as HostEventPayload<'session.status'>;
    if (type === 'session.status' && status.status.type === 'idle') idle.add(status.sessionId);
  });
}, 60_000);

afterAll(async () => {
  await t?.dispose();
});

describe('approval "auto"', () => {
  it('allows a bash call once by itself; the session finishes and the answer is logged', async () => {
    const workspace = await ok(t.server, 'workspaces.add', { path: t.folders.a });
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.id });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Where are you?' });
    await until(() => idle.has(session.id), 'the session to finish');

    expect(replies).toEqual([expect.objectContaining({ workspaceId: workspace.id, sessionId: session.id, reply: 'once' })]);
    expect((await ok(t.server, 'permissions.list', {})).requests).toEqual([]);
    const { messages } = await ok(t.server, 'sessions.messages', { sessionId: session.id });
    const answer = messages.at(-1)?.parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('');
    expect(answer).toBe(`I am in ${t.folders.a}`);
    expect(t.logs).toContainEqual(
      expect.objectContaining({ level: 'info', source: 'host', message: 'approved bash automatically', data: expect.objectContaining({ sessionId: session.id, patterns: ['pwd'] }) }),
    );
  });
});
