// The skills MCP server: lists bundled skills, reads skills, previews and creates custom ones.
//
// Environment:
//   OPEN_COWORK_CUSTOM_SKILLS_DIR     absolute, app-managed directory for custom skills; required.
//                                     A filesystem root, the user's home or a folder containing it is refused.
//   OPEN_COWORK_BUNDLED_SKILLS_DIRS   optional JSON array of absolute directories, each with a SKILL.md

import { runStdioServer, type Env } from '@open-cowork/mcp-kit';
import { bundledDirsFromEnv, loadBundledSkills } from './bundled.js';
import { SkillCatalog } from './catalog.js';
import { checkCustomSkillsDir, CUSTOM_DIR_ENV } from './custom-dir.js';
import { skillsTools } from './tools.js';

function setup(env: Env): SkillCatalog {
  const customDir = checkCustomSkillsDir(env[CUSTOM_DIR_ENV]);
  const { skills, warnings } = loadBundledSkills(bundledDirsFromEnv(env));
  for (const warning of warnings) process.stderr.write(`[skills] ${warning}\n`);
  return new SkillCatalog(customDir, skills, warnings);
}

await runStdioServer({
  name: 'skills',
  version: '0.1.0',
  instructions: 'Use skills_preview to show a new skill to the user before skills_create writes it; bundled skills are read-only.',
  setup,
  tools: skillsTools,
});
