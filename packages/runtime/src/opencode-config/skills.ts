// Bundled skills as `skills.paths`. OpenCode scans each path for `**/SKILL.md` (a skill's
// own folder works as well as a parent of several), so each configured skill's own folder
// is listed: exactly the configured skills load, nothing else that sits beside them.

import type { OpenCoworkConfig } from '@open-cowork/config';
import type { Config } from '@opencode-ai/sdk/v2';
import { skillId } from './agent-check.js';
import type { BundledResources } from './types.js';
import { BuildWarningCode, pointer, type Warnings } from './warnings.js';

export function buildSkills(input: {
  readonly config: OpenCoworkConfig;
  readonly bundled: BundledResources;
  readonly warnings: Warnings;
  /** Folders scanned as they are (the custom skills folder), after the configured skills. */
  readonly extraPaths?: readonly string[];
}): Config['skills'] | undefined {
  const paths: string[] = [];
  (input.config.skills ?? []).forEach((skill, index) => {
    const id = skillId(skill);
    const dir = Object.hasOwn(input.bundled.skillDirs, id) ? input.bundled.skillDirs[id] : undefined;
    if (dir === undefined) {
      input.warnings.add(
        BuildWarningCode.SkillBundleMissing,
        `Skill "${id}" has no bundled folder, so agents cannot load it.`,
        pointer('skills', index),
      );
      return;
    }
    if (!paths.includes(dir)) paths.push(dir);
  });
  for (const dir of input.extraPaths ?? []) if (!paths.includes(dir)) paths.push(dir);
  return paths.length > 0 ? { paths } : undefined;
}
