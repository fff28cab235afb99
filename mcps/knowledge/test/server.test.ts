// The bundled knowledge server (dist/index.js) through the real MCP SDK client over stdio.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { dataOf, ensureBundle, runToExit, startServer, tempDir, textOf, type RunningServer } from '@open-cowork/mcp-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: RunningServer;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let dir: string;

beforeAll(async () => {
  ensureBundle('knowledge');
  tmp = await tempDir('knowledge-server');
  dir = path.join(tmp.dir, 'kb');
  server = await startServer('knowledge', { OPEN_COWORK_KNOWLEDGE_DIR: dir });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await tmp?.remove();
});

describe('knowledge MCP server over stdio', () => {
  it('lists add, search, read and list', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['add', 'list', 'read', 'search']);
  });

  it('adds, searches, reads and lists notes', async () => {
    const added = dataOf<{ id: string; path: string }>(
      await server.client.callTool({ name: 'add', arguments: { title: 'Vendor shortlist', body: 'Acme and Globex remain; Initech dropped on price.', tags: ['procurement'] } }),
    );
    expect(added.id).toBe('vendor-shortlist');
    expect(existsSync(path.join(dir, 'vendor-shortlist.md'))).toBe(true);
    await server.client.callTool({ name: 'add', arguments: { title: 'Office move', body: 'Globex catering booked.' } });

    const found = dataOf<{ results: { id: string; snippet: string }[] }>(await server.client.callTool({ name: 'search', arguments: { query: 'globex vendors' } }));
    expect(found.results.map((hit) => hit.id)).toEqual(['vendor-shortlist', 'office-move']);

    const note = dataOf<{ body: string; tags: string[] }>(await server.client.callTool({ name: 'read', arguments: { id: 'vendor-shortlist' } }));
    expect(note).toMatchObject({ body: 'Acme and Globex remain; Initech dropped on price.', tags: ['procurement'] });

    const listed = dataOf<{ total: number }>(await server.client.callTool({ name: 'list', arguments: { tag: 'procurement' } }));
    expect(listed.total).toBe(1);
  });

  it('turns bad arguments and unknown ids into tool errors and keeps answering', async () => {
    const traversal = await server.client.callTool({ name: 'read', arguments: { id: '../../etc/passwd' } });
    expect(traversal.isError).toBe(true);
    expect(textOf(traversal)).toContain('is not a note id');
    const missing = await server.client.callTool({ name: 'read', arguments: { id: 'nope' } });
    expect(textOf(missing)).toContain('No note with id "nope"');
    expect((await server.client.callTool({ name: 'add', arguments: { body: 'no title' } })).isError).toBe(true);
    expect((await server.client.callTool({ name: 'search', arguments: { query: 'x', limit: 0 } })).isError).toBe(true);
    expect((await server.client.callTool({ name: 'list', arguments: {} })).isError).toBeFalsy();
  });

  it('refuses to start without an absolute knowledge directory', async () => {
    const result = await runToExit('knowledge', { OPEN_COWORK_KNOWLEDGE_DIR: './kb' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('OPEN_COWORK_KNOWLEDGE_DIR must be an absolute path');
    expect((await runToExit('knowledge', {})).stderr).toContain('OPEN_COWORK_KNOWLEDGE_DIR is not set');
  });
});
