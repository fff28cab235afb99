// Workflows (docs/workflows.md): playbooks saved by the bundled `workflows` MCP server — a prompt
// template with declared parameters — and the log of their runs. The host reads them through that
// server; the names and limits here repeat the server's so a mistake is refused at the edge.

import type { JsonSchema } from '../contract.js';
import { array, boolean, map, object, ref, string, text } from './build.js';

/** Parameter values are strings of at most this many characters (the server's limit). */
export const WORKFLOW_ARG_MAX_LENGTH = 20_000;

export const WORKFLOW_DEFS = {
  WorkflowName: string('A playbook name: 1-64 lower-case letters, digits and hyphens, e.g. "weekly-status".', { pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' }),
  WorkflowParam: object(
    'One parameter a playbook\'s template uses ({{name}}).',
    {
      name: text('The placeholder\'s name.', { maxLength: 64 }),
      description: string('What to pass; may be empty.'),
      required: boolean('A run must give a value (it has no default).'),
      default: string('The value used when a run gives none.'),
    },
    ['name', 'description', 'required'],
  ),
  WorkflowSummary: object(
    'A saved playbook as the Workflows page lists it.',
    {
      name: ref('WorkflowName', 'Its name.'),
      title: text('Its title.'),
      description: string('What it does; may be empty.'),
      params: array('The names of its parameters.', string('A parameter name.')),
      updated: string('When it was last saved (ISO 8601).'),
    },
    ['name', 'title', 'description', 'params', 'updated'],
  ),
  Workflow: object(
    'A playbook in full.',
    {
      name: ref('WorkflowName', 'Its name.'),
      title: text('Its title.'),
      description: string('What it does; may be empty.'),
      template: text('The instructions, with {{param}} placeholders.'),
      params: array('Its parameters, in order.', ref('WorkflowParam', 'A parameter.')),
      created: string('When it was first saved (ISO 8601).'),
      updated: string('When it was last saved (ISO 8601).'),
    },
    ['name', 'title', 'description', 'template', 'params', 'created', 'updated'],
  ),
  WorkflowArgs: map('Parameter values by name.', string('A value.', { maxLength: WORKFLOW_ARG_MAX_LENGTH }), string('A parameter name.', { maxLength: 64 })),
  WorkflowRun: object(
    'One run of a playbook as its log keeps it.',
    {
      id: text('The run\'s id.'),
      playbook: ref('WorkflowName', 'The playbook.'),
      time: string('When it ran (ISO 8601).'),
      args: ref('WorkflowArgs', 'The values used (defaults filled in).'),
      prompt: string('The instructions the run produced.'),
    },
    ['id', 'playbook', 'time', 'args', 'prompt'],
  ),
} as const satisfies Record<string, JsonSchema>;
