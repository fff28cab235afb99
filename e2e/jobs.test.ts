// The Jobs view in the browser, against the real host: a job started from the form runs in
// OpenCode in its own bubblewrap session (the scripted model answers), its card follows it to
// "Completed" with the end of its output and the session's workspace; a second, slow job is
// cancelled through the in-app confirmation and ends "Cancelled". Screenshots in light and dark.
import { dataDirTag, stopOwnSandboxes } from '@open-cowork/jobs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, UI_TIMEOUT_MS, useE2e } from './harness.js';

const ANSWER = 'Job answer: the notes are tidy now.';
const SLOW = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
const bwrap = process.platform === 'linux';

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt() || !bwrap)(`the Jobs view in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 240_000 }, () => {
  const e2e = useE2e({
    rules: [
      { name: 'quick job', match: { lastUser: 'Tidy the notes' }, reply: { text: ANSWER, paceMs: 20 } },
      { name: 'slow job', match: { lastUser: 'Count slowly' }, reply: { text: SLOW, paceMs: 300 } },
    ],
  });
  // Session servers stay up for later jobs (the host leaves them to the next host): this suite's go with it.
  afterAll(async () => {
    try {
      await stopOwnSandboxes(dataDirTag(e2e().host.dataDir));
    } catch {
      // the environment never started
    }
  });

  async function openJobs(): Promise<Page> {
    const page = await e2e().open('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    return page;
  }

  async function start(page: Page, prompt: string): Promise<void> {
    const form = page.getByRole('form', { name: 'Start a job' });
    await form.getByLabel('Task').fill(prompt);
    await form.getByRole('button', { name: 'Start job' }).click();
  }

  it('starts a job, follows it to its end with its output tail and workspace', async () => {
    const page = await openJobs();
    await page.getByText('No jobs yet.', { exact: false }).waitFor();
    await start(page, 'Tidy the notes, please.');
    const card = page.locator('.job-card[data-state="completed"]');
    await card.waitFor({ timeout: 180_000 });
    await card.getByLabel('The end of its output').getByText(ANSWER).waitFor({ timeout: UI_TIMEOUT_MS });
    await card.getByText('Completed', { exact: true }).waitFor();
    const [job] = (await e2e().api<{ jobs: { jobId: string; sessionId: string }[] }>('jobs.list')).jobs;
    expect(await card.getAttribute('data-job')).toBe(job!.jobId);
    await card.getByText(`${e2e().host.dataDir}/jobs`, { exact: false }).waitFor();
    // A finished job offers no Cancel.
    expect(await card.getByRole('button', { name: 'Cancel job' }).count()).toBe(0);
  });

  it('cancels a running job after the in-app confirmation', async () => {
    const page = await openJobs();
    await start(page, 'Count slowly to four hundred.');
    const card = page.locator('.job-card[data-state="running"]').first();
    await card.getByLabel('The end of its output').waitFor({ timeout: 180_000 });
    await card.getByRole('button', { name: 'Cancel job' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this job?' });
    await dialog.getByRole('button', { name: 'Cancel job' }).click();
    await page.locator('.job-card[data-state="cancelled"]').getByText('Cancelled', { exact: true }).waitFor({ timeout: 60_000 });
    const { jobs } = await e2e().api<{ jobs: { status: string; exitReason?: string }[] }>('jobs.list');
    expect(jobs.map((j) => j.status)).toEqual(['cancelled', 'completed']);
    expect(jobs[0]!.exitReason).toBe('cancelled');

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await e2e().screenshot(`jobs-${scheme}`, page);
    }
  });
});
