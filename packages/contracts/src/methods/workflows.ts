import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, integer, noParams, object, ref, yes } from '../schemas/build.js';

const named = (description: string) => object(description, { name: ref('WorkflowName', 'The playbook.') }, ['name']);

export const WORKFLOW_METHODS = {
  'workflows.list': {
    description: 'The saved playbooks, by name, read through the bundled workflows MCP server.',
    params: noParams(),
    result: object('The playbooks.', { workflows: array('By name.', ref('WorkflowSummary', 'A playbook.')) }, ['workflows']),
    errors: [HostErrorCode.WorkflowsUnavailable],
  },
  'workflows.get': {
    description: 'One playbook in full: template and parameters (for the Run now form).',
    params: named('The playbook.'),
    result: ref('Workflow', 'The playbook.'),
    errors: [HostErrorCode.NotFound, HostErrorCode.WorkflowsUnavailable],
  },
  'workflows.run': {
    description:
      'Starts a run: the server checks the values (unknown or missing required ones are VALIDATION_FAILED), fills the template, records the run and returns it. The caller sends the run\'s prompt to a chat.',
    params: object('The playbook and its values.', { name: ref('WorkflowName', 'The playbook.'), args: ref('WorkflowArgs', 'Values by parameter name.') }, ['name', 'args']),
    result: ref('WorkflowRun', 'The recorded run, with the prompt to send.'),
    errors: [HostErrorCode.NotFound, HostErrorCode.ValidationFailed, HostErrorCode.WorkflowsUnavailable],
  },
  'workflows.runs': {
    description: 'A playbook\'s most recent runs, newest first (kept after the playbook is deleted).',
    params: object('The playbook.', { name: ref('WorkflowName', 'The playbook.'), limit: integer('How many (default 20).', { minimum: 1, maximum: 100 }) }, ['name']),
    result: object('The runs.', { runs: array('Newest first.', ref('WorkflowRun', 'A run.')) }, ['runs']),
    errors: [HostErrorCode.WorkflowsUnavailable],
  },
  'workflows.delete': {
    description: 'Deletes a playbook; its run log is kept.',
    params: named('The playbook.'),
    result: object('Done.', { deleted: yes('Always true.') }, ['deleted']),
    errors: [HostErrorCode.NotFound, HostErrorCode.WorkflowsUnavailable],
  },
} as const satisfies Record<string, MethodSpec>;
