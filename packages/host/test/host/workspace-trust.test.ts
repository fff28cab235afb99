// Workspace trust through the host's API, with the real runtime in its default sandbox: a
// workspace with a plugin is added and the answer lists what was found (its own folder and a
// parent's); the plugin stays unloaded until workspaces.trust, loads after the reload, and
// stops after workspaces.untrust and the next reload. Each plugin appends a line to its
// marker file when OpenCode imports it; a second trusted workspace's plugin is the control.
// Then the same host unsandboxed by choice: calls in an untrusted workspace are refused.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HostEventName, HostEventPayload, Workspace } from '@open-cowork/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ok, startTestHost, until, type TestHost } from './support.js';

function plant(file: string, marker: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(marker)}, 'loaded\\n');\nexport const Marker = async () => ({});\n`);
}

const lines = (file: string): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);

describe.runIf(process.platform === 'linux')('workspace trust through the host', () => {
  let t: TestHost;
  let root: string;
  let mine: string;
  let control: string;
  const events: { type: HostEventName; payload: unknown }[] = [];
  const states = () => events.filter((event) => event.type === 'runtime.status').map((event) => (event.payload as HostEventPayload<'runtime.status'>).state);

  beforeAll(async () => {
    t = await startTestHost({ rules: [{ match: {}, reply: { text: 'Hello.' } }] });
    t.host.events.subscribe((type, payload) => events.push({ type, payload }));
    root = path.dirname(t.folders.a);
    mine = path.join(t.folders.a, 'mine.log');
    control = path.join(t.folders.b, 'control.log');
    plant(path.join(t.folders.a, '.opencode', 'plugins', 'mine.js'), mine);
    writeFileSync(path.join(t.folders.a, 'opencode.json'), '{}');
    plant(path.join(root, '.opencode', 'plugins', 'parent.js'), path.join(t.folders.a, 'parent.log'));
    plant(path.join(t.folders.b, '.opencode', 'plugins', 'control.js'), control);
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  async function hello(workspace: Workspace): Promise<void> {
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.id });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'hello' });
    await until(() => events.some((event) => event.type === 'session.status' && (event.payload as HostEventPayload<'session.status'>).sessionId === session.id && (event.payload as HostEventPayload<'session.status'>).status.type === 'idle'), 'the answer', 30_000);
  }

  /** Waits for the reload a trust change asks for. */
  async function reloaded(since: number): Promise<void> {
    await until(() => states().slice(since).includes('restarting'), 'the reload to begin');
    await until(() => states().slice(since).at(-1) === 'ready', 'the runtime to be ready again', 60_000);
  }

  let a: Workspace;
  let b: Workspace;

  it('workspaces.add answers with what was found in the folder and its parents, nothing trusted yet', async () => {
    a = await ok(t.server, 'workspaces.add', { path: t.folders.a });
    expect(a.trust).toMatchObject({ trusted: false, ask: true, blocked: false });
    const ours = a.trust?.folders.filter((folder) => folder.path.startsWith(root)) ?? [];
    expect(ours).toEqual([
      {
        path: t.folders.a,
        decision: 'undecided',
        items: [
          { path: path.join(t.folders.a, '.opencode', 'plugins', 'mine.js'), kind: 'plugin' },
          { path: path.join(t.folders.a, 'opencode.json'), kind: 'config' },
        ],
        more: 0,
      },
      { path: root, decision: 'undecided', items: [{ path: path.join(root, '.opencode', 'plugins', 'parent.js'), kind: 'plugin' }], more: 0 },
    ]);
  });

  it('an untrusted workspace\'s plugin does not load; a trusted one\'s does', async () => {
    b = await ok(t.server, 'workspaces.add', { path: t.folders.b });
    const since = states().length;
    const trusted = await ok(t.server, 'workspaces.trust', { id: b.id, trust: true });
    expect(trusted.trust).toMatchObject({ trusted: true, ask: false });
    await reloaded(since);
    await hello(a);
    await hello(b);
    await until(() => lines(control) === 1, 'the trusted workspace\'s plugin to load');
    await hello(a);
    expect(lines(mine)).toBe(0);
    expect(lines(path.join(t.folders.a, 'parent.log'))).toBe(0);
  }, 120_000);

  it('trusting a folder that is not a parent with configuration is refused, naming it; nothing changes', async () => {
    const refused = await call(t.server, 'workspaces.trust', { id: a.id, trust: true, parents: [t.folders.b] });
    expect(refused.status).toBe(400);
    expect(refused.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(`parents[0]: ${t.folders.b} is not a parent folder of ${t.folders.a}`) });
    expect((await ok(t.server, 'workspaces.trusted', {})).folders.map((folder) => folder.path)).toEqual([t.folders.b]);
  });

  it('workspaces.trust loads the plugin after the reload; the parent it was not asked about is recorded as not trusted', async () => {
    const since = states().length;
    const answered = await ok(t.server, 'workspaces.trust', { id: a.id, trust: true });
    expect(answered.trust).toMatchObject({ trusted: true, ask: false });
    expect(answered.trust?.folders.find((folder) => folder.path === root)?.decision).toBe('untrusted');
    await reloaded(since);
    await hello(a);
    await until(() => lines(mine) === 1, 'the newly trusted plugin to load');
    expect(lines(path.join(t.folders.a, 'parent.log'))).toBe(0);
    expect((await ok(t.server, 'workspaces.trusted', {})).folders.map((folder) => folder.path)).toEqual([t.folders.a, t.folders.b]);
    // The answers are the user's own: a private file.
    expect(statSync(t.host.paths.trustFile).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('workspaces.untrust stops the plugin after the reload', async () => {
    const since = states().length;
    expect(await ok(t.server, 'workspaces.untrust', { path: t.folders.a })).toEqual({ revoked: true });
    expect(await ok(t.server, 'workspaces.untrust', { path: t.folders.a })).toEqual({ revoked: false });
    await reloaded(since);
    const before = { mine: lines(mine), control: lines(control) };
    await hello(a);
    await hello(b);
    await until(() => lines(control) === before.control + 1, 'the control plugin to load after the reload');
    await hello(a);
    expect(lines(mine)).toBe(before.mine);
    const listed = (await ok(t.server, 'workspaces.list', {})).workspaces.find((workspace) => workspace.id === a.id);
    expect(listed?.trust).toMatchObject({ trusted: false, ask: false });
  }, 120_000);
});

describe('workspace trust with the runtime unsandboxed (by choice)', () => {
  let t: TestHost;

  beforeAll(async () => {
    t = await startTestHost({ rules: [{ match: {}, reply: { text: 'Hello.' } }], host: { supervisor: { sandbox: { backend: 'none' } } } });
    plant(path.join(t.folders.a, '.opencode', 'plugins', 'mine.js'), path.join(t.folders.a, 'mine.log'));
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('says the workspace is blocked and refuses its calls with 409 WORKSPACE_UNTRUSTED naming the folder; trusting it lets them through', async () => {
    const a = await ok(t.server, 'workspaces.add', { path: t.folders.a });
    expect(a.trust).toMatchObject({ trusted: false, ask: true, blocked: true });
    const refused = await call(t.server, 'sessions.create', { workspaceId: a.id });
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({ code: 'WORKSPACE_UNTRUSTED', message: expect.stringContaining(`${t.folders.a} (.opencode)`) });
    expect((refused.error?.data as { folders: string[] }).folders).toContain(t.folders.a);
    expect(existsSync(path.join(t.folders.a, 'mine.log'))).toBe(false);

    // Trusted, and every other folder around it with configuration trusted too (none here but what the machine has).
    const parents = (a.trust?.folders ?? []).map((folder) => folder.path).filter((folder) => folder !== t.folders.a);
    const answered = await ok(t.server, 'workspaces.trust', { id: a.id, trust: true, parents });
    expect(answered.trust).toMatchObject({ trusted: true, ask: false, blocked: false });
    await t.host.runtime.supervisor.whenReady(); // the change reloads the runtime
    const session = await ok(t.server, 'sessions.create', { workspaceId: a.id });
    expect(session.workspaceId).toBe(a.id);
  }, 120_000);
});
