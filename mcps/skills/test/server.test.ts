// The bundled skills server (dist/index.js) through the real MCP SDK client over stdio.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataOf, ensureBundle, runToExit, startServer, tempDir, textOf, type RunningServer } from '@open-cowork/mcp-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundled = JSON.stringify(['research-brief', 'data-analysis', 'meeting-notes'].map((name) => path.join(repo, 'skills', name)));

let server: RunningServer;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let customDir: string;

beforeAll(async () => {
  ensureBundle('skills');
  tmp = await tempDir('skills-server');
  customDir = path.join(tmp.dir, 'user-data', 'skills');
  server = await startServer('skills', { OPEN_COWORK_CUSTOM_SKILLS_DIR: customDir, OPEN_COWORK_BUNDLED_SKILLS_DIRS: bundled });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await tmp?.remove();
});

describe('skills MCP server over stdio', () => {
  it('lists list, read, preview and create', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['create', 'list', 'preview', 'read']);
  });

  it('lists and reads bundled skills, previews and creates a custom one', async () => {
    const listed = dataOf<{ skills: { name: string; source: string }[] }>(await server.client.callTool({ name: 'list', arguments: {} }));
    expect(listed.skills.map((skill) => skill.name)).toEqual(['data-analysis', 'meeting-notes', 'research-brief']);

    const read = dataOf<{ content: string; source: string }>(await server.client.callTool({ name: 'read', arguments: { name: 'meeting-notes' } }));
    expect(read.source).toBe('bundled');
    expect(read.content).toMatch(/^---\nname: meeting-notes\n/);

    const args = { name: 'release-notes', description: 'Draft release notes from merged changes.', body: '# Release notes\n\nGroup by feature.' };
    const preview = await server.client.callTool({ name: 'preview', arguments: args });
    expect(textOf(preview)).toContain('name: release-notes');
    expect(existsSync(path.join(customDir, 'release-notes'))).toBe(false);

    const created = dataOf<{ path: string; replaced: boolean }>(await server.client.callTool({ name: 'create', arguments: args }));
    expect(created).toEqual({ name: 'release-notes', path: path.join(customDir, 'release-notes', 'SKILL.md'), replaced: false });
    expect(readFileSync(created.path, 'utf8')).toBe(
      '---\nname: release-notes\ndescription: Draft release notes from merged changes.\n---\n\n# Release notes\n\nGroup by feature.\n',
    );
    const again = dataOf<{ skills: { name: string; source: string }[] }>(await server.client.callTool({ name: 'list', arguments: {} }));
    expect(again.skills).toContainEqual(expect.objectContaining({ name: 'release-notes', source: 'custom' }));
  });

  it('turns bad names, clashes and bad arguments into tool errors and keeps answering', async () => {
    const base = { description: 'd', body: 'b' };
    expect(textOf(await server.client.callTool({ name: 'create', arguments: { ...base, name: 'Bad Name' } }))).toContain('is not a valid skill name');
    expect(textOf(await server.client.callTool({ name: 'create', arguments: { ...base, name: 'research-brief' } }))).toContain('is a bundled skill');
    await server.client.callTool({ name: 'create', arguments: { ...base, name: 'twice' } });
    expect(textOf(await server.client.callTool({ name: 'create', arguments: { ...base, name: 'twice' } }))).toContain('pass overwrite: true');
    expect((await server.client.callTool({ name: 'create', arguments: { ...base, name: 'twice', overwrite: true } })).isError).toBeFalsy();
    expect((await server.client.callTool({ name: 'preview', arguments: { name: 'x' } })).isError).toBe(true);
    expect((await server.client.callTool({ name: 'read', arguments: { name: 'nothing-here' } })).isError).toBe(true);
    expect((await server.client.callTool({ name: 'list', arguments: {} })).isError).toBeFalsy();
  });

  it('refuses to start on a root, the home directory (however written) or a bad bundled list', async () => {
    const home = path.join(tmp.dir, 'home');
    mkdirSync(home, { recursive: true });
    const cases: [Record<string, string>, string][] = [
      [{}, 'OPEN_COWORK_CUSTOM_SKILLS_DIR is not set'],
      [{ OPEN_COWORK_CUSTOM_SKILLS_DIR: '/' }, 'a filesystem root'],
      [{ HOME: home, OPEN_COWORK_CUSTOM_SKILLS_DIR: home + '/' }, "the user's home directory"],
      [{ HOME: home, OPEN_COWORK_CUSTOM_SKILLS_DIR: path.join(home, 'a', '..') }, "the user's home directory"],
      [{ OPEN_COWORK_CUSTOM_SKILLS_DIR: 'relative/skills' }, 'must be an absolute path'],
      [{ OPEN_COWORK_CUSTOM_SKILLS_DIR: customDir, OPEN_COWORK_BUNDLED_SKILLS_DIRS: '[oops' }, 'OPEN_COWORK_BUNDLED_SKILLS_DIRS must be a JSON array'],
    ];
    for (const [env, expected] of cases) {
      const result = await runToExit('skills', env);
      expect(result.code, JSON.stringify(env)).toBe(1);
      expect(result.stderr).toContain(expected);
    }
  });
});
