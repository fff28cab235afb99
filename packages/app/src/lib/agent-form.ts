// The agent builder's form, as pure functions: a draft of text fields and lists, made from a
// saved definition, a template or a read-only agent; checked before sending; turned into the
// CustomAgent agents.save takes; and the host's refusals (pointers into `/agent/...`) mapped
// back onto the fields they name.

import type { Agent, AgentMode, AgentTemplate, ColorToken, CustomAgent } from '@open-cowork/contracts';

export interface AgentDraft {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly instructions: string;
  /** '' leaves the mode unset ("all" on the host). */
  readonly mode: AgentMode | '';
  readonly color: ColorToken | '';
  readonly toolIds: readonly string[];
  readonly skillNames: readonly string[];
  readonly allowTools: readonly string[];
  readonly askTools: readonly string[];
  readonly denyTools: readonly string[];
  readonly model: string;
  /** As typed; '' means unset. */
  readonly temperature: string;
  readonly steps: string;
}

/** The fields errors can be shown next to (keys of the draft). */
export type DraftField = keyof AgentDraft;

export type DraftErrors = Partial<Record<DraftField, string>>;

export const EMPTY_DRAFT: AgentDraft = {
  name: '',
  label: '',
  description: '',
  instructions: '',
  mode: '',
  color: '',
  toolIds: [],
  skillNames: [],
  allowTools: [],
  askTools: [],
  denyTools: [],
  model: '',
  temperature: '',
  steps: '',
};

export const AGENT_NAME = /^[a-z0-9][a-z0-9-]*$/;
export const COLORS: readonly ColorToken[] = ['neutral', 'accent', 'info', 'success', 'warning', 'danger'];
export const MODES: readonly AgentMode[] = ['all', 'primary', 'subagent'];

/** A saved custom agent in the form. */
export function draftFromDefinition(agent: CustomAgent): AgentDraft {
  return {
    name: agent.name,
    label: agent.label ?? '',
    description: agent.description,
    instructions: agent.instructions,
    mode: agent.mode ?? '',
    color: agent.color ?? '',
    toolIds: agent.toolIds ?? [],
    skillNames: agent.skillNames ?? [],
    allowTools: agent.allowTools ?? [],
    askTools: agent.askTools ?? [],
    denyTools: agent.denyTools ?? [],
    model: agent.model ?? '',
    temperature: agent.temperature === undefined ? '' : String(agent.temperature),
    steps: agent.steps === undefined ? '' : String(agent.steps),
  };
}

/** A built-in or configured agent, shown read-only (it has no saved definition). */
export function draftFromAgent(agent: Agent): AgentDraft {
  return {
    ...EMPTY_DRAFT,
    name: agent.name,
    label: agent.label ?? '',
    description: agent.description ?? '',
    mode: agent.mode,
    color: agent.color ?? '',
    toolIds: agent.toolIds ?? [],
    skillNames: agent.skillNames ?? [],
    model: agent.model ?? '',
  };
}

/**
 * The draft with a template laid over it. The name is suggested from the template's label
 * unless one was typed; with `known` (the loaded catalog), tools and skills it does not have
 * are left out. (The host already narrows its example templates, and the config loader checks
 * configured ones, so without a catalog yet nothing is dropped.)
 */
export function applyTemplate(
  draft: AgentDraft,
  template: AgentTemplate,
  known: { readonly toolIds: ReadonlySet<string>; readonly skillNames: ReadonlySet<string> } | undefined,
  taken: ReadonlySet<string>,
): AgentDraft {
  return {
    ...draft,
    name: draft.name.trim() === '' ? suggestName(template.label || template.id, taken) : draft.name,
    label: template.label,
    description: template.description ?? '',
    instructions: template.instructions ?? '',
    color: template.color ?? '',
    toolIds: (template.toolIds ?? []).filter((id) => known === undefined || known.toolIds.has(id)),
    skillNames: (template.skillNames ?? []).filter((name) => known === undefined || known.skillNames.has(name)),
    model: template.model ?? '',
    temperature: template.temperature === undefined ? '' : String(template.temperature),
    steps: template.steps === undefined ? '' : String(template.steps),
  };
}

/** A free agent name from a label: "Research assistant" → "research-assistant" (then "-2", "-3", …). */
export function suggestName(label: string, taken: ReadonlySet<string>): string {
  const base =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'agent';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i += 1) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export interface CheckMessages {
  readonly required: string;
  readonly nameInvalid: string;
  readonly nameTaken: (name: string) => string;
  readonly numberRange: (min: number, max: number) => string;
  readonly wholeNumber: (min: number, max: number) => string;
}

/** What is wrong before anything is sent (the host checks everything again). */
export function checkDraft(draft: AgentDraft, messages: CheckMessages, taken: ReadonlySet<string>): DraftErrors {
  const errors: { -readonly [K in DraftField]?: string } = {};
  const name = draft.name.trim();
  if (name === '') errors.name = messages.required;
  else if (!AGENT_NAME.test(name) || name.length > 64) errors.name = messages.nameInvalid;
  else if (taken.has(name)) errors.name = messages.nameTaken(name);
  if (draft.description.trim() === '') errors.description = messages.required;
  if (draft.instructions.trim() === '') errors.instructions = messages.required;
  const temperature = draft.temperature.trim();
  if (temperature !== '') {
    const value = Number(temperature);
    if (!Number.isFinite(value) || value < 0 || value > 2) errors.temperature = messages.numberRange(0, 2);
  }
  const steps = draft.steps.trim();
  if (steps !== '') {
    const value = Number(steps);
    if (!Number.isInteger(value) || value < 1 || value > 1000) errors.steps = messages.wholeNumber(1, 1000);
  }
  return errors;
}

/**
 * The definition agents.save takes. Fields the form does not show (variant, top_p, options,
 * hidden) are kept from `base`, the definition being edited.
 */
export function toCustomAgent(draft: AgentDraft, base?: CustomAgent): CustomAgent {
  const agent: CustomAgent = {
    ...(base === undefined ? {} : base),
    name: draft.name.trim(),
    description: draft.description.trim(),
    instructions: draft.instructions.trim(),
  };
  const set = <K extends keyof CustomAgent>(key: K, value: CustomAgent[K] | undefined) => {
    if (value === undefined) delete agent[key];
    else agent[key] = value;
  };
  const list = (values: readonly string[]) => {
    const clean = [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
    return clean.length > 0 ? clean : undefined;
  };
  set('label', draft.label.trim() || undefined);
  set('mode', draft.mode || undefined);
  set('color', draft.color || undefined);
  set('toolIds', list(draft.toolIds));
  set('skillNames', list(draft.skillNames));
  set('allowTools', list(draft.allowTools));
  set('askTools', list(draft.askTools));
  set('denyTools', list(draft.denyTools));
  set('model', draft.model.trim() || undefined);
  set('temperature', draft.temperature.trim() === '' ? undefined : Number(draft.temperature));
  set('steps', draft.steps.trim() === '' ? undefined : Number(draft.steps));
  return agent;
}

const FIELDS: ReadonlySet<string> = new Set(Object.keys(EMPTY_DRAFT));

/**
 * The host's refusal of agents.save, field by field: VALIDATION_FAILED and BAD_REQUEST carry
 * `issues` with pointers such as "/agent/toolIds/1"; CONFLICT carries one `pointer`. What no
 * field of the form shows goes to `general`.
 */
export function errorsFromHost(error: { readonly message: string; readonly data?: unknown }): { fields: DraftErrors; general: string[] } {
  const fields: { -readonly [K in DraftField]?: string } = {};
  const general: string[] = [];
  const issues = issuesOf(error);
  for (const issue of issues) {
    const field = fieldOf(issue.pointer);
    if (field === undefined) general.push(issue.message);
    else fields[field] = fields[field] === undefined ? issue.message : `${fields[field]} ${issue.message}`;
  }
  if (issues.length === 0) general.push(error.message);
  return { fields, general };
}

/** The pointed problems a host error carries: `issues` (VALIDATION_FAILED, BAD_REQUEST) or one `pointer` (CONFLICT). */
export function issuesOf(error: { readonly message: string; readonly data?: unknown }): { pointer: string; message: string }[] {
  const data = typeof error.data === 'object' && error.data !== null ? (error.data as { issues?: unknown; pointer?: unknown }) : {};
  if (Array.isArray(data.issues)) {
    return data.issues.flatMap((issue: unknown) => {
      const candidate = issue as { pointer?: unknown; message?: unknown };
      return typeof candidate?.pointer === 'string' && typeof candidate.message === 'string' ? [{ pointer: candidate.pointer, message: candidate.message }] : [];
    });
  }
  return typeof data.pointer === 'string' ? [{ pointer: data.pointer, message: error.message }] : [];
}

/** "/agent/toolIds/1" → "toolIds"; anything outside the form → undefined. */
export function fieldOf(pointer: string): DraftField | undefined {
  const parts = pointer.split('/').slice(1);
  const key = parts[0] === 'agent' ? parts[1] : undefined;
  return key !== undefined && FIELDS.has(key) ? (key as DraftField) : undefined;
}
