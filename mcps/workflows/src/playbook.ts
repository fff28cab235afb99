// Playbooks: a named prompt template with declared parameters. Checking a definition and
// binding run arguments are pure functions; storage is in store.ts.

import { isSlug, ToolError } from '@open-cowork/mcp-kit';
import { fillTemplate, parseTemplate } from './template.js';

export const PARAM_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';
const PARAM_RE = new RegExp(PARAM_NAME_PATTERN);
export const MAX_TEMPLATE = 50_000;
export const MAX_PARAMS = 50;
export const MAX_ARG_LENGTH = 20_000;

export interface ParamSpec {
  name: string;
  description: string;
  required: boolean;
  default?: string;
}

export interface Playbook {
  name: string;
  title: string;
  description: string;
  template: string;
  params: ParamSpec[];
  created: string;
  updated: string;
}

export interface PlaybookInput {
  name: string;
  title: string;
  description?: string | undefined;
  template: string;
  params?: readonly { name: string; description?: string | undefined; required?: boolean | undefined; default?: string | number | boolean | undefined }[] | undefined;
}

/** A checked playbook definition (without dates) and warnings, or a ToolError listing every problem. */
export function checkPlaybook(input: PlaybookInput): { definition: Omit<Playbook, 'created' | 'updated'>; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!isSlug(input.name) || input.name.endsWith('-')) {
    problems.push(`name "${input.name}" must be 1-64 lower-case letters, digits and hyphens (e.g. "weekly-status")`);
  }
  const title = input.title.trim();
  if (title === '') problems.push('title is empty');
  if (input.template.trim() === '') problems.push('template is empty');
  if (input.template.length > MAX_TEMPLATE) problems.push(`template is ${input.template.length} characters; the limit is ${MAX_TEMPLATE}`);

  const params: ParamSpec[] = [];
  for (const raw of input.params ?? []) {
    if (!PARAM_RE.test(raw.name)) {
      problems.push(`parameter name "${raw.name}" must start with a letter or _ and contain only letters, digits and _`);
      continue;
    }
    if (params.some((p) => p.name === raw.name)) {
      problems.push(`parameter "${raw.name}" is declared twice`);
      continue;
    }
    const hasDefault = raw.default !== undefined;
    if (raw.required === true && hasDefault) problems.push(`parameter "${raw.name}" is required and has a default; drop one of them`);
    const spec: ParamSpec = { name: raw.name, description: raw.description?.trim() ?? '', required: raw.required ?? !hasDefault };
    if (hasDefault) spec.default = String(raw.default);
    params.push(spec);
  }
  if (params.length > MAX_PARAMS) problems.push(`${params.length} parameters; the limit is ${MAX_PARAMS}`);

  const parsed = parseTemplate(input.template);
  problems.push(...parsed.problems.map((p) => `template ${p}`));
  const undeclared = parsed.params.filter((name) => !params.some((p) => p.name === name));
  if (undeclared.length > 0) {
    problems.push(`the template uses ${undeclared.map((n) => `{{${n}}}`).join(', ')} but declares no such parameter; add ${undeclared.length === 1 ? 'it' : 'them'} to params`);
  }
  for (const param of params) {
    if (!parsed.params.includes(param.name)) warnings.push(`parameter "${param.name}" is declared but the template does not use it`);
  }
  if (problems.length > 0) throw new ToolError(`The playbook is not valid:\n- ${problems.join('\n- ')}`);
  return { definition: { name: input.name, title, description: input.description?.trim() ?? '', template: input.template, params }, warnings };
}

export type ArgValue = string | number | boolean;

/** The values for each parameter (defaults applied), or a ToolError naming unknown and missing ones. */
export function bindArgs(playbook: Playbook, args: Readonly<Record<string, ArgValue>>): Record<string, string> {
  const problems: string[] = [];
  const known = new Set(playbook.params.map((p) => p.name));
  const unknown = Object.keys(args).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    const list = playbook.params.length > 0 ? playbook.params.map((p) => p.name).join(', ') : 'none';
    problems.push(`unknown argument${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} (parameters: ${list})`);
  }
  const values: Record<string, string> = {};
  for (const param of playbook.params) {
    const given = args[param.name];
    if (given !== undefined && String(given).trim() !== '') {
      const value = String(given);
      if (value.length > MAX_ARG_LENGTH) problems.push(`${param.name} is ${value.length} characters; the limit is ${MAX_ARG_LENGTH}`);
      values[param.name] = value;
    } else if (param.default !== undefined) {
      values[param.name] = param.default;
    } else if (param.required) {
      problems.push(`missing required argument ${param.name}${param.description ? ` (${param.description})` : ''}`);
    } else {
      values[param.name] = '';
    }
  }
  if (problems.length > 0) throw new ToolError(`Cannot run "${playbook.name}":\n- ${problems.join('\n- ')}`);
  return values;
}

export function renderPrompt(playbook: Playbook, values: Readonly<Record<string, string>>): string {
  return fillTemplate(parseTemplate(playbook.template), values);
}
