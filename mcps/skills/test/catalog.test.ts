import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvError, ToolError } from '@open-cowork/mcp-kit';
import { tempDir } from '@open-cowork/mcp-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledDirsFromEnv, loadBundledSkills } from '../src/bundled.js';
import { SkillCatalog } from '../src/catalog.js';
import { checkSkillName, readSkillHeader, renderSkill } from '../src/skill-file.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const config = JSON.parse(readFileSync(path.join(repo, 'open-cowork.config.json'), 'utf8')) as {
  skills: { name: string; sourceName: string; description: string }[];
};
// A configured skill is the folder skills/<sourceName>/ of the app (the config's skill id).
const bundledDirs = config.skills.map((skill) => path.join(repo, 'skills', skill.sourceName));

describe('the bundled skills in skills/', () => {
  it('match their open-cowork.config.json entries (id and description)', () => {
    const { skills, warnings } = loadBundledSkills(bundledDirs);
    expect(warnings).toEqual([]);
    expect(skills.map(({ name, description }) => ({ name, description }))).toEqual(config.skills.map(({ sourceName, description }) => ({ name: sourceName, description })));
    for (const skill of skills) expect(path.basename(skill.dir)).toBe(skill.name);
  });
});

describe('SKILL.md files', () => {
  it('validates names like OpenCode', () => {
    for (const ok of ['a', 'weekly-report', 'q3-2025', 'x'.repeat(64)]) expect(checkSkillName(ok)).toBe(ok);
    for (const bad of ['', 'Weekly', '-lead', 'trail-', 'double--hyphen', 'with space', '../x', 'x'.repeat(65), 'ünï']) {
      expect(() => checkSkillName(bad)).toThrow(ToolError);
    }
  });

  it('renders frontmatter that reads back, and checks the fields', () => {
    const text = renderSkill({ name: 'weekly-report', description: 'Write the weekly report: wins, risks, next steps.', body: '\n# Weekly report\r\n\r\nSteps…\n' });
    expect(text).toBe('---\nname: weekly-report\ndescription: "Write the weekly report: wins, risks, next steps."\n---\n\n# Weekly report\n\nSteps…\n');
    expect(readSkillHeader(text)).toEqual({ name: 'weekly-report', description: 'Write the weekly report: wins, risks, next steps.' });
    expect(() => renderSkill({ name: 'a', description: 'two\nlines', body: 'x' })).toThrow('one line');
    expect(() => renderSkill({ name: 'a', description: ' ', body: 'x' })).toThrow('description is empty');
    expect(() => renderSkill({ name: 'a', description: 'd', body: '---\nname: b\n---\nx' })).toThrow('frontmatter');
  });

  it('reads hand-written frontmatter (plain, quoted and folded descriptions)', () => {
    expect(readSkillHeader('---\nname: x\ndescription: >\n  Folded text\n  on two lines\n---\nbody')).toEqual({ name: 'x', description: 'Folded text on two lines' });
    expect(readSkillHeader("---\nname: 'y'\ndescription: It's plain # a YAML comment\n---\n")).toEqual({ name: 'y', description: "It's plain" });
    expect(readSkillHeader('no frontmatter')).toEqual({ name: undefined, description: '' });
  });
});

describe('OPEN_COWORK_BUNDLED_SKILLS_DIRS', () => {
  it('is optional, and must be a JSON array of absolute paths', () => {
    expect(bundledDirsFromEnv({})).toEqual([]);
    expect(bundledDirsFromEnv({ OPEN_COWORK_BUNDLED_SKILLS_DIRS: '["/a/b/", "/c"]' })).toEqual(['/a/b', '/c']);
    for (const bad of ['not json', '{"a": 1}', '[1]', '["relative/dir"]']) {
      expect(() => bundledDirsFromEnv({ OPEN_COWORK_BUNDLED_SKILLS_DIRS: bad })).toThrow(EnvError);
      expect(() => bundledDirsFromEnv({ OPEN_COWORK_BUNDLED_SKILLS_DIRS: bad })).toThrow('OPEN_COWORK_BUNDLED_SKILLS_DIRS');
    }
  });
});

describe('SkillCatalog', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let catalog: SkillCatalog;
  let customDir: string;

  beforeEach(async () => {
    tmp = await tempDir('skills-catalog');
    customDir = path.join(tmp.dir, 'custom');
    const missing = path.join(tmp.dir, 'no-skill-here');
    const { skills, warnings } = loadBundledSkills([...bundledDirs, missing]);
    expect(warnings).toEqual([`OPEN_COWORK_BUNDLED_SKILLS_DIRS: "${missing}" has no SKILL.md; skipped.`]);
    catalog = new SkillCatalog(customDir, skills, warnings);
  });
  afterEach(() => tmp.remove());

  const draft = { name: 'standup', description: 'Summarise a daily standup.', body: 'List blockers first.' };

  it('lists bundled skills before the custom folder exists, then custom ones too', async () => {
    expect((await catalog.list()).map((skill) => `${skill.source}:${skill.name}`)).toEqual(['bundled:data-analysis', 'bundled:meeting-notes', 'bundled:research-brief']);
    await catalog.create({ ...draft, overwrite: false });
    mkdirSync(path.join(customDir, 'Not Valid'));
    writeFileSync(path.join(customDir, 'Not Valid', 'SKILL.md'), '---\nname: x\n---\n');
    expect((await catalog.list()).find((skill) => skill.source === 'custom')).toEqual({
      name: 'standup',
      description: 'Summarise a daily standup.',
      source: 'custom',
      path: path.join(customDir, 'standup', 'SKILL.md'),
    });
  });

  it('previews without writing, creates, and replaces only with overwrite', async () => {
    const plan = await catalog.plan(draft);
    expect(plan).toMatchObject({ name: 'standup', exists: false, path: path.join(customDir, 'standup', 'SKILL.md') });
    expect(() => readFileSync(plan.path)).toThrow();
    expect(await catalog.create({ ...draft, overwrite: false })).toMatchObject({ replaced: false });
    expect(readFileSync(plan.path, 'utf8')).toBe(plan.content);
    await expect(catalog.create({ ...draft, overwrite: false })).rejects.toThrow('already exists; pass overwrite: true');
    expect(await catalog.create({ ...draft, body: 'New body', overwrite: true })).toMatchObject({ replaced: true });
    expect((await catalog.read('standup')).content).toContain('New body');
  });

  it('keeps bundled skills read-only and readable', async () => {
    await expect(catalog.plan({ ...draft, name: 'meeting-notes' })).rejects.toThrow('"meeting-notes" is a bundled skill and cannot be changed');
    await expect(catalog.create({ ...draft, name: 'research-brief', overwrite: true })).rejects.toThrow('bundled');
    const read = await catalog.read('data-analysis');
    expect(read).toMatchObject({ source: 'bundled', name: 'data-analysis' });
    expect(read.content).toContain('charts_render');
    await expect(catalog.read('data-analysis', 'custom')).rejects.toThrow('No custom skill named "data-analysis"');
    await expect(catalog.read('../etc')).rejects.toThrow(ToolError);
  });

  it('never writes through a linked skill folder', async () => {
    mkdirSync(customDir, { recursive: true });
    mkdirSync(path.join(tmp.dir, 'elsewhere'));
    symlinkSync(path.join(tmp.dir, 'elsewhere'), path.join(customDir, 'standup'));
    await expect(catalog.create({ ...draft, overwrite: true })).rejects.toThrow('not a plain directory');
  });
});
