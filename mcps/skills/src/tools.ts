// The skills server's tools: list, read, preview, create.

import { defineTool, jsonResult, z, type Tool } from '@open-cowork/mcp-kit';
import type { SkillCatalog } from './catalog.js';
import { MAX_BODY, MAX_DESCRIPTION, SKILL_NAME_PATTERN } from './skill-file.js';

const nameArg = z.string().min(1).max(64).describe(`Skill name, lower-case with hyphens (${SKILL_NAME_PATTERN}), e.g. "weekly-report".`);
const draft = {
  name: nameArg,
  description: z
    .string()
    .min(1)
    .max(MAX_DESCRIPTION)
    .describe('One line: what the skill does and when an agent should use it (agents pick skills by this text).'),
  body: z.string().min(1).max(MAX_BODY).describe('The instructions in Markdown, without frontmatter.'),
};

export function skillsTools(catalog: SkillCatalog): Tool[] {
  return [
    defineTool({
      name: 'list',
      title: 'List skills',
      description: 'All skills: bundled ones (read-only) and the user\'s custom ones, with name, description and source.',
      input: {},
      readOnly: true,
      async run() {
        const skills = await catalog.list();
        return jsonResult({ skills, customDir: catalog.customDir, ...(catalog.warnings.length > 0 ? { warnings: catalog.warnings } : {}) });
      },
    }),
    defineTool({
      name: 'read',
      title: 'Read a skill',
      description: 'The full SKILL.md of a skill by name. A bundled skill wins over a custom one of the same name unless source is "custom".',
      input: { name: nameArg, source: z.enum(['bundled', 'custom']).optional().describe('Which one to read when both exist.') },
      readOnly: true,
      async run({ name, source }) {
        return jsonResult({ ...(await catalog.read(name, source)) });
      },
    }),
    defineTool({
      name: 'preview',
      title: 'Preview a custom skill',
      description: 'Checks a custom skill and shows the SKILL.md that create would write, and where, without writing anything. Show it to the user before creating.',
      input: draft,
      readOnly: true,
      async run(args) {
        const plan = await catalog.plan(args);
        return jsonResult({ ...plan }, { text: `${plan.exists ? 'Would replace' : 'Would create'} ${plan.path}:\n\n${plan.content}` });
      },
    }),
    defineTool({
      name: 'create',
      title: 'Create a custom skill',
      description:
        'Writes a custom skill (<custom skills dir>/<name>/SKILL.md with name and description frontmatter). Bundled skills cannot be replaced; an existing custom skill only with overwrite: true.',
      input: { ...draft, overwrite: z.boolean().optional().describe('Replace an existing custom skill of the same name (default false).') },
      destructive: false,
      async run({ overwrite, ...args }) {
        const result = await catalog.create({ ...args, overwrite: overwrite ?? false });
        return jsonResult(
          { name: result.name, path: result.path, replaced: result.replaced },
          { text: `${result.replaced ? 'Replaced' : 'Created'} custom skill "${result.name}" at ${result.path}.` },
        );
      },
    }),
  ];
}
