// Workspace files in the browser, against the real host and runtime: "Attach files" lists the
// workspace (never .git or node_modules), a search narrows it, the chosen file goes with the
// prompt as a chip, OpenCode reads it and the scripted model receives its content, and the
// transcript shows the attachment on the user's message. Then the sidebar's workspace picker:
// a wrong folder is refused at the field, a real one is added and becomes current (its own,
// empty chat list), switching back shows the first workspace's chat, and the added one is
// removed again.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { WorkspacesListResult } from '@open-cowork/contracts';
import type { ScriptRule } from '@open-cowork/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const MARKER = 'ATTACHED_MARKER_7f3a';
const REPLY = 'I read the attached brief and found the marker.';

const RULES: readonly ScriptRule[] = [
  // Answers only when the file's content reached the model (OpenCode inlines text files it reads).
  { name: 'saw attachment', match: { when: (c) => JSON.stringify(c.messages).includes(MARKER) }, reply: { text: REPLY } },
];

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`workspace files and the workspace picker in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 120_000 }, () => {
  const e2e = useE2e({
    rules: RULES,
    workspaceFiles: {
      'README.md': '# e2e workspace\n',
      'notes/brief.md': `# Quarterly brief\n\n${MARKER}: revenue grew in every region.\n`,
      'notes/other.txt': 'unrelated\n',
      'node_modules/lib/index.js': 'module.exports = 1;\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
    },
  });

  async function openHome(): Promise<Page> {
    const page = await e2e().open('/');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).isEnabled()).toBe(true);
    return page;
  }

  it('attaches a workspace file to a prompt; the model receives its content and the chat shows it', async () => {
    const page = await openHome();
    await page.getByRole('button', { name: 'Attach files' }).click();
    const picker = page.getByRole('dialog', { name: /^Attach files from/ });
    await picker.waitFor();
    await picker.getByRole('checkbox', { name: 'notes/brief.md' }).waitFor();
    // Never the VCS folder or dependencies.
    const listed = await picker.getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => box.parentElement?.textContent ?? ''));
    expect(listed.join('\n')).not.toMatch(/node_modules|\.git/);
    expect(listed.some((text) => text.includes('README.md'))).toBe(true);

    await picker.getByRole('searchbox', { name: 'Search files' }).fill('brief');
    await expect.poll(() => picker.getByRole('checkbox').count()).toBe(1);
    await picker.getByRole('checkbox', { name: 'notes/brief.md' }).check();
    await e2e().screenshot('composer-attach', page);
    await picker.getByRole('button', { name: 'Done' }).click();
    await picker.waitFor({ state: 'detached' });

    const chips = page.getByRole('list', { name: 'Attached files' });
    await chips.getByText('brief.md').waitFor();
    await chips.getByRole('button', { name: 'Remove notes/brief.md' }).waitFor();

    await page.getByRole('textbox', { name: 'Message' }).fill('Summarise the attached brief');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/#\/chat\/[^/]+$/);
    await page.getByText(REPLY).waitFor();

    const request = await e2e().model.waitForRequest((r) => !r.isTitleRequest && r.rule === 'saw attachment', 5_000);
    expect(JSON.stringify(request.messages)).toContain(`${MARKER}: revenue grew in every region.`);

    // The user's message carries the attachment; the file's text itself is not shown as typed text.
    const mine = page.getByRole('article', { name: 'You' }).first();
    await mine.getByText('brief.md').waitFor();
    expect(await mine.textContent()).not.toContain(MARKER);
    expect(await page.getByRole('list', { name: 'Attached files' }).count()).toBe(0);
    await e2e().screenshot('chat-attachment', page);
  });

  it('switches, adds and removes workspaces from the sidebar', async () => {
    const page = await openHome();
    const sidebar = page.locator('aside');
    const picker = sidebar.getByRole('button', { name: /^Workspace: / });
    await expect.poll(() => picker.getAttribute('aria-label')).toBe('Workspace: workspace');
    // The chat of the first test is listed in this workspace.
    await sidebar.getByRole('list', { name: 'Chats' }).getByRole('link').first().waitFor();

    await picker.click();
    await sidebar.getByRole('group', { name: 'Workspaces' }).waitFor();
    expect(await sidebar.getByRole('button', { name: 'Remove workspace' }).isDisabled()).toBe(true);
    await e2e().screenshot('workspace-picker', page);
    await sidebar.getByRole('button', { name: 'Add workspace…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add workspace' });
    await dialog.waitFor();

    // A folder that does not exist: the host's refusal, at the field.
    const missing = path.join(path.dirname(e2e().host.workspaceDir), 'no-such-folder');
    const allowRefusal = e2e().tolerate(/status of 400 \(Bad Request\) \[http:\/\/[^\]]+\/api\/workspaces\.add\]/);
    await dialog.getByRole('textbox', { name: 'Folder path' }).fill(missing);
    await dialog.getByRole('button', { name: 'Add workspace' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'does not exist' }).waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Folder path' }).getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => dialog.getByRole('button', { name: 'Add workspace' }).isEnabled()).toBe(true);
    await e2e().screenshot('workspace-add-refused', page);
    allowRefusal();

    const second = path.join(path.dirname(e2e().host.workspaceDir), 'second-project');
    mkdirSync(second, { recursive: true });
    await dialog.getByRole('textbox', { name: 'Folder path' }).fill(second);
    await dialog.getByRole('textbox', { name: 'Name (optional)' }).fill('Second project');
    await dialog.getByRole('button', { name: 'Add workspace' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => picker.getAttribute('aria-label')).toBe('Workspace: Second project');
    await sidebar.getByText('No chats yet').waitFor();
    const { workspaces } = await e2e().api<WorkspacesListResult>('workspaces.list');
    expect(workspaces.map((w) => w.name)).toEqual(['workspace', 'Second project']);

    // New chats start in the current workspace: the attach picker lists the new, empty folder.
    await page.getByRole('button', { name: 'Attach files' }).click();
    await page.getByRole('dialog', { name: 'Attach files from Second project' }).getByText('No files match.').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: /^Attach files from/ }).waitFor({ state: 'detached' });

    // Back to the first workspace: its chat is listed again.
    await picker.click();
    await sidebar.getByRole('button', { name: /^workspace/ }).click();
    await expect.poll(() => picker.getAttribute('aria-label')).toBe('Workspace: workspace');
    await sidebar.getByRole('list', { name: 'Chats' }).getByRole('link').first().waitFor();

    // The choice survives a reload.
    await picker.click();
    await sidebar.getByRole('button', { name: /^Second project/ }).click();
    const again = await e2e().open('/');
    await expect.poll(() => again.locator('aside').getByRole('button', { name: /^Workspace: / }).getAttribute('aria-label')).toBe('Workspace: Second project');

    // Remove it (confirmed); the other becomes current.
    const sidebar2 = again.locator('aside');
    await sidebar2.getByRole('button', { name: /^Workspace: / }).click();
    await sidebar2.getByRole('button', { name: 'Remove Second project' }).click();
    const ask = again.getByRole('dialog', { name: 'Remove the workspace "Second project"?' });
    await ask.getByRole('button', { name: 'Remove', exact: true }).click();
    await ask.waitFor({ state: 'detached' });
    await expect.poll(() => sidebar2.getByRole('button', { name: /^Workspace: / }).getAttribute('aria-label')).toBe('Workspace: workspace');
    expect((await e2e().api<WorkspacesListResult>('workspaces.list')).workspaces.map((w) => w.name)).toEqual(['workspace']);
  });
});
