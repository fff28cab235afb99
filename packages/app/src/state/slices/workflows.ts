// The workflows slice (model/workflows.ts): the Workflows page's list, runs into chats, and setup.

import { WORKFLOW_DESIGNER, type WorkflowsActions, type WorkflowsData } from '../model/workflows.js';
import type { SliceContext } from '../slice.js';

export function workflowsSlice({ host, set, get, actions }: SliceContext<WorkflowsData>): WorkflowsActions {
  const loadWorkflows = async (): Promise<void> => {
    set((s) => ({ workflows: { ...s.workflows, load: s.workflows.load === 'ready' ? 'ready' : 'loading' } }));
    try {
      const { workflows } = await host['workflows.list']({});
      set({ workflows: { list: workflows, load: 'ready' } });
    } catch (error) {
      set((s) => ({ workflows: { ...s.workflows, load: 'error' } }));
      throw error;
    }
  };
  return {
    loadWorkflows,
    getWorkflow: (name) => host['workflows.get']({ name }),
    async runWorkflow(name, args) {
      const run = await host['workflows.run']({ name, args: { ...args } });
      return actions.startChat(run.prompt);
    },
    async loadWorkflowRuns(name) {
      return (await host['workflows.runs']({ name })).runs;
    },
    async deleteWorkflow(name) {
      await host['workflows.delete']({ name });
      set({ workflows: { ...get().workflows, list: get().workflows.list.filter((workflow) => workflow.name !== name) } });
    },
    startWorkflowSetup() {
      actions.chooseChatAgent(undefined, WORKFLOW_DESIGNER);
    },
  };
}
