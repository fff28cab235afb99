// The workflows server's tools: save, list, get, delete, run, runs.

import { defineTool, jsonResult, SLUG_PATTERN, z, type Tool } from '@open-cowork/mcp-kit';
import { MAX_PARAMS, MAX_TEMPLATE, PARAM_NAME_PATTERN } from './playbook.js';
import type { WorkflowStore } from './store.js';

const nameArg = z.string().min(1).max(64).describe(`Playbook name (${SLUG_PATTERN}), e.g. "weekly-status".`);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

export function workflowsTools(store: WorkflowStore): Tool[] {
  return [
    defineTool({
      name: 'save',
      title: 'Save a playbook',
      description:
        'Saves a reusable workflow playbook: a prompt template with {{param}} placeholders and the parameters it takes. Every placeholder must be declared in params (\\{{ writes literal braces). ' +
        'A parameter without a default is required unless required: false.',
      input: {
        name: nameArg,
        title: z.string().min(1).max(200).describe('Human-readable title.'),
        description: z.string().max(2000).optional().describe('What the workflow does and when to use it.'),
        template: z.string().min(1).max(MAX_TEMPLATE).describe('The instructions to carry out, with {{param}} placeholders, e.g. "Summarise {{project}} for {{audience}}: …".'),
        params: z
          .array(
            z.strictObject({
              name: z.string().min(1).max(64).describe(`Placeholder name (${PARAM_NAME_PATTERN}).`),
              description: z.string().max(500).optional().describe('What to pass.'),
              required: z.boolean().optional().describe('Default: true without a default value, false with one.'),
              default: scalar.optional().describe('Value used when the run does not pass one.'),
            }),
          )
          .max(MAX_PARAMS)
          .optional()
          .describe('The parameters the template uses.'),
        overwrite: z.boolean().optional().describe('Replace an existing playbook of the same name (default false).'),
      },
      async run({ overwrite, ...input }) {
        const { playbook, created, warnings } = await store.save({ ...input, overwrite: overwrite ?? false });
        return jsonResult(
          { playbook, created, warnings },
          { text: `${created ? 'Saved' : 'Replaced'} playbook "${playbook.name}" (${playbook.params.length} parameters).${warnings.length > 0 ? `\nWarnings:\n- ${warnings.join('\n- ')}` : ''}` },
        );
      },
    }),
    defineTool({
      name: 'list',
      title: 'List playbooks',
      description: 'The saved workflow playbooks with their titles and parameter names.',
      input: {},
      readOnly: true,
      async run() {
        return jsonResult({ playbooks: await store.list() });
      },
    }),
    defineTool({
      name: 'get',
      title: 'Show a playbook',
      description: 'One playbook in full: template, parameters, dates.',
      input: { name: nameArg },
      readOnly: true,
      async run({ name }) {
        return jsonResult({ playbook: await store.get(name) });
      },
    }),
    defineTool({
      name: 'delete',
      title: 'Delete a playbook',
      description: 'Deletes a playbook. Its run history is kept. Ask the user before deleting.',
      input: { name: nameArg },
      destructive: true,
      async run({ name }) {
        await store.delete(name);
        return jsonResult({ deleted: name }, { text: `Deleted playbook "${name}".` });
      },
    }),
    defineTool({
      name: 'run',
      title: 'Run a playbook',
      description:
        'Starts a run of a playbook: checks the arguments, fills the template, records the run, and returns the instructions. You must then carry out those instructions yourself, right away, as the next step.',
      input: {
        name: nameArg,
        args: z.object({}).catchall(scalar).optional().describe('Parameter values by name, e.g. {"project": "Atlas"}.'),
      },
      async run({ name, args }) {
        const run = await store.run(name, args ?? {});
        const text =
          `Run ${run.id} of playbook "${run.title}" started. Carry out these instructions now, as your next step:\n\n` +
          `---\n${run.prompt}\n---`;
        return jsonResult({ runId: run.id, playbook: run.playbook, time: run.time, args: run.args, prompt: run.prompt }, { text });
      },
    }),
    defineTool({
      name: 'runs',
      title: 'Recent runs',
      description: 'The most recent runs of a playbook, newest first: run id, time, arguments and the prompt that was produced.',
      input: { name: nameArg, limit: z.number().int().min(1).max(100).optional().describe('How many runs (default 10).') },
      readOnly: true,
      async run({ name, limit }) {
        return jsonResult({ runs: await store.runs(name, limit ?? 10) });
      },
    }),
  ];
}
