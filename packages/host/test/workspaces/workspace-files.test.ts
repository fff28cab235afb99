// workspaces.files: the attachment picker's bounded walk of a workspace folder, on real
// folders (links, hidden folders, node_modules, a link loop, a link out of the workspace).
import { mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HostErrorCode } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { listWorkspaceFiles, queryWords, scoreOf } from '../../src/workspaces/files.js';
import { workspaceHandlers } from '../../src/workspaces/service.js';
import { WorkspaceRegistry } from '../../src/workspaces/store.js';
import { TrustQuestion } from '../../src/workspaces/trust.js';
import { WorkspaceTrustStore } from '../../src/workspaces/trust-store.js';
import { codedError, valid } from '../support/catalog-runtime.js';
import { tempDir } from '../state/temp-dir.js';

async function tree(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await writeFile(path.join(root, relative), content);
  }
}

const paths = (result: { files: readonly { path: string }[] }) => result.files.map((file) => file.path);

describe('listWorkspaceFiles', () => {
  it('lists files relative and with "/", shallow ones first, skipping .git, node_modules and hidden folders', async () => {
    const root = await tempDir();
    await tree(root, {
      'README.md': '# hi\n',
      'docs/guide.md': 'guide',
      'docs/deep/notes.txt': 'notes',
      'src/index.ts': 'export {};',
      '.env': 'A=1',
      '.git/config': '[core]',
      '.cache/blob': 'x',
      'node_modules/pkg/index.js': 'x',
      'src/node_modules/inner.js': 'x',
    });
    const result = await listWorkspaceFiles(root);
    expect(paths(result)).toEqual(['.env', 'README.md', 'docs/guide.md', 'src/index.ts', 'docs/deep/notes.txt']);
    expect(result.truncated).toBe(false);
    const readme = result.files.find((file) => file.path === 'README.md');
    expect(readme?.size).toBe(5);
    expect(readme?.modified).toBeGreaterThan(0);
  });

  it('reports the modification time and size of each file', async () => {
    const root = await tempDir();
    await tree(root, { 'a.txt': 'abc' });
    await utimes(path.join(root, 'a.txt'), new Date(1_700_000_000_000), new Date(1_700_000_000_000));
    expect((await listWorkspaceFiles(root)).files).toEqual([{ path: 'a.txt', size: 3, modified: 1_700_000_000_000 }]);
  });

  it('matches every word of the query anywhere in the path, case-insensitively, best matches first', async () => {
    const root = await tempDir();
    await tree(root, {
      'report.md': '',
      'docs/Quarterly-Report.pdf': '',
      'reports/2024/summary.md': '',
      'src/reporter.ts': '',
      'notes.md': '',
    });
    expect(paths(await listWorkspaceFiles(root, { query: 'report' }))).toEqual(['report.md', 'src/reporter.ts', 'docs/Quarterly-Report.pdf', 'reports/2024/summary.md']);
    expect(paths(await listWorkspaceFiles(root, { query: 'REPORTS summary' }))).toEqual(['reports/2024/summary.md']);
    expect(paths(await listWorkspaceFiles(root, { query: 'md report' }))).toEqual(['report.md', 'reports/2024/summary.md']);
    expect(paths(await listWorkspaceFiles(root, { query: 'nothing-like-this' }))).toEqual([]);
  });

  it('caps the results and says so', async () => {
    const root = await tempDir();
    await tree(root, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${String(i).padStart(2, '0')}.txt`, ''])));
    const result = await listWorkspaceFiles(root, { limit: 5 });
    expect(paths(result)).toEqual(['f00.txt', 'f01.txt', 'f02.txt', 'f03.txt', 'f04.txt']);
    expect(result.truncated).toBe(true);
    expect((await listWorkspaceFiles(root, { limit: 12 })).truncated).toBe(false);
  });

  it('stops after a number of entries, or when its time is up, and says the list is incomplete', async () => {
    const root = await tempDir();
    await tree(root, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${i % 3}/f${i}.txt`, ''])));
    const few = await listWorkspaceFiles(root, { maxEntries: 10 });
    expect(few.truncated).toBe(true);
    expect(few.files.length).toBeLessThan(10);

    let clock = 0;
    const slow = await listWorkspaceFiles(root, { timeBudgetMs: 5, now: () => (clock += 100) });
    expect(slow.truncated).toBe(true);
  });

  it('does not walk deeper than maxDepth', async () => {
    const root = await tempDir();
    await tree(root, { 'a/b/c/deep.txt': '', 'a/top.txt': '' });
    expect(paths(await listWorkspaceFiles(root, { maxDepth: 1 }))).toEqual(['a/top.txt']);
  });

  it.skipIf(process.platform === 'win32')('follows links inside the workspace, never out of it, and survives a link loop', async () => {
    const outside = await tempDir();
    await tree(outside, { 'secret.txt': 'outside' });
    const root = await tempDir();
    await tree(root, { 'real/inside.txt': 'inside', 'top.txt': 'top' });
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'leak.txt'));
    await symlink(outside, path.join(root, 'leakdir'));
    await symlink(path.join(root, 'top.txt'), path.join(root, 'alias.txt'));
    await symlink(path.join(root, 'real'), path.join(root, 'real', 'loop'));
    await symlink(path.join(root, 'missing'), path.join(root, 'dangling'));
    const result = await listWorkspaceFiles(root);
    expect(paths(result).sort()).toEqual(['alias.txt', 'real/inside.txt', 'top.txt']);
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(result.files.every((file) => !path.isAbsolute(file.path) && !file.path.split('/').includes('..'))).toBe(true);
  });

  it('scores words in the file name above words only in folder names', () => {
    expect(queryWords('  Foo\\Bar  baz ')).toEqual(['foo/bar', 'baz']);
    expect(scoreOf('src/report.md', ['report'])).toBeLessThan(scoreOf('report/index.md', ['report'])!);
    expect(scoreOf('a/b.md', ['zzz'])).toBeUndefined();
    expect(scoreOf('anything', [])).toBe(0);
  });
});

describe('workspaces.files', () => {
  it('lists a registered workspace\'s files within the contract, and NOT_FOUND for an unknown id', async () => {
    const data = await tempDir();
    const folder = await tempDir();
    await tree(folder, { 'notes/todo.md': '- a', 'README.md': 'x' });
    const registry = new WorkspaceRegistry({ file: path.join(data, 'workspaces.json') });
    const workspace = await registry.add(folder);
    const store = new WorkspaceTrustStore({ file: path.join(data, 'workspace-trust.json') });
    const handlers = workspaceHandlers({ registry, trust: { store, question: new TrustQuestion({ store, unsandboxed: async () => false }), changed: () => undefined } });

    const all = valid('workspaces.files', await handlers['workspaces.files']({ workspaceId: workspace.id }));
    expect(paths(all)).toEqual(['README.md', 'notes/todo.md']);
    const some = valid('workspaces.files', await handlers['workspaces.files']({ workspaceId: workspace.id, query: 'todo', limit: 1 }));
    expect(some).toEqual({ files: [expect.objectContaining({ path: 'notes/todo.md' })], truncated: false });

    const missing = await codedError(handlers['workspaces.files']({ workspaceId: 'ws_aaaaaaaaaa' }));
    expect(missing).toMatchObject({ code: HostErrorCode.NotFound, data: { kind: 'workspace', id: 'ws_aaaaaaaaaa' } });

    // A folder removed after it was added: NOT_FOUND naming the workspace, not an internal error.
    await rm(folder, { recursive: true, force: true, maxRetries: 3 });
    const gone = await codedError(handlers['workspaces.files']({ workspaceId: workspace.id }));
    expect(gone).toMatchObject({ code: HostErrorCode.NotFound, data: { kind: 'workspace', id: workspace.id } });
    expect(gone.message).toContain(folder);
  });
});
