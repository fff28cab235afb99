// Tools & Skills in the browser, against the real host and runtime: the bundled MCP servers
// with their live status, and a custom server added, tested, trusted and removed through the
// page (the real stdio facts server, started by OpenCode after the reload).
import { factsMcpServerPath } from '@open-cowork/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const SECRET = 'e2e-PLAINTEXT-MARKER-31337';
const BUNDLED = ['clock', 'charts', 'knowledge', 'skills', 'agents', 'workflows'];

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`Tools & Skills in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 150_000 }, () => {
  /** When the custom server was removed (its reload must be over before the chat). */
  let removedAt = 0;
  const e2e = useE2e({
    rules: [
      {
        name: 'chart',
        match: { lastUser: 'Chart the sales', hasToolResults: false },
        reply: {
          toolCalls: [
            {
              name: 'charts_render',
              arguments: {
                title: 'Sales by team',
                spec: {
                  data: { values: [{ team: 'North', sales: 3 }, { team: 'South', sales: 5 }, { team: 'West', sales: 4 }] },
                  mark: 'bar',
                  encoding: { x: { field: 'team', type: 'nominal' }, y: { field: 'sales', type: 'quantitative' } },
                },
              },
            },
          ],
        },
      },
      { name: 'after chart', match: { lastUser: 'Chart the sales', hasToolResults: true }, reply: { text: 'Here is the chart: South sold the most.' } },
    ],
  });

  async function openTools(): Promise<Page> {
    const page = await e2e().open('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Tools & Skills', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tools & Skills' }).waitFor();
    return page;
  }

  const card = (page: Page, name: string) => page.getByRole('listitem', { name, exact: true });

  it('lists the bundled MCP servers and skills with their live status', async () => {
    const page = await openTools();
    for (const name of BUNDLED) await card(page, name).getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
    for (const skill of ['research-brief', 'data-analysis', 'meeting-notes']) await page.getByRole('heading', { level: 3, name: skill }).waitFor();
    await card(page, 'clock').getByRole('button', { name: 'Test clock' }).click();
    await card(page, 'clock').getByRole('status').filter({ hasText: /^Connected: 4 tools\./ }).waitFor();
    // The default agent can run the shell: its card never says nobody uses it.
    const shell = page.locator('li.card', { has: page.getByRole('heading', { level: 3, name: 'Shell', exact: true }) });
    await shell.getByText('Used by the default agent, as permissions allow').waitFor();
  });

  it('adds a custom server, tests it, trusts it and removes it', async () => {
    const page = await openTools();
    const before = e2e().apiResponses().length;
    await page.getByRole('button', { name: 'Add MCP server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an MCP server' });
    await dialog.getByLabel('Name').fill('facts');
    await dialog.getByLabel('Description').fill('Facts from the test fixture.');
    await dialog.getByLabel('Program').fill(process.execPath);
    await dialog.getByLabel('Arguments').fill(factsMcpServerPath());
    await dialog.getByLabel('Environment').fill(`FACTS_TOKEN=${SECRET}`);

    // A shell with -c is refused by the host, under the field it names.
    await dialog.getByLabel('Program').fill('/bin/sh');
    await dialog.getByLabel('Arguments').fill('-c\necho hi');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByRole('alert').filter({ hasText: /-c/ }).first().waitFor();
    // Chromium logs the refused call (422) as a console error: that one is expected.
    expect(e2e().takeProblems().map((problem) => problem.text)).toEqual([expect.stringContaining('422')]);
    await dialog.getByLabel('Program').fill(process.execPath);
    await dialog.getByLabel('Arguments').fill(factsMcpServerPath());

    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByRole('status').filter({ hasText: /^Connected: 2 tools\./ }).waitFor({ timeout: 30_000 });
    await e2e().screenshot('tools-add-mcp', page);
    await dialog.getByRole('button', { name: 'Add server' }).click();
    await dialog.waitFor({ state: 'detached' });

    const facts = card(page, 'facts');
    await facts.getByText('Added by you').waitFor();
    await facts.getByText('Asks first').waitFor();
    await facts.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });

    await facts.getByRole('button', { name: 'Trust facts' }).click();
    await facts.getByText('Trusted', { exact: true }).waitFor();
    await facts.getByRole('button', { name: 'Stop trusting facts' }).waitFor();
    await facts.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
    await facts.getByRole('button', { name: 'Test facts' }).click();
    await facts.getByRole('status').filter({ hasText: /^Connected: 2 tools\./ }).waitFor({ timeout: 30_000 });
    await facts.scrollIntoViewIfNeeded();
    await e2e().screenshot('tools-and-skills-custom', page);

    // The value went in and never came back out to the page.
    expect(await page.content()).not.toContain(SECRET);
    const { mcps } = await e2e().api<{ mcps: { name: string; custom?: { environmentKeys?: string[] } }[] }>('capabilities.list');
    expect(mcps.find((mcp) => mcp.name === 'facts')?.custom?.environmentKeys).toEqual(['FACTS_TOKEN']);
    expect(JSON.stringify(mcps)).not.toContain(SECRET);

    await facts.getByRole('button', { name: 'Remove facts' }).click();
    removedAt = Date.now();
    await page.getByRole('dialog', { name: 'Remove the MCP server "facts"?' }).getByRole('button', { name: 'Remove', exact: true }).click();
    await facts.waitFor({ state: 'detached' });
    expect(e2e().apiResponses().slice(before).filter((r) => r.path.startsWith('/api/mcps.')).map((r) => [r.path, r.status])).toEqual([
      ['/api/mcps.test', 422],
      ['/api/mcps.test', 200],
      ['/api/mcps.add', 200],
      ['/api/mcps.setTrust', 200],
      ['/api/mcps.test', 200],
      ['/api/mcps.remove', 200],
    ]);
  });

  it('shows a chart from the charts server inline in the chat', async () => {
    // Removing the custom server above reloads the runtime (a restart, or in place: a new `since`); chat once that is done.
    const settled = async () => {
      const status = await e2e().api<{ state: string; since?: number }>('runtime.status');
      return status.state === 'ready' && (status.since ?? 0) >= removedAt;
    };
    await expect.poll(settled, { timeout: 60_000 }).toBe(true);
    const page = await e2e().open('/');
    const composer = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => composer.isEnabled()).toBe(true);
    await composer.fill('Chart the sales');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Here is the chart: South sold the most.').waitFor({ timeout: 60_000 });
    const chart = page.getByRole('img', { name: 'Sales by team' });
    await chart.waitFor();
    expect(await chart.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await e2e().screenshot('chat-chart', page);
  });
});
