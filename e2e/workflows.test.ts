// The Workflows page in Chromium against the real host, runtime and bundled workflows server,
// with the scripted model: the empty page; "New workflow" opens Home with the workflow designer
// chosen, and that agent (its instructions reach the model) saves a playbook with the workflows
// tools; the playbook is listed; "Run now" refuses a missing required value, then sends the
// filled-in prompt to a new chat where the model's answer appears; History lists the run. With
// the stand-in host, which has no workflows server, the page shows why it has nothing to list.
import type { WorkflowRun } from '@open-cowork/contracts';
import type { ScriptRule } from '@open-cowork/testing';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotThemes } from './doc-screenshots.js';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e, useFakeHost } from './harness.js';

/** A phrase of the workflow-designer agent's instructions (open-cowork.config.json). */
const DESIGNER_INSTRUCTIONS = 'Help the user turn a recurring task into a workflow playbook';
const SETUP_REQUEST = 'Make my weekly brief a workflow';
const RUN_PROMPT = 'Write a weekly brief about hiring for the leadership team.';
const RUN_ANSWER = 'Weekly brief: hiring is on track. WORKFLOW_RUN_ANSWER';

const fromDesigner = (messages: readonly { role: string; content?: unknown }[]): boolean =>
  messages.some((m) => m.role === 'system' && JSON.stringify(m.content ?? '').includes(DESIGNER_INSTRUCTIONS));

const RULES: readonly ScriptRule[] = [
  {
    name: 'designer saves',
    match: { when: (c) => fromDesigner(c.messages), lastUser: SETUP_REQUEST, hasToolResults: false },
    reply: {
      toolCalls: [
        {
          name: 'workflows_save',
          arguments: {
            name: 'weekly-brief',
            title: 'Weekly brief',
            description: 'A short brief on one topic for one audience.',
            template: 'Write a weekly brief about {{topic}} for {{audience}}.',
            params: [
              { name: 'topic', description: 'What the brief is about' },
              { name: 'audience', description: 'Who reads it', default: 'the team' },
            ],
          },
        },
      ],
    },
  },
  { name: 'designer confirms', match: { when: (c) => fromDesigner(c.messages), hasToolResults: true }, reply: { text: 'Saved the Weekly brief workflow.' } },
  { name: 'run', match: { lastUser: RUN_PROMPT }, reply: { text: RUN_ANSWER } },
];

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`workflows page in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 180_000 }, () => {
  // The workflows tools ask before they run; this test is about the page, not approvals.
  const e2e = useE2e({ rules: RULES, approval: 'auto' });

  const card = (page: Page, title: string): Locator => page.getByRole('list', { name: 'Saved workflows' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });

  async function openWorkflows(page: Page): Promise<void> {
    await page.getByRole('navigation').getByRole('link', { name: 'Workflows', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
  }

  it('sets a workflow up in a chat with the workflow designer, runs it with values into a new chat, and lists the run', async () => {
    const page = await e2e().open('/');
    await openWorkflows(page);
    await page.getByRole('heading', { name: 'No workflows yet' }).waitFor();

    // New workflow: Home, with the designer chosen in the composer's agent picker.
    await page.getByRole('button', { name: 'New workflow' }).first().click();
    const picker = page.getByRole('combobox', { name: 'Agent' });
    await expect.poll(() => picker.inputValue()).toBe('workflow-designer');
    const composer = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => composer.isEnabled()).toBe(true);
    await composer.fill(SETUP_REQUEST);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Saved the Weekly brief workflow.').waitFor({ timeout: 90_000 });
    const designerRequest = await e2e().model.waitForRequest((r) => !r.isTitleRequest && r.lastUserText.includes(SETUP_REQUEST), 1_000);
    expect(fromDesigner(designerRequest.messages)).toBe(true);

    // The playbook the agent saved is listed.
    await openWorkflows(page);
    const brief = card(page, 'Weekly brief');
    await brief.waitFor();
    await brief.getByText('Parameters: topic, audience').waitFor();

    // Run now: a required value left empty is refused on its field; nothing is sent.
    await brief.getByRole('button', { name: 'Run now' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run “Weekly brief”' });
    const form = dialog.getByRole('form', { name: 'Values for this run' });
    await form.waitFor();
    const topic = form.getByRole('textbox', { name: /^topic/ });
    const audience = form.getByRole('textbox', { name: /^audience/ });
    expect(await audience.inputValue()).toBe('the team');
    await form.getByRole('button', { name: 'Run' }).click();
    await form.getByText('Fill this in; the workflow needs it.').waitFor();
    expect(await topic.getAttribute('aria-invalid')).toBe('true');
    expect(await e2e().api<{ runs: WorkflowRun[] }>('workflows.runs', { name: 'weekly-brief' })).toEqual({ runs: [] });
    await screenshotThemes(e2e(), 'workflows-run', page);

    // With the values: a new chat opens with the filled-in prompt and the model's answer.
    await topic.fill('hiring');
    await audience.fill('the leadership team');
    await form.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/#\/chat\//);
    await page.getByText(RUN_ANSWER).waitFor({ timeout: 90_000 });
    await page.getByText(RUN_PROMPT).first().waitFor();

    // History: the run, its values and the prompt it produced.
    await openWorkflows(page);
    await card(page, 'Weekly brief').getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('region', { name: 'Runs of Weekly brief' });
    await history.getByText('topic: hiring · audience: the leadership team').waitFor();
    const { runs } = await e2e().api<{ runs: WorkflowRun[] }>('workflows.runs', { name: 'weekly-brief' });
    expect(runs.map((run) => run.prompt)).toEqual([RUN_PROMPT]);
    await history.getByText('topic: hiring · audience: the leadership team').click();
    await history.getByText(RUN_PROMPT).waitFor();
    // The "Started" notice goes by itself; the screenshots show the page without it.
    await page.getByRole('status').filter({ hasText: 'Started “Weekly brief” in a new chat' }).waitFor({ state: 'detached' });
    await screenshotThemes(e2e(), 'workflows', page);
  });
});

describe.skipIf(!rendererBuilt())(`workflows page without a workflows server${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 60_000 }, () => {
  const fake = useFakeHost();

  it('says the workflows could not be loaded, and why', async () => {
    const page = await fake().open('/#/workflows');
    await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Workflows could not be loaded: The stand-in host has no workflows server.' }).waitFor();
    expect(await page.getByRole('list', { name: 'Saved workflows' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'No workflows yet' }).count()).toBe(0);
  });
});
