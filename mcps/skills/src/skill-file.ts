// SKILL.md: YAML frontmatter (name, description) followed by the instructions. Names follow
// the Agent Skills rules OpenCode applies: 1-64 lower-case letters, digits and single
// hyphens, not starting or ending with a hyphen.

import { parseMarkdown, renderFrontmatter, ToolError } from '@open-cowork/mcp-kit';

export const SKILL_NAME_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
const NAME_RE = new RegExp(SKILL_NAME_PATTERN);
export const MAX_DESCRIPTION = 1024;
export const MAX_BODY = 100_000;

export function checkSkillName(name: string): string {
  if (!NAME_RE.test(name) || name.endsWith('-') || name.includes('--')) {
    throw new ToolError(
      `"${name}" is not a valid skill name: use 1-64 lower-case letters, digits and single hyphens, starting and ending with a letter or digit (e.g. "weekly-report").`,
    );
  }
  return name;
}

export interface SkillDraft {
  name: string;
  description: string;
  body: string;
}

/** The SKILL.md text for a draft, after checking every field. */
export function renderSkill(draft: SkillDraft): string {
  const name = checkSkillName(draft.name);
  const description = draft.description.trim();
  if (description === '') throw new ToolError('The description is empty; say what the skill does and when to use it.');
  if (/[\r\n]/.test(description)) throw new ToolError('The description must be one line.');
  if (description.length > MAX_DESCRIPTION) throw new ToolError(`The description is ${description.length} characters; the limit is ${MAX_DESCRIPTION}.`);
  const body = draft.body.replace(/\r\n?/g, '\n').trim();
  if (body === '') throw new ToolError('The body is empty; write the instructions the agent should follow.');
  if (body.length > MAX_BODY) throw new ToolError(`The body is ${body.length} characters; the limit is ${MAX_BODY}.`);
  if ((body.split('\n')[0] ?? '').trim() === '---') throw new ToolError('The body must not start with its own frontmatter; pass name and description separately.');
  return renderFrontmatter({ name, description }) + '\n' + body + '\n';
}

export interface SkillHeader {
  name: string | undefined;
  description: string;
}

/** Name and description from a SKILL.md's frontmatter. */
export function readSkillHeader(text: string): SkillHeader {
  const { data } = parseMarkdown(text);
  const name = typeof data['name'] === 'string' && data['name'].trim() !== '' ? data['name'].trim() : undefined;
  const description = typeof data['description'] === 'string' ? data['description'].trim() : '';
  return { name, description };
}
