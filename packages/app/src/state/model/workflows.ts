// Workflows (docs/workflows.md): the saved playbooks of the bundled workflows server, running one
// into a new chat, its run history, and a setup chat with the workflow-designer agent.

import type { SessionId, Workflow, WorkflowRun, WorkflowSummary } from '@open-cowork/contracts';
import type { LoadState } from './load-state.js';

/** The agent the config ships for designing playbooks in a chat. */
export const WORKFLOW_DESIGNER = 'workflow-designer';

export interface WorkflowsData {
  readonly workflows: {
    /** By name (workflows.list). */
    readonly list: readonly WorkflowSummary[];
    readonly load: LoadState;
  };
}

export const WORKFLOWS_DATA: WorkflowsData = { workflows: { list: [], load: 'idle' } };

export interface WorkflowsActions {
  /** Reloads the list; rejects with the host's error (the page shows it). */
  loadWorkflows(): Promise<void>;
  /** One playbook with its parameters (for the Run now form). Not kept in the state. */
  getWorkflow(name: string): Promise<Workflow>;
  /**
   * Runs a playbook (workflows.run records the run and fills the template), then sends the
   * filled-in prompt to a new chat in the current workspace; resolves to that chat's id.
   */
  runWorkflow(name: string, args: Readonly<Record<string, string>>): Promise<SessionId>;
  /** A playbook's runs, newest first. Not kept in the state. */
  loadWorkflowRuns(name: string): Promise<readonly WorkflowRun[]>;
  deleteWorkflow(name: string): Promise<void>;
  /** Hands the next new chat to the workflow-designer agent (the setup chat for a new playbook). */
  startWorkflowSetup(): void;
}
