// The bundled skills the host lists in OPEN_COWORK_BUNDLED_SKILLS_DIRS (a JSON array of
// absolute directories, each holding a SKILL.md). They are read once, at startup, and are
// read-only for this server.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { absolutePath, EnvError, optionalEnv, type Env } from '@open-cowork/mcp-kit';
import { readSkillHeader } from './skill-file.js';

export const BUNDLED_DIRS_ENV = 'OPEN_COWORK_BUNDLED_SKILLS_DIRS';

export interface BundledSkill {
  name: string;
  description: string;
  dir: string;
  file: string;
}

/** The directories named by the variable (empty when unset), or an EnvError. */
export function bundledDirsFromEnv(env: Env): string[] {
  const raw = optionalEnv(env, BUNDLED_DIRS_ENV);
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new EnvError(BUNDLED_DIRS_ENV, `${BUNDLED_DIRS_ENV} must be a JSON array of absolute directory paths; it is not valid JSON.`);
  }
  if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== 'string')) {
    throw new EnvError(BUNDLED_DIRS_ENV, `${BUNDLED_DIRS_ENV} must be a JSON array of absolute directory paths (strings).`);
  }
  return parsed.map((item: string) => absolutePath(BUNDLED_DIRS_ENV, item));
}

/** Reads each directory's SKILL.md; directories without one are reported, not fatal. */
export function loadBundledSkills(dirs: readonly string[]): { skills: BundledSkill[]; warnings: string[] } {
  const skills: BundledSkill[] = [];
  const warnings: string[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, 'SKILL.md');
    if (!existsSync(file)) {
      warnings.push(`${BUNDLED_DIRS_ENV}: "${dir}" has no SKILL.md; skipped.`);
      continue;
    }
    const header = readSkillHeader(readFileSync(file, 'utf8'));
    const name = header.name ?? path.basename(dir);
    if (skills.some((skill) => skill.name === name)) {
      warnings.push(`${BUNDLED_DIRS_ENV}: a second bundled skill named "${name}" in "${dir}"; skipped.`);
      continue;
    }
    skills.push({ name, description: header.description, dir, file });
  }
  return { skills, warnings };
}
