// The chat's artifacts view in Chromium, against the real host, OpenCode and the bundled charts
// server: a chat that produced nothing says so; after the agent writes a file, edits it and draws
// a chart, "Artifacts" lists both with the answer that produced each, opens the file's content
// read-only and shows the chart. Keeps docs/images/artifacts-{light,dark}.png (see doc-screenshots.ts).
import type { Conversation, ScriptRule } from '@open-cowork/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotThemes } from './doc-screenshots.js';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const said = (c: Conversation) => c.toolResults.map((r) => r.content).join(' ').slice(0, 120);
function callThen(prompt: string, name: string, args: Record<string, unknown>): ScriptRule[] {
  return [
    { match: { lastUser: prompt, hasToolResults: false }, reply: { toolCalls: [{ name, arguments: args }] } },
    { match: { lastUser: prompt, hasToolResults: true }, reply: (c) => ({ text: `DONE(${prompt}): ${said(c)}` }) },
  ];
}

const RULES: readonly ScriptRule[] = [
  { match: { lastUser: 'Say hi' }, reply: { text: 'DONE(Say hi): hi.' } },
  ...callThen('Write the quarterly report', 'write', { filePath: 'report.md', content: '# Quarterly report\n\nSales rose.\n' }),
  ...callThen('Fix the report', 'edit', { filePath: 'report.md', oldString: 'Sales rose.', newString: 'Sales rose by 40% in the north.' }),
  ...callThen('Chart the sales', 'charts_render', {
    title: 'Sales by team',
    spec: {
      data: { values: [{ team: 'North', sales: 7 }, { team: 'South', sales: 5 }, { team: 'West', sales: 4 }] },
      mark: 'bar',
      encoding: { x: { field: 'team', type: 'nominal' }, y: { field: 'sales', type: 'quantitative' } },
    },
  }),
];

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`the artifacts view in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 240_000 }, () => {
  const e2e = useE2e({ rules: RULES, approval: 'auto' });

  async function send(page: Page, text: string): Promise<void> {
    await page.getByRole('textbox', { name: 'Message' }).fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(`DONE(${text})`).first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Send' }).waitFor();
  }

  it('lists what the chat produced, opens a file read-only and shows a chart; an empty chat says so', async () => {
    const page = await e2e().open('/');
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).isEnabled(), { timeout: 60_000 }).toBe(true);
    await send(page, 'Say hi');
    await page.waitForURL(/#\/chat\/[^/]+$/);

    // Nothing produced yet.
    await page.getByRole('button', { name: 'Artifacts', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Artifacts of this chat' });
    await dialog.getByText('Nothing yet. Files the agent writes or edits in this chat, and charts it draws, appear here.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The charts server must be up before the model calls it.
    await expect
      .poll(async () => (await e2e().api<{ mcps: { name: string; status: string }[] }>('capabilities.list')).mcps.find((m) => m.name === 'charts')?.status, { timeout: 90_000 })
      .toBe('connected');
    await send(page, 'Write the quarterly report');
    await send(page, 'Fix the report');
    await send(page, 'Chart the sales');

    await page.getByRole('button', { name: 'Artifacts', exact: true }).click();
    const list = dialog.getByRole('list', { name: 'What this chat produced' });
    const items = list.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    // Newest first: the chart, then the file (written, then edited: two changes).
    const chart = items.nth(0);
    const file = items.nth(1);
    await chart.getByText('Sales by team').waitFor();
    await chart.getByText('Answer to “Chart the sales”').waitFor();
    expect(await chart.textContent()).toMatch(/Chart\s*Drawn/);
    await file.getByText('report.md', { exact: true }).waitFor();
    await file.getByText('Answer to “Fix the report”').waitFor();
    expect(await file.textContent()).toMatch(/File\s*Edited · 2 changes/);

    // The file, read-only, as it is now on disk.
    await file.getByRole('button').click();
    const fileView = dialog.getByRole('region', { name: 'report.md' });
    await fileView.getByText('Read-only', { exact: true }).first().waitFor();
    const text = fileView.locator('pre.artifact-text');
    await expect.poll(() => text.textContent()).toBe('# Quarterly report\n\nSales rose by 40% in the north.\n');
    expect(await fileView.locator('textarea, input, [contenteditable="true"]').count()).toBe(0);

    // The chart, drawn from its saved SVG.
    await chart.getByRole('button').click();
    const image = dialog.getByRole('region', { name: 'Sales by team' }).getByRole('img', { name: 'Sales by team' });
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await screenshotThemes(e2e(), 'artifacts', page);
  });
});
