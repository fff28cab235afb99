// What the scan for OpenCode configuration finds in a folder and above it: every folder up to
// the root, what each holds (for the trust question), and the real paths to cover (links
// followed), with trust counted per exact folder.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainOf, findProjectConfig, untrustedProjectConfig } from '../src/index.js';

let base: string;
let project: string;

/** Folders inside this test's own folder (whatever the machine has above it is not this test's business). */
const ours = (found: readonly { folder: string }[]): string[] => found.map((entry) => entry.folder).filter((folder) => folder.startsWith(base));

function touch(file: string, text = ''): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'oc-scan-')));
  project = path.join(base, 'org', 'project');
  const oc = path.join(project, '.opencode');
  touch(path.join(oc, 'plugins', 'evil.js'));
  touch(path.join(oc, 'plugin', 'older.ts'));
  touch(path.join(oc, 'agent', 'reviewer.md'));
  touch(path.join(oc, 'commands', 'ship.md'));
  touch(path.join(oc, 'tools', 'deploy.ts'));
  touch(path.join(oc, 'modes', 'fast.md'));
  touch(path.join(oc, 'skills', 'pdf', 'SKILL.md'));
  touch(path.join(oc, 'opencode.jsonc'));
  touch(path.join(oc, 'README.md'));
  // What OpenCode itself keeps there is not worth a question.
  touch(path.join(oc, 'package.json'), '{}');
  touch(path.join(oc, 'node_modules', 'x', 'index.js'));
  touch(path.join(oc, '.gitignore'));
  touch(path.join(project, 'opencode.json'), '{}');
  touch(path.join(project, 'AGENTS.md'), 'Be nice.');
  // A parent's configuration is a link to a folder elsewhere.
  touch(path.join(base, 'elsewhere', 'plugins', 'linked.js'));
  symlinkSync(path.join(base, 'elsewhere'), path.join(base, 'org', '.opencode'));
  // A dangling link loads nothing.
  symlinkSync(path.join(base, 'missing.json'), path.join(base, 'opencode.jsonc'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('finding OpenCode configuration', () => {
  it('walks from the folder to the filesystem root', async () => {
    const chain = await chainOf(project);
    expect(chain[0]).toBe(project);
    expect(chain.at(-1)).toBe(path.parse(project).root);
    expect(chain).toContain(base);
  });

  it('lists what a .opencode folder and its config files hold, plugins first, support files and instructions left out', async () => {
    const [own] = await findProjectConfig(project);
    expect(own?.folder).toBe(project);
    expect(own?.folders).toEqual([path.join(project, '.opencode')]);
    expect(own?.files).toEqual([path.join(project, 'opencode.json')]);
    const oc = path.join(project, '.opencode');
    expect(own?.items).toEqual([
      { path: path.join(oc, 'plugin', 'older.ts'), kind: 'plugin' },
      { path: path.join(oc, 'plugins', 'evil.js'), kind: 'plugin' },
      { path: path.join(oc, 'tools', 'deploy.ts'), kind: 'tool' },
      { path: path.join(oc, 'opencode.jsonc'), kind: 'config' },
      { path: path.join(project, 'opencode.json'), kind: 'config' },
      { path: path.join(oc, 'agent', 'reviewer.md'), kind: 'agent' },
      { path: path.join(oc, 'commands', 'ship.md'), kind: 'command' },
      { path: path.join(oc, 'modes', 'fast.md'), kind: 'mode' },
      { path: path.join(oc, 'skills', 'pdf'), kind: 'skill' },
      { path: path.join(oc, 'README.md'), kind: 'other' },
    ]);
    expect(own?.more).toBe(0);
  });

  it('finds a parent\'s configuration through a link, to be covered where the link leads; a dangling link is nothing', async () => {
    const found = await findProjectConfig(project);
    const parent = found.find((entry) => entry.folder === path.join(base, 'org'));
    expect(parent?.folders).toEqual([path.join(base, 'elsewhere')]);
    expect(parent?.items).toEqual([{ path: path.join(base, 'org', '.opencode', 'plugins', 'linked.js'), kind: 'plugin' }]);
    expect(found.some((entry) => entry.folder === base)).toBe(false);
  });

  it('caps the items listed per folder and counts the rest', async () => {
    const [own] = await findProjectConfig(project, { limit: 3 });
    expect(own?.items).toHaveLength(3);
    expect(own?.more).toBe(7);
  });

  it('counts trust per exact folder: trusting the project leaves its parent\'s configuration untrusted, and the reverse', async () => {
    expect(ours(await untrustedProjectConfig([project], [project]))).toEqual([path.join(base, 'org')]);
    expect(ours(await untrustedProjectConfig([project], [path.join(base, 'org')]))).toEqual([project]);
    // Two folders sharing a parent: the parent once.
    const sibling = path.join(base, 'org', 'sibling');
    mkdirSync(sibling, { recursive: true });
    expect(ours(await untrustedProjectConfig([project, sibling], []))).toEqual([project, path.join(base, 'org')]);
  });

  it('a folder that does not exist has nothing of its own, but its parents are still looked at', async () => {
    expect(ours(await findProjectConfig(path.join(project, 'not-there')))).toEqual([project, path.join(base, 'org')]);
  });
});
