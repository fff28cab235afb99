// Settings in the browser, against the real host and runtime: a provider's "Test connection"
// sends a real short prompt through OpenCode to the scripted model and shows its answer;
// "Refresh catalog" asks the runtime again; About & diagnostics shows the versions, the
// runtime and the recent, redacted log, and "Copy diagnostics" puts them on the clipboard;
// the sandbox chosen there restarts the runtime in it, and the Runner line shows which gateway a
// runner of the data dir serves.
import type { Diagnostics, RuntimeStatus, Settings } from '@open-cowork/contracts';
import { removeRunnerRecord, writeRunnerRecord } from '@open-cowork/host';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const TEST_REPLY = 'Settings test: the scripted model hears you.';

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`settings in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 120_000 }, () => {
  const e2e = useE2e({
    rules: [{ name: 'connection test', match: { lastUser: 'Reply with one short sentence' }, reply: { text: TEST_REPLY, paceMs: 20 } }],
  });

  async function openSettings(): Promise<Page> {
    const page = await e2e().open('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    return page;
  }

  it('"Test connection" sends a real prompt with the provider\'s model and shows the answer', async () => {
    const page = await openSettings();
    const scripted = page.getByRole('region', { name: 'Scripted' });
    await scripted.getByRole('button', { name: 'Test connection' }).click();
    const result = scripted.getByRole('status').filter({ hasText: 'answered:' });
    await result.waitFor({ timeout: 90_000 });
    await result.getByText(TEST_REPLY).waitFor();
    expect(await result.textContent()).toContain('Scripted');
    const request = await e2e().model.waitForRequest((r) => !r.isTitleRequest && r.lastUserText.includes('Reply with one short sentence'), 1_000);
    expect(request.model).toBe('scripted-1');
    await scripted.scrollIntoViewIfNeeded();
    await e2e().screenshot('settings-test-connection', page);

    // The probe's scratch chat does not stay behind.
    await expect.poll(async () => (await page.locator('aside').getByRole('list', { name: 'Chats' }).count())).toBe(0);
  });

  it('"Refresh catalog" asks the runtime again', async () => {
    const page = await openSettings();
    await page.getByRole('button', { name: 'Refresh catalog' }).click();
    await page.getByRole('status').filter({ hasText: /^Catalog refreshed: 1 models from 1 connected providers\.$/ }).waitFor();
    expect(e2e().apiResponses().filter((r) => r.path === '/api/providers.refresh').map((r) => r.status)).toEqual([200]);
  });

  it('About & diagnostics: versions, the runtime, the redacted log and "Copy diagnostics"', async () => {
    const page = await openSettings();
    const about = page.getByRole('region', { name: 'About & diagnostics' });
    await about.scrollIntoViewIfNeeded();
    const diagnostics = await e2e().api<Diagnostics>('app.diagnostics');
    expect(diagnostics.versions.opencode).toMatch(/^\d+\.\d+\.\d+/);
    await about.getByText(diagnostics.versions.opencode!, { exact: true }).waitFor();
    await about.getByText(`${diagnostics.versions.platform} · ${diagnostics.versions.arch}`).waitFor();
    await about.getByText(diagnostics.dataDir, { exact: true }).waitFor();
    // The sandbox the runtime runs in (bubblewrap here), as the host reports it.
    expect(diagnostics.runtime.sandbox).toMatchObject({ backend: 'bwrap', strength: 'strong' });
    await about.getByText(diagnostics.runtime.sandbox!.description, { exact: true }).waitFor();
    // The host's own log lines and the runtime's, without the pairing token.
    expect(diagnostics.logs.some((line) => line.source === 'host' && line.message.startsWith('runtime ready'))).toBe(true);
    expect(JSON.stringify(diagnostics)).not.toContain(e2e().host.token);

    await about.getByText('Diagnostics', { exact: true }).click();
    const log = about.getByRole('region', { name: 'Diagnostics' }).or(about.locator('pre.log-lines'));
    await log.getByText(/runtime ready/).first().waitFor();
    await about.evaluate((section) => section.scrollIntoView({ block: 'start' }));
    await e2e().screenshot('settings-about', page);

    await e2e().context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e().host.url });
    await about.getByRole('button', { name: 'Copy diagnostics' }).click();
    await page.getByRole('status').filter({ hasText: 'Diagnostics copied to the clipboard.' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Host contract: 1');
    expect(copied).toContain(`OpenCode: ${diagnostics.versions.opencode}`);
    expect(copied).toMatch(/Recent log \(\d+ lines\):/);
    expect(copied).not.toContain(e2e().host.token);
  });

  it('About shows which gateway the data dir\'s runner serves, and "No runner" when none runs', async () => {
    const page = await openSettings();
    const about = page.getByRole('region', { name: 'About & diagnostics' });
    await about.scrollIntoViewIfNeeded();
    const runnerLine = about.locator('dt', { hasText: /^Runner$/ }).locator('xpath=following-sibling::dd[1]');
    await runnerLine.getByText('No runner', { exact: true }).waitFor();

    // The record `open-cowork runner` writes, by the same function, naming this (live) test process.
    const workspace = e2e().host.workspaceDir;
    await writeRunnerRecord(e2e().host.dataDir, { pid: process.pid, gateway: 'https://gateway.example/team', workspaces: { repo: workspace }, host: 'own', startedAt: Date.now() });
    try {
      await about.getByRole('button', { name: 'Reload' }).click();
      await runnerLine.getByText('https://gateway.example/team', { exact: true }).waitFor();
      await runnerLine.getByText(`for repo (${workspace})`).waitFor();
      await runnerLine.getByText(/^since /).waitFor();
      await about.evaluate((section) => section.scrollIntoView({ block: 'start' }));
      await e2e().screenshot('settings-runner', page);
    } finally {
      await removeRunnerRecord(e2e().host.dataDir);
    }
    await about.getByRole('button', { name: 'Reload' }).click();
    await runnerLine.getByText('No runner', { exact: true }).waitFor();
  });

  it('choosing "No sandbox" restarts the runtime unsandboxed, with a warning, and "Automatic" brings bubblewrap back', async () => {
    const page = await openSettings();
    const about = page.getByRole('region', { name: 'About & diagnostics' });
    await about.scrollIntoViewIfNeeded();
    const choice = about.getByRole('combobox', { name: 'Run the runtime in' });
    expect(await choice.inputValue()).toBe('auto');
    const sandboxed = (await e2e().api<RuntimeStatus>('runtime.status')).sandbox!;
    expect(sandboxed.backend).toBe('bwrap');
    await about.getByText(sandboxed.description, { exact: true }).waitFor();

    await choice.selectOption('none');
    await about.getByRole('note').filter({ hasText: 'Without a sandbox' }).waitFor();
    // The About summary follows the runtime once it restarted outside any sandbox.
    await about.getByText('Not sandboxed', { exact: true }).waitFor({ timeout: 60_000 });
    expect((await e2e().api<RuntimeStatus>('runtime.status')).sandbox).toMatchObject({ backend: 'none', strength: 'none' });
    await about.evaluate((section) => section.scrollIntoView({ block: 'start' }));
    await e2e().screenshot('settings-sandbox-none', page);

    await choice.selectOption('auto');
    await about.getByText('Not sandboxed', { exact: true }).waitFor({ state: 'detached', timeout: 60_000 });
    await about.getByText(sandboxed.description, { exact: true }).waitFor({ timeout: 60_000 });
    expect((await e2e().api<RuntimeStatus>('runtime.status')).sandbox?.backend).toBe('bwrap');
    expect(await about.getByRole('note').count()).toBe(0);
    const settings = await e2e().api<Settings>('settings.get');
    expect(settings.sandbox).toBe('auto');
  });
});
