import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { HostEventName } from '@open-cowork/contracts';
import { RuntimeEventHub, type RuntimeEvent, type RuntimeStatus, type SessionInfo } from '@open-cowork/runtime';
import { beforeEach, describe, expect, it } from 'vitest';
import { HostEventBus } from '../../src/event-bus.js';
import { Logger } from '../../src/log/index.js';
import { ManualClock } from '../../src/ports/index.js';
import { EventBridge } from '../../src/sessions/event-bridge.js';
import { SessionIndex } from '../../src/workspaces/session-index.js';
import { WorkspaceLookup } from '../../src/workspaces/lookup.js';
import { WorkspaceRegistry } from '../../src/workspaces/store.js';
import { eventProblems } from '../host/support.js';
import { tempDir } from '../state/temp-dir.js';

interface Setup {
  readonly hub: RuntimeEventHub;
  readonly status: (status: RuntimeStatus) => void;
  readonly published: { type: HostEventName; payload: unknown }[];
  readonly registry: WorkspaceRegistry;
  readonly index: SessionIndex;
  readonly clock: ManualClock;
  readonly bridge: EventBridge;
  readonly dirs: { a: string; b: string; other: string };
}

async function setup(): Promise<Setup> {
  const root = await tempDir();
  const dirs = { a: path.join(root, 'a'), b: path.join(root, 'b'), other: path.join(root, 'other') };
  for (const dir of Object.values(dirs)) await mkdir(dir);
  const clock = new ManualClock();
  const registry = new WorkspaceRegistry({ file: path.join(root, 'workspaces.json'), clock });
  const hub = new RuntimeEventHub();
  const statusListeners = new Set<(status: RuntimeStatus) => void>();
  const bus = new HostEventBus();
  const published: Setup['published'] = [];
  bus.subscribe((type, payload) => published.push({ type, payload }));
  const index = new SessionIndex();
  const bridge = new EventBridge({
    events: hub,
    onStatus: (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    sink: bus,
    workspaces: new WorkspaceLookup(registry, { clock }),
    index,
    logger: new Logger({ runId: 't', sink: () => undefined }),
  });
  return { hub, status: (s) => statusListeners.forEach((listener) => listener(s)), published, registry, index, clock, bridge, dirs };
}

const session = (id: string, directory: string): SessionInfo => ({ id, title: 'T', directory, createdAt: 1, updatedAt: 2 });
const delta = (sessionId: string, text: string, directory?: string): RuntimeEvent => ({
  type: 'text.delta',
  sessionId,
  messageId: 'msg_1',
  partId: 'prt_1',
  delta: text,
  ...(directory !== undefined ? { directory } : {}),
});

/** Lets queued lookups (file reads) finish. */
async function settle(s: Setup, count: number): Promise<void> {
  for (let i = 0; i < 200 && s.published.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

let s: Setup;
beforeEach(async () => {
  s = await setup();
});

describe('the event bridge', () => {
  it('publishes runtime events as host events: without type and directory, with the workspace', async () => {
    const a = await s.registry.add(s.dirs.a);
    s.hub.emit({ type: 'session.created', directory: s.dirs.a, session: session('ses_1', s.dirs.a) });
    s.hub.emit(delta('ses_1', 'Hel', s.dirs.a));
    s.hub.emit(delta('ses_1', 'lo', s.dirs.a));
    s.hub.emit({ type: 'session.status', directory: s.dirs.a, sessionId: 'ses_1', status: { type: 'idle' } });
    await settle(s, 4);
    expect(s.published).toEqual([
      { type: 'session.created', payload: { workspaceId: a.id, session: { ...session('ses_1', s.dirs.a), workspaceId: a.id } } },
      { type: 'text.delta', payload: { workspaceId: a.id, sessionId: 'ses_1', messageId: 'msg_1', partId: 'prt_1', delta: 'Hel' } },
      { type: 'text.delta', payload: { workspaceId: a.id, sessionId: 'ses_1', messageId: 'msg_1', partId: 'prt_1', delta: 'lo' } },
      { type: 'session.status', payload: { workspaceId: a.id, sessionId: 'ses_1', status: { type: 'idle' } } },
    ]);
    for (const { type, payload } of s.published) expect(eventProblems(type, payload)).toBeUndefined();
    expect(s.index.workspaceOfSession('ses_1')).toBe(a.id);
  });

  it('keeps the order while the workspace list is read, and answers from memory afterwards', async () => {
    const a = await s.registry.add(s.dirs.a);
    for (let i = 0; i < 50; i++) s.hub.emit(delta('ses_1', String(i), s.dirs.a));
    expect(s.published).toEqual([]); // the first event waits for the registry
    await settle(s, 50);
    expect(s.published.map((event) => (event.payload as { delta: string }).delta)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    s.hub.emit(delta('ses_1', 'now', s.dirs.a));
    expect(s.published.at(-1)?.payload).toMatchObject({ workspaceId: a.id, delta: 'now' }); // synchronous while fresh
  });

  it('drops events of folders that are not workspaces, except session errors', async () => {
    await s.registry.add(s.dirs.a);
    s.hub.emit(delta('ses_x', 'secret', s.dirs.other));
    s.hub.emit({ type: 'session.error', directory: s.dirs.other, sessionId: 'ses_x', error: { name: 'APIError', message: 'boom' } });
    s.hub.emit({ type: 'session.error', error: { name: 'UnknownError', message: 'lost' } });
    await settle(s, 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(s.published).toEqual([
      { type: 'session.error', payload: { sessionId: 'ses_x', error: { name: 'APIError', message: 'boom' } } },
      { type: 'session.error', payload: { error: { name: 'UnknownError', message: 'lost' } } },
    ]);
  });

  it('recognises a workspace added by another process on its first event', async () => {
    await s.registry.add(s.dirs.a);
    s.hub.emit(delta('ses_1', 'a', s.dirs.a));
    await settle(s, 1);
    const b = await new WorkspaceRegistry({ file: path.join(path.dirname(s.dirs.a), 'workspaces.json') }).add(s.dirs.b);
    s.hub.emit(delta('ses_2', 'b', s.dirs.b));
    await settle(s, 2);
    expect(s.published.at(-1)?.payload).toMatchObject({ workspaceId: b.id, delta: 'b' });
  });

  it('places events without a folder by their session', async () => {
    const b = await s.registry.add(s.dirs.b);
    s.index.rememberSession('ses_2', b.id);
    s.hub.emit(delta('ses_2', 'x'));
    s.hub.emit(delta('ses_unknown', 'y'));
    await settle(s, 1);
    expect(s.published).toEqual([{ type: 'text.delta', payload: expect.objectContaining({ workspaceId: b.id, delta: 'x' }) }]);
  });

  it('adds the workspace to requests and keeps the request index current', async () => {
    const a = await s.registry.add(s.dirs.a);
    s.hub.emit({
      type: 'permission.asked',
      directory: s.dirs.a,
      request: { id: 'per_1', sessionId: 'ses_1', permission: 'bash', patterns: ['ls'], always: ['ls *'], metadata: {} },
    });
    s.hub.emit({ type: 'question.asked', directory: s.dirs.a, request: { id: 'que_1', sessionId: 'ses_1', questions: [{ question: 'Q?', header: 'Q', options: [] }] } });
    await settle(s, 2);
    expect(s.published.map((event) => event.type)).toEqual(['permission.asked', 'question.asked']);
    expect(s.published[0]?.payload).toMatchObject({ workspaceId: a.id, request: { id: 'per_1', workspaceId: a.id } });
    expect(s.index.workspaceOfRequest('permission', 'per_1')).toBe(a.id);
    expect(s.index.workspaceOfRequest('question', 'que_1')).toBe(a.id);
    s.hub.emit({ type: 'permission.replied', directory: s.dirs.a, sessionId: 'ses_1', requestId: 'per_1', reply: 'once' });
    expect(s.index.workspaceOfRequest('permission', 'per_1')).toBeUndefined();
    s.status({ state: 'starting', attempt: 1 });
    expect(s.index.workspaceOfRequest('question', 'que_1')).toBeUndefined();
  });

  it('publishes the runtime status, and nothing after dispose', async () => {
    s.status({ state: 'ready', url: 'http://127.0.0.1:1', pid: 42, version: '1.0.0', since: 5 });
    expect(s.published).toEqual([{ type: 'runtime.status', payload: { state: 'ready', url: 'http://127.0.0.1:1', pid: 42, version: '1.0.0', since: 5 } }]);
    s.bridge.dispose();
    s.bridge.dispose();
    s.status({ state: 'stopped' });
    s.hub.emit({ type: 'session.error', error: { name: 'UnknownError', message: 'late' } });
    expect(s.published).toHaveLength(1);
  });
});
