// The workspace-trust answers on disk: one per folder by real path, a private file, revocation,
// and a damaged file set aside (so nothing is trusted until the user answers again).
import { mkdir, readFile, readdir, realpath, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StateProblem } from '../../src/state/problems.js';
import { WorkspaceTrustStore } from '../../src/workspaces/trust-store.js';
import { modeOf, tempDir } from '../state/temp-dir.js';

async function setup() {
  const dir = await realpath(await tempDir());
  const file = path.join(dir, 'data', 'workspace-trust.json');
  const problems: StateProblem[] = [];
  let now = Date.parse('2025-01-02T03:04:05Z');
  const store = new WorkspaceTrustStore({ file, clock: { now: () => (now += 1000) }, report: (problem) => problems.push(problem) });
  const folder = path.join(dir, 'project');
  await mkdir(folder, { recursive: true });
  return { dir, file, store, folder, problems };
}

describe('workspace trust store', () => {
  it('keeps one answer per folder by its real path, in a private file; the same answer again changes nothing', async () => {
    const { dir, file, store, folder } = await setup();
    const link = path.join(dir, 'link');
    await symlink(folder, link);
    expect(await store.answer([{ path: link, trusted: true }])).toBe(true);
    expect(await store.answer([{ path: folder, trusted: true }])).toBe(false);
    expect(await store.trusted()).toEqual([{ path: folder, trusted: true, at: expect.any(Number) }]);
    expect(modeOf(await stat(file))).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, folders: [{ path: folder, trusted: true, at: expect.any(Number) }] });
  });

  it('lists trusted folders newest first; an answer "not trusted" is kept (not asked again) but not listed', async () => {
    const { dir, store, folder } = await setup();
    const other = path.join(dir, 'other');
    await mkdir(other);
    await store.answer([{ path: folder, trusted: true }]);
    await store.answer([{ path: other, trusted: true }, { path: dir, trusted: false }]);
    expect((await store.trusted()).map((answer) => answer.path)).toEqual([other, folder]);
    expect((await store.answers()).get(dir)?.trusted).toBe(false);
    // A first "not trusted" answer is kept, but nothing that loads changed.
    const third = path.join(dir, 'third');
    expect(await store.answer([{ path: third, trusted: false }])).toBe(false);
    expect((await store.answers()).get(third)?.trusted).toBe(false);
    expect(await store.answer([{ path: third, trusted: true }])).toBe(true);
  });

  it('revokes trust, also in a folder that no longer exists; revoking what is not trusted says so', async () => {
    const { dir, store, folder } = await setup();
    const gone = path.join(dir, 'gone');
    await store.answer([{ path: folder, trusted: true }, { path: gone, trusted: true }]);
    expect(await store.revoke(gone)).toBe(true);
    expect(await store.revoke(folder)).toBe(true);
    expect(await store.revoke(folder)).toBe(false);
    expect(await store.revoke(path.join(dir, 'never'))).toBe(false);
    expect(await store.trusted()).toEqual([]);
    expect((await store.answers()).get(folder)?.trusted).toBe(false);
  });

  it('sets a damaged file aside, reports it, and trusts nothing until answered again', async () => {
    const { file, store, folder, problems } = await setup();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ version: 1, folders: [{ path: 'relative/path', trusted: true, at: 1 }] }));
    expect(await store.trusted()).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ kind: 'file-damaged', file })]);
    expect(problems[0]?.message).toContain('/folders/0/path');
    expect((await readdir(path.dirname(file))).some((name) => name.startsWith('workspace-trust.json.corrupt-'))).toBe(true);
    await store.answer([{ path: folder, trusted: true }]);
    expect((await store.trusted()).map((answer) => answer.path)).toEqual([folder]);
  });
});
