// Workspace trust in the browser, against the real host and runtime: a workspace holding an
// OpenCode plugin and an opencode.json opens with the trust dialog listing them; "Trust
// folder" records the answer and, after the runtime's reload, the plugin loads (it writes a
// marker file when OpenCode imports it); the question is not asked again; Settings → Workspace
// trust lists the folder and "Revoke" takes the trust back. A second workspace answered
// "Don't trust" stays untrusted and is not asked about again either.
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RuntimeStatus, Workspace, WorkspacesListResult, WorkspacesTrustedResult } from '@open-cowork/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

/** A plugin that writes `loaded.log` into the workspace (two folders up from itself) when OpenCode imports it. */
const PLUGIN = [
  "import { appendFileSync } from 'node:fs';",
  "appendFileSync(new URL('../../loaded.log', import.meta.url), 'loaded\\n');",
  'export const Marker = async () => ({});',
  '',
].join('\n');

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`workspace trust in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 180_000 }, () => {
  const e2e = useE2e({
    rules: [{ name: 'hello', match: { lastUser: 'Say hello' }, reply: { text: 'Hello from a trusted folder.' } }],
    workspaceFiles: { 'README.md': '# e2e workspace\n', '.opencode/plugins/mark.js': PLUGIN, 'opencode.json': '{}\n' },
  });
  const folder = () => realpathSync(e2e().host.workspaceDir);
  const marker = () => path.join(e2e().host.workspaceDir, 'loaded.log');

  async function runtimeReady(): Promise<void> {
    await expect.poll(async () => (await e2e().api<RuntimeStatus>('runtime.status')).state, { timeout: 90_000 }).toBe('ready');
  }

  /** Waits for the reload a trust change asks for: a runtime ready since after `before`. */
  async function reloadedAfter(before: number): Promise<void> {
    await expect
      .poll(async () => {
        const status = await e2e().api<RuntimeStatus>('runtime.status');
        return status.state === 'ready' && (status.since ?? 0) > before;
      }, { timeout: 90_000 })
      .toBe(true);
  }

  it('asks once, listing what was found; "Trust folder" loads the plugin after the reload', async () => {
    const page = await e2e().open('/');
    const dialog = page.getByRole('dialog', { name: 'Trust "workspace"?' });
    await dialog.waitFor();
    const own = dialog.getByRole('region', { name: `In this folder: ${folder()}` });
    await own.getByText('.opencode/plugins/mark.js', { exact: true }).waitFor();
    await own.getByText('Plugin (code)').waitFor();
    await own.getByText('opencode.json', { exact: true }).waitFor();
    await own.getByText('Settings file').waitFor();
    await e2e().screenshot('workspace-trust-dialog', page);
    expect(existsSync(marker())).toBe(false);

    const before = Date.now();
    await dialog.getByRole('button', { name: 'Trust folder' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'You trust "workspace"' }).waitFor();
    expect((await e2e().api<WorkspacesTrustedResult>('workspaces.trusted')).folders.map((f) => f.path)).toEqual([folder()]);

    // After the reload, a chat in the folder: OpenCode imports the plugin.
    await reloadedAfter(before);
    await page.getByRole('textbox', { name: 'Message' }).fill('Say hello');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Hello from a trusted folder.').waitFor({ timeout: 60_000 });
    await expect.poll(() => existsSync(marker()), { timeout: 60_000 }).toBe(true);

    // Asked once: a fresh page does not ask again.
    const again = await e2e().open('/');
    await again.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await again.getByRole('dialog', { name: /^Trust / }).count()).toBe(0);
  });

  it('Settings → Workspace trust lists the folder; "Revoke" takes the trust back', async () => {
    const page = await e2e().open('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    const section = page.getByRole('region', { name: 'Workspace trust' });
    await section.getByText(folder(), { exact: true }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await e2e().screenshot('workspace-trust-settings', page);

    const before = Date.now();
    await section.getByRole('button', { name: `Revoke trust in ${folder()}` }).click();
    await page.getByRole('status').filter({ hasText: `Trust in ${folder()} revoked` }).waitFor();
    await section.getByText('You trust no folder.').waitFor();
    expect((await e2e().api<WorkspacesTrustedResult>('workspaces.trusted')).folders).toEqual([]);
    const listed = (await e2e().api<WorkspacesListResult>('workspaces.list')).workspaces[0];
    expect(listed?.trust).toMatchObject({ trusted: false, ask: false });
    await reloadedAfter(before);
  });

  it('"Don\'t trust" records the answer for a second workspace; it is not asked about again', async () => {
    const second = path.join(path.dirname(e2e().host.workspaceDir), 'downloaded');
    mkdirSync(path.join(second, '.opencode', 'plugins'), { recursive: true });
    writeFileSync(path.join(second, '.opencode', 'plugins', 'mark.js'), PLUGIN);
    const added = await e2e().api<Workspace>('workspaces.add', { path: second, name: 'Downloaded' });
    expect(added.trust).toMatchObject({ trusted: false, ask: true });
    // Its first use makes the sandboxed runtime show the new folder (one restart); done here, so the page loads on a settled runtime.
    await e2e().api('sessions.list', { workspaceId: added.id });
    await runtimeReady();

    const page = await e2e().open('/');
    await switchTo(page, 'Downloaded');
    const dialog = page.getByRole('dialog', { name: 'Trust "Downloaded"?' });
    await dialog.getByRole('button', { name: "Don't trust" }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: '"Downloaded" stays untrusted' }).waitFor();
    // Nothing that loads changed: no reload.
    expect((await e2e().api<RuntimeStatus>('runtime.status')).state).toBe('ready');
    const listed = (await e2e().api<WorkspacesListResult>('workspaces.list')).workspaces.find((w) => w.id === added.id);
    expect(listed?.trust?.folders.find((f) => f.path === realpathSync(second))?.decision).toBe('untrusted');
    expect(listed?.trust?.ask).toBe(false);

    const again = await e2e().open('/');
    await expect.poll(() => again.locator('aside').getByRole('button', { name: /^Workspace: / }).getAttribute('aria-label')).toBe('Workspace: Downloaded');
    expect(await again.getByRole('dialog', { name: /^Trust / }).count()).toBe(0);
  });

  async function switchTo(page: Page, name: string): Promise<void> {
    const sidebar = page.locator('aside');
    await sidebar.getByRole('button', { name: /^Workspace: / }).click();
    await sidebar.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  }
});
