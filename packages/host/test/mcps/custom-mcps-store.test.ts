import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HostErrorCode } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/ports/clock.js';
import { MemoryCipher } from '../../src/ports/index.js';
import { CustomMcpStore } from '../../src/mcps/store.js';
import { modeOf, tempDir } from '../state/temp-dir.js';

const TOKEN = 'Bearer tok-PLAINTEXT-MARKER-42';
const API_KEY = 'key-PLAINTEXT-MARKER-77';

async function setup() {
  const file = path.join(await tempDir(), 'mcp.open-cowork.json');
  const reports: string[] = [];
  const clock = new ManualClock(Date.UTC(2026, 10, 21, 9));
  const cipher = new MemoryCipher();
  const store = new CustomMcpStore({ file, cipher, clock, report: (message) => reports.push(message) });
  return { file, store, reports, clock, cipher };
}

const remote = { name: 'tickets', type: 'remote', url: 'https://tickets.example.com/mcp', headers: { Authorization: TOKEN }, scope: 'machine' } as const;
const local = { name: 'notes', type: 'local', command: ['/usr/bin/node', '/opt/notes.js'], environment: { API_KEY }, scope: 'workspace', workspaceId: 'ws_1' } as const;

describe('CustomMcpStore', () => {
  it('keeps values sealed on disk, names only in reads, plaintext only from open()', async () => {
    const { file, store } = await setup();
    await store.put(remote, 'add');
    await store.put(local, 'add');

    const raw = await readFile(file, 'utf8');
    expect(raw).not.toContain('PLAINTEXT-MARKER');
    if (process.platform !== 'win32') expect(modeOf(await stat(file))).toBe(0o600);

    const listed = await store.list();
    expect(listed.map((entry) => entry.name)).toEqual(['tickets', 'notes']);
    expect(JSON.stringify(listed)).not.toContain('PLAINTEXT-MARKER');
    expect(listed[0]).toMatchObject({ permissionMode: 'ask', view: { type: 'remote', headerNames: ['Authorization'], scope: 'machine' } });
    expect(listed[1]).toMatchObject({ view: { environmentKeys: ['API_KEY'], scope: 'workspace', workspaceId: 'ws_1', command: ['/usr/bin/node', '/opt/notes.js'] } });

    expect((await store.open('tickets'))?.headers).toEqual({ Authorization: TOKEN });
    expect((await store.openAll()).map((server) => server.environment)).toEqual([{}, { API_KEY }]);
  });

  it('refuses a duplicate add and a replace of nothing, naming the server', async () => {
    const { store } = await setup();
    await store.put(remote, 'add');
    await expect(store.put(remote, 'add')).rejects.toMatchObject({ code: HostErrorCode.Conflict, message: expect.stringContaining('"tickets"') });
    await expect(store.put({ ...local, name: 'ghost' }, 'replace')).rejects.toMatchObject({ code: HostErrorCode.NotFound });
  });

  it('on replace, null keeps a stored value, a new value replaces it, a left-out name is dropped; trust and createdAt survive', async () => {
    const { store, clock } = await setup();
    await store.put({ ...remote, headers: { Authorization: TOKEN, 'X-Team': 'blue' } }, 'add');
    await store.setPermissionMode('tickets', 'allow');
    clock.advance(60_000);
    const replaced = await store.put({ ...remote, headers: { Authorization: null, 'X-Org': 'acme' } }, 'replace');
    expect(replaced.view.headerNames).toEqual(['Authorization', 'X-Org']);
    expect(replaced.permissionMode).toBe('allow');
    expect(replaced.view.createdAt).not.toBe(replaced.view.updatedAt);
    expect((await store.open('tickets'))?.headers).toEqual({ Authorization: TOKEN, 'X-Org': 'acme' });
    await expect(store.put({ ...remote, headers: { 'X-New': null } }, 'replace')).rejects.toMatchObject({
      code: HostErrorCode.BadRequest,
      message: expect.stringContaining('mcp.headers.X-New'),
    });
  });

  it('removes a server with its values', async () => {
    const { file, store } = await setup();
    await store.put(remote, 'add');
    expect(await store.remove('tickets')).toBe(true);
    expect(await store.remove('tickets')).toBe(false);
    expect(await store.list()).toEqual([]);
    expect(await readFile(file, 'utf8')).not.toContain('sealed');
  });

  it('leaves out a malformed entry, reporting where it was, and keeps the rest', async () => {
    const { file, store, reports } = await setup();
    await store.put(remote, 'add');
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { servers: unknown[] };
    parsed.servers.push({ name: 'Bad Name', type: 'local', scope: 'machine', permissionMode: 'ask', createdAt: 'x', updatedAt: 'x' });
    await writeFile(file, JSON.stringify(parsed), { mode: 0o600 });
    expect((await store.list()).map((entry) => entry.name)).toEqual(['tickets']);
    expect(reports.join('\n')).toContain('servers[1]');
  });

  it('reports a value sealed by another cipher and opens the rest', async () => {
    const { file, store, reports, clock } = await setup();
    await store.put(remote, 'add');
    const other = new CustomMcpStore({ file, cipher: new MemoryCipher(), clock, report: (message) => reports.push(message) });
    expect((await other.open('tickets'))?.headers).toEqual({});
    expect(reports.join('\n')).toMatch(/header "Authorization" of custom MCP "tickets" cannot be read/);
  });
});
