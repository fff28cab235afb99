// The Workflows page's store actions and its Run now form: runs land in a new chat with the
// filled-in prompt, setup hands the next chat to the workflow designer, the form refuses what
// the server would, and the host's refusal lands on the field it names.
import type { Workflow, WorkflowSummary } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { argErrorsFromHost, argsToSend, checkArgs, initialArgs } from '../src/lib/workflow-form.js';
import { createAppStore } from '../src/state/store.js';
import { fakeHost } from './fakes.js';

const SUMMARY: WorkflowSummary = { name: 'weekly-brief', title: 'Weekly brief', description: '', params: ['topic', 'audience'], updated: '2026-12-01T10:00:00.000Z' };
const WORKFLOW: Workflow = {
  name: 'weekly-brief',
  title: 'Weekly brief',
  description: '',
  template: 'Write a weekly brief about {{topic}} for {{audience}}.',
  params: [
    { name: 'topic', description: 'What it is about', required: true },
    { name: 'audience', description: '', required: false, default: 'the team' },
  ],
  created: '2026-12-01T10:00:00.000Z',
  updated: '2026-12-01T10:00:00.000Z',
};
const RUN = { id: 'run-1', playbook: 'weekly-brief', time: '2026-12-01T11:00:00.000Z', args: { topic: 'hiring', audience: 'the team' }, prompt: 'Write a weekly brief about hiring for the team.' };

describe('workflows in the store', () => {
  it('loads the list, runs a playbook into a new chat with its prompt, and deletes one', async () => {
    const host = fakeHost({
      'workflows.list': () => ({ workflows: [SUMMARY] }),
      'workflows.run': () => RUN,
      'workflows.delete': () => ({ deleted: true as const }),
      'workspaces.list': () => ({ workspaces: [{ id: 'ws_1', name: 'w', path: '/w', addedAt: 1 }] }),
      'sessions.create': () => ({ id: 'ses_run', workspaceId: 'ws_1', title: '', directory: '/w', createdAt: 1, updatedAt: 1 }),
      'sessions.prompt': () => ({ accepted: true }),
    });
    const store = createAppStore(host);
    const { actions } = store.getState();
    await actions.loadWorkspaces();
    await actions.loadWorkflows();
    expect(store.getState().workflows).toEqual({ list: [SUMMARY], load: 'ready' });

    expect(await actions.runWorkflow('weekly-brief', { topic: 'hiring' })).toBe('ses_run');
    expect(host.calls.find((c) => c.method === 'workflows.run')?.params).toEqual({ name: 'weekly-brief', args: { topic: 'hiring' } });
    expect(host.calls.find((c) => c.method === 'sessions.prompt')?.params).toMatchObject({ sessionId: 'ses_run', text: RUN.prompt });

    await actions.deleteWorkflow('weekly-brief');
    expect(store.getState().workflows.list).toEqual([]);
  });

  it('keeps the list and says "error" when the server cannot be reached', async () => {
    const store = createAppStore(fakeHost({ 'workflows.list': () => Promise.reject(Object.assign(new Error('no server'), { code: 'WORKFLOWS_UNAVAILABLE' })) }));
    await expect(store.getState().actions.loadWorkflows()).rejects.toMatchObject({ code: 'WORKFLOWS_UNAVAILABLE' });
    expect(store.getState().workflows.load).toBe('error');
  });

  it('hands the next new chat to the workflow designer for a setup chat', () => {
    const store = createAppStore(fakeHost({}));
    store.getState().actions.startWorkflowSetup();
    expect(store.getState().chatAgents.draft).toBe('workflow-designer');
  });
});

describe('the Run now form', () => {
  it('starts at the defaults, refuses an empty required value and one over the limit, and sends only what is filled in', () => {
    const values = initialArgs(WORKFLOW);
    expect(values).toEqual({ topic: '', audience: 'the team' });
    expect(checkArgs(WORKFLOW, values)).toEqual({ topic: 'required' });
    expect(checkArgs(WORKFLOW, { topic: '   ', audience: '' })).toEqual({ topic: 'required' });
    expect(checkArgs(WORKFLOW, { topic: 'x'.repeat(20_001), audience: '' })).toEqual({ topic: 'tooLong' });
    expect(checkArgs(WORKFLOW, { topic: 'hiring', audience: '' })).toEqual({});
    expect(argsToSend(WORKFLOW, { topic: 'hiring', audience: '' })).toEqual({ topic: 'hiring' });
  });

  it('puts the host\'s refusal on the field it points at, and the rest above the buttons', () => {
    const refusal = { message: 'Cannot run "weekly-brief"', data: { issues: [{ pointer: '/args/topic', message: 'missing required argument topic' }, { pointer: '/args', message: 'unknown argument colour' }] } };
    expect(argErrorsFromHost(refusal)).toEqual({ fields: { topic: 'missing required argument topic' }, general: ['unknown argument colour'] });
    expect(argErrorsFromHost({ message: 'The workflows server did not answer.' })).toEqual({ fields: {}, general: ['The workflows server did not answer.'] });
  });
});
