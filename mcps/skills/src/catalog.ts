// Bundled skills (read-only) and the user's custom skills (<customDir>/<name>/SKILL.md).

import { lstat, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside, ToolError, writeFileAtomic } from '@open-cowork/mcp-kit';
import type { BundledSkill } from './bundled.js';
import { checkSkillName, readSkillHeader, renderSkill, type SkillDraft } from './skill-file.js';

export type SkillSource = 'bundled' | 'custom';

export interface SkillSummary {
  name: string;
  description: string;
  source: SkillSource;
  path: string;
}

export interface SkillPlan {
  name: string;
  path: string;
  content: string;
  /** Whether a custom skill of that name exists (and would be replaced). */
  exists: boolean;
}

export class SkillCatalog {
  constructor(
    readonly customDir: string,
    readonly bundled: readonly BundledSkill[],
    readonly warnings: readonly string[] = [],
  ) {}

  async list(): Promise<SkillSummary[]> {
    const bundled = this.bundled.map((skill): SkillSummary => ({ name: skill.name, description: skill.description, source: 'bundled', path: skill.file }));
    const custom = await this.customSkills();
    return [...bundled, ...custom].sort((a, b) => a.name.localeCompare(b.name) || a.source.localeCompare(b.source));
  }

  async read(name: string, source?: SkillSource): Promise<SkillSummary & { content: string }> {
    checkSkillName(name);
    const bundled = this.bundled.find((skill) => skill.name === name);
    if (bundled && source !== 'custom') {
      return { name, description: bundled.description, source: 'bundled', path: bundled.file, content: await readFile(bundled.file, 'utf8') };
    }
    if (source !== 'bundled') {
      const file = this.customFile(name);
      const content = await readFile(file, 'utf8').catch(() => undefined);
      if (content !== undefined) return { name, description: readSkillHeader(content).description, source: 'custom', path: file, content };
    }
    throw new ToolError(`No ${source ? `${source} ` : ''}skill named "${name}". Use skills_list to see the available skills.`);
  }

  /** What create would write, checked, without writing. */
  async plan(draft: SkillDraft): Promise<SkillPlan> {
    const content = renderSkill(draft);
    const name = draft.name;
    if (this.bundled.some((skill) => skill.name === name)) {
      throw new ToolError(`"${name}" is a bundled skill and cannot be changed; choose another name for a custom skill.`);
    }
    const file = this.customFile(name);
    await this.refuseLinks(name);
    const exists = await lstat(file).then(
      () => true,
      () => false,
    );
    return { name, path: file, content, exists };
  }

  async create(draft: SkillDraft & { overwrite: boolean }): Promise<SkillPlan & { replaced: boolean }> {
    const plan = await this.plan(draft);
    if (plan.exists && !draft.overwrite) {
      throw new ToolError(`A custom skill named "${plan.name}" already exists; pass overwrite: true to replace it, or choose another name.`);
    }
    await mkdir(path.dirname(plan.path), { recursive: true });
    await this.refuseLinks(plan.name);
    await writeFileAtomic(plan.path, plan.content);
    return { ...plan, replaced: plan.exists };
  }

  private customFile(name: string): string {
    const file = path.join(this.customDir, checkSkillName(name), 'SKILL.md');
    if (!isInside(this.customDir, file)) throw new ToolError(`"${name}" is not a valid skill name.`);
    return file;
  }

  /** A skill folder that is a symbolic link could point anywhere; it is never written through. */
  private async refuseLinks(name: string): Promise<void> {
    const dir = path.join(this.customDir, name);
    const stats = await lstat(dir).catch(() => undefined);
    if (stats && !stats.isDirectory()) {
      throw new ToolError(`"${dir}" exists but is not a plain directory (a link or a file); remove it or choose another name.`);
    }
  }

  private async customSkills(): Promise<SkillSummary[]> {
    const entries = await readdir(this.customDir, { withFileTypes: true }).catch(() => []);
    const skills: SkillSummary[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      let name: string;
      try {
        name = checkSkillName(entry.name);
      } catch {
        continue;
      }
      const file = path.join(this.customDir, name, 'SKILL.md');
      const content = await readFile(file, 'utf8').catch(() => undefined);
      if (content === undefined) continue;
      skills.push({ name, description: readSkillHeader(content).description, source: 'custom', path: file });
    }
    return skills;
  }
}
