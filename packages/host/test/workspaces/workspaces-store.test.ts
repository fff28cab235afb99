import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HostErrorCode } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/ports/index.js';
import type { StateProblem } from '../../src/state/index.js';
import { WorkspaceRegistry } from '../../src/workspaces/index.js';
import { modeOf, tempDir } from '../state/temp-dir.js';

const posix = process.platform !== 'win32';

async function setup() {
  const root = await tempDir();
  const file = path.join(root, 'data', 'workspaces.json');
  const problems: StateProblem[] = [];
  const clock = new ManualClock(Date.UTC(2025, 0, 2, 3, 4, 5));
  const registry = new WorkspaceRegistry({ file, clock, report: (problem) => problems.push(problem) });
  const project = path.join(root, 'projects', 'alpha');
  await mkdir(project, { recursive: true });
  return { root, file, registry, project, problems, clock };
}

describe('WorkspaceRegistry', () => {
  it('adds a directory by its real absolute path, named after the folder, with a short id', async () => {
    const { registry, project, file } = await setup();
    const workspace = await registry.add(project);
    expect(workspace).toEqual({ id: expect.stringMatching(/^ws_[a-z2-7]{10}$/), name: 'alpha', path: project, addedAt: Date.UTC(2025, 0, 2, 3, 4, 5) });
    expect(await registry.list()).toEqual([workspace]);
    expect(await registry.get(workspace.id)).toEqual(workspace);
    if (posix) {
      expect(modeOf(await stat(file))).toBe(0o600);
      expect(modeOf(await stat(path.dirname(file)))).toBe(0o700);
    }
  });

  it('returns the existing entry when the same directory is added again, however it is spelled', async () => {
    const { registry, project, root } = await setup();
    const first = await registry.add(project, 'Alpha project');
    expect(first.name).toBe('Alpha project');
    const link = path.join(root, 'alias');
    await symlink(project, link);
    const relative = path.relative(process.cwd(), path.join(project, '..', 'alpha'));
    for (const spelling of [project, `${project}${path.sep}`, relative, link]) {
      expect(await registry.add(spelling, 'ignored')).toEqual(first);
    }
    expect(await registry.list()).toHaveLength(1);
    expect(await registry.byDirectory(link)).toEqual(first);
    expect(await registry.byDirectory(path.join(root, 'projects'))).toBeUndefined();
    expect(await registry.byDirectory(path.join(root, 'missing'))).toBeUndefined();
  });

  it('refuses what is not an existing directory, and bad names', async () => {
    const { registry, root, project } = await setup();
    const file = path.join(root, 'notes.txt');
    await writeFile(file, '');
    await expect(registry.add(path.join(root, 'missing'))).rejects.toMatchObject({
      code: HostErrorCode.BadRequest,
      message: expect.stringContaining('does not exist'),
      data: { pointer: '/path', path: path.join(root, 'missing') },
    });
    await expect(registry.add(file)).rejects.toMatchObject({ code: HostErrorCode.BadRequest, message: expect.stringContaining('is not a directory') });
    await expect(registry.add(project, '   ')).rejects.toMatchObject({ code: HostErrorCode.BadRequest, data: { field: 'name' } });
    expect(await registry.list()).toEqual([]);
  });

  it('removes by id, and names the id it cannot find', async () => {
    const { registry, project, root } = await setup();
    const beta = path.join(root, 'projects', 'beta');
    await mkdir(beta);
    const a = await registry.add(project);
    const b = await registry.add(beta);
    expect(a.id).not.toBe(b.id);
    expect(await registry.remove(a.id)).toEqual(a);
    expect(await registry.list()).toEqual([b]);
    expect((await stat(project)).isDirectory()).toBe(true); // the directory itself is left alone
    expect(await registry.remove(a.id)).toBeUndefined();
    const failure = await registry.get(a.id).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: HostErrorCode.NotFound, data: { kind: 'workspace', id: a.id } });
    expect((failure as Error).message).toContain(a.id);
  });

  it('persists across instances and keeps concurrent adds from separate registries', async () => {
    const { registry, file, root } = await setup();
    const dirs = await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        const dir = path.join(root, 'many', `p${index}`);
        await mkdir(dir, { recursive: true });
        return dir;
      }),
    );
    const other = new WorkspaceRegistry({ file });
    const added = await Promise.all(dirs.map((dir, index) => (index % 2 === 0 ? registry : other).add(dir)));
    await Promise.all(dirs.map((dir) => other.add(dir))); // all duplicates now
    const listed = await new WorkspaceRegistry({ file }).list();
    expect(listed).toHaveLength(12);
    expect(new Set(listed.map((workspace) => workspace.id))).toEqual(new Set(added.map((workspace) => workspace.id)));
  });

  it('keeps a damaged file aside, reports it, and starts empty', async () => {
    const { registry, file, project, problems } = await setup();
    await registry.add(project);
    await writeFile(file, JSON.stringify({ version: 1, workspaces: [{ id: 'nope', name: 'x', path: project, addedAt: 1 }] }));
    expect(await registry.list()).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'file-damaged', file });
    expect(problems[0]?.message).toContain('/workspaces/0/id');
    const kept = (await readdir(path.dirname(file))).filter((name) => name.startsWith('workspaces.json.corrupt-'));
    expect(kept).toEqual(['workspaces.json.corrupt-2025-01-02T03-04-05-000Z']);
    expect(await readFile(path.join(path.dirname(file), kept[0]!), 'utf8')).toContain('"nope"');
    expect((await registry.add(project)).path).toBe(project);
  });
});
