// The Run now form of a playbook: its fields start at the parameters' defaults; a required value
// left empty or a value over the server's limit is refused before anything is sent, and the
// host's own refusal (VALIDATION_FAILED with a pointer per value) lands on the field it names.

import { WORKFLOW_ARG_MAX_LENGTH, type Workflow } from '@open-cowork/contracts';
import { issuesOf } from './agent-form.js';

export type ArgValues = Readonly<Record<string, string>>;

/** What the form's check found, by parameter name: `required` or `tooLong`. */
export type ArgProblems = Readonly<Record<string, 'required' | 'tooLong'>>;

export function initialArgs(workflow: Pick<Workflow, 'params'>): Record<string, string> {
  return Object.fromEntries(workflow.params.map((param) => [param.name, param.default ?? '']));
}

export function checkArgs(workflow: Pick<Workflow, 'params'>, values: ArgValues): ArgProblems {
  const problems: Record<string, 'required' | 'tooLong'> = {};
  for (const param of workflow.params) {
    const value = values[param.name] ?? '';
    if (value.length > WORKFLOW_ARG_MAX_LENGTH) problems[param.name] = 'tooLong';
    else if (param.required && value.trim() === '') problems[param.name] = 'required';
  }
  return problems;
}

/** The values to send: those filled in (an empty optional one lets the server use its default). */
export function argsToSend(workflow: Pick<Workflow, 'params'>, values: ArgValues): Record<string, string> {
  return Object.fromEntries(workflow.params.flatMap((param) => ((values[param.name] ?? '').trim() === '' ? [] : [[param.name, values[param.name] ?? '']])));
}

/** The host's refusal by parameter ("/args/topic" → topic); the rest goes to `general`. */
export function argErrorsFromHost(error: { readonly message: string; readonly data?: unknown }): { fields: Record<string, string>; general: string[] } {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const issue of issuesOf(error)) {
    const name = /^\/args\/(.+)$/.exec(issue.pointer)?.[1];
    if (name === undefined) general.push(issue.message);
    else fields[name] = issue.message;
  }
  if (Object.keys(fields).length === 0 && general.length === 0) general.push(error.message);
  return { fields, general };
}
