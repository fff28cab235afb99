// workflows.*: the Workflows page's view of the playbooks the bundled workflows server keeps.
// Every call goes to that server (./client.ts); its refusals become the contract's codes: an
// unknown playbook is NOT_FOUND, a run with missing or unknown values VALIDATION_FAILED with a
// pointer per value, anything else WORKFLOWS_UNAVAILABLE.
import { CodedError, HostErrorCode, type HostIssue, type Workflow, type WorkflowRun, type WorkflowSummary } from '@open-cowork/contracts';
import type { HandlersFor } from '../dispatch/handlers.js';
import { WorkflowToolError, type WorkflowsClient } from './client.js';

export type WorkflowMethod = 'workflows.list' | 'workflows.get' | 'workflows.run' | 'workflows.runs' | 'workflows.delete';

const DEFAULT_RUNS = 20;

export function workflowHandlers(client: Pick<WorkflowsClient, 'call'>): HandlersFor<WorkflowMethod> {
  const call = async (tool: string, args: Record<string, unknown>, name?: string): Promise<Record<string, unknown>> => {
    try {
      return await client.call(tool, args);
    } catch (error) {
      throw error instanceof WorkflowToolError ? refusal(error.message, name) : error;
    }
  };
  return {
    async 'workflows.list'() {
      const { playbooks } = (await call('list', {})) as { playbooks: WorkflowSummary[] };
      return { workflows: playbooks.map((p) => ({ name: p.name, title: p.title, description: p.description, params: [...p.params], updated: p.updated })) };
    },
    async 'workflows.get'({ name }) {
      const { playbook } = (await call('get', { name }, name)) as { playbook: Workflow };
      return workflowOf(playbook);
    },
    async 'workflows.run'({ name, args }) {
      const run = (await call('run', { name, args }, name)) as { runId: string; playbook: string; time: string; args: Record<string, string>; prompt: string };
      return { id: run.runId, playbook: run.playbook, time: run.time, args: run.args, prompt: run.prompt };
    },
    async 'workflows.runs'({ name, limit }) {
      const { runs } = (await call('runs', { name, limit: limit ?? DEFAULT_RUNS }, name)) as { runs: WorkflowRun[] };
      return { runs: runs.map((run) => ({ id: run.id, playbook: run.playbook, time: run.time, args: run.args, prompt: run.prompt })) };
    },
    async 'workflows.delete'({ name }) {
      await call('delete', { name }, name);
      return { deleted: true };
    },
  };
}

function workflowOf(playbook: Workflow): Workflow {
  return {
    name: playbook.name,
    title: playbook.title,
    description: playbook.description,
    template: playbook.template,
    params: playbook.params.map((p) => ({ name: p.name, description: p.description, required: p.required, ...(p.default === undefined ? {} : { default: p.default }) })),
    created: playbook.created,
    updated: playbook.updated,
  };
}

/** The server's refusal as a contract error. Its messages list one problem per "- " line. */
export function refusal(message: string, name: string | undefined): CodedError {
  if (/^No playbook named /.test(message)) return new CodedError(HostErrorCode.NotFound, message, { kind: 'workflow', id: name ?? '' });
  if (/^Cannot run /.test(message)) {
    const issues: HostIssue[] = message
      .split('\n')
      .filter((line) => line.startsWith('- '))
      .map((line) => {
        const problem = line.slice(2);
        const param = /^missing required argument (\w+)/.exec(problem)?.[1] ?? /^(\w+) is \d+ characters/.exec(problem)?.[1];
        return { pointer: param === undefined ? '/args' : `/args/${param}`, message: problem };
      });
    return new CodedError(HostErrorCode.ValidationFailed, message, { issues });
  }
  return new CodedError(HostErrorCode.WorkflowsUnavailable, message);
}
