// The Health page in Chromium against the real host and OpenCode: the runtime's state, version,
// sandbox and uptime, and each capability's readiness and origin (the scripted provider comes
// from the user's config file, the bundled servers and agents from the app's, "build" from
// OpenCode) — the same as app.health says.
import type { Health } from '@open-cowork/contracts';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotThemes } from './doc-screenshots.js';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`health page in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 120_000 }, () => {
  const e2e = useE2e({ rules: [] });

  const table = (page: Page, name: string): Locator => page.getByRole('table', { name });
  const row = (page: Page, tableName: string, name: string | RegExp): Locator => table(page, tableName).getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });

  it('shows the runtime and where each capability comes from, as the host reports them', async () => {
    const page = await e2e().open('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Health', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Health' }).waitFor();

    const health = await e2e().api<Health>('app.health', {});
    expect(health.runtime.state).toBe('ready');
    const runtime = page.getByRole('region', { name: 'Runtime' });
    await runtime.getByText('Ready', { exact: true }).waitFor();
    await runtime.getByText(health.runtime.version ?? 'missing version', { exact: true }).waitFor();
    await runtime.getByText(health.runtime.sandbox?.description ?? 'missing sandbox').waitFor();

    // The scripted provider is set up by the user's config file; it is connected.
    await expect.poll(() => row(page, 'Providers', /scripted/i).getByRole('cell').allTextContents()).toEqual(['Ready', 'Your config file']);
    // Bundled servers and agents come from the app's own config; "build" is OpenCode's.
    await expect.poll(() => row(page, 'MCP servers', 'clock').getByRole('cell').nth(1).textContent()).toBe('Built into the app');
    await expect.poll(() => row(page, 'Agents', /^Researcher/).getByRole('cell').allTextContents()).toEqual(['Ready', 'Built into the app']);
    await expect.poll(() => row(page, 'Agents', /^build|^Build/).getByRole('cell').nth(1).textContent()).toBe('OpenCode built-in');

    // Every capability the host reports has its row, with the same status.
    for (const kind of [['provider', 'Providers'], ['mcp', 'MCP servers'], ['skill', 'Skills'], ['agent', 'Agents']] as const) {
      const items = health.capabilities.filter((c) => c.kind === kind[0]);
      await expect.poll(() => table(page, kind[1]).locator('tbody tr').count()).toBe(items.length);
    }
    await screenshotThemes(e2e(), 'health', page);
  });
});
