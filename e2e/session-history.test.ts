// Going back in a chat, in Chromium against the real host and OpenCode (its snapshots need a git
// workspace): the files a turn changed as a diff, export as Markdown and JSON, fork from a
// message, and revert to before a message — the file on disk restored — and its undo.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ScriptRule } from '@open-cowork/testing';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotThemes } from './doc-screenshots.js';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const RULES: readonly ScriptRule[] = [
  { name: 'after tool', match: { hasToolResults: true }, reply: { text: 'NOTES_APPENDED: the second line is in.' } },
  {
    name: 'append',
    match: { lastUser: 'Append the second line' },
    reply: { toolCalls: [{ name: 'bash', arguments: { command: "printf 'second line\\n' >> notes.txt", description: 'Append a line' } }] },
  },
];

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`chat history in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 240_000 }, () => {
  const e2e = useE2e({ rules: RULES, approval: 'auto', workspaceGit: true, workspaceFiles: { 'notes.txt': 'first line\n' } });
  const notes = () => readFileSync(path.join(e2e().host.workspaceDir, 'notes.txt'), 'utf8');

  async function fromMenu(page: Page, item: string): Promise<void> {
    await page.getByText('History', { exact: true }).click();
    await page.getByRole('button', { name: item, exact: true }).click();
  }

  async function downloaded(page: Page, item: string): Promise<{ name: string; text: string }> {
    const [download] = (await Promise.all([page.waitForEvent('download'), fromMenu(page, item)])) as [Download, void];
    const file = await download.path();
    return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
  }

  it('shows the changed files, exports, forks, reverts (restoring the file) and undoes the revert', async () => {
    const page = await e2e().open('/');
    const composer = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => composer.isEnabled()).toBe(true);
    await composer.fill('Append the second line');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/#\/chat\/[^/]+$/);
    const sessionId = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/chat\//, ''));
    await page.getByText(/^NOTES_APPENDED/).waitFor();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    expect(notes()).toBe('first line\nsecond line\n');

    // The diff of what the chat changed.
    await fromMenu(page, 'Changed files');
    const dialog = page.getByRole('dialog', { name: 'Files this chat changed' });
    const change = dialog.getByRole('region', { name: 'notes.txt' });
    await change.waitFor();
    await change.getByLabel('1 lines added, 0 removed').waitFor();
    await expect.poll(() => change.locator('.change-patch .added').allTextContents()).toContainEqual(expect.stringContaining('+second line'));
    await screenshotThemes(e2e(), 'chat-changes', page);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Export: Markdown to read, JSON with every part.
    const markdown = await downloaded(page, 'Export as Markdown');
    expect(markdown.name).toMatch(/\.md$/);
    expect(markdown.text).toMatch(/## You\n\nAppend the second line/);
    expect(markdown.text).toContain('NOTES_APPENDED: the second line is in.');
    expect(markdown.text).toContain('Used bash (completed)');
    const json = await downloaded(page, 'Export as JSON');
    const exported = JSON.parse(json.text) as { format: string; session: { id: string }; messages: { info: { role: string } }[] };
    expect(exported.format).toBe('open-cowork-session/1');
    expect(exported.session.id).toBe(sessionId);
    expect(exported.messages[0]?.info.role).toBe('user');
    expect(exported.messages.some((m) => m.info.role === 'assistant')).toBe(true);

    // Fork from the user's message: a new chat with the history before it (none), the original intact.
    await page.getByRole('button', { name: 'Fork from here' }).first().click();
    await page.waitForURL((url) => !url.hash.includes(encodeURIComponent(sessionId)) && url.hash.startsWith('#/chat/'));
    const forkId = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/chat\//, ''));
    const fork = await e2e().api<{ messages: unknown[] }>('sessions.messages', { sessionId: forkId });
    expect(fork.messages).toEqual([]);
    const original = await e2e().api<{ messages: unknown[] }>('sessions.messages', { sessionId });
    expect(original.messages.length).toBeGreaterThan(1);

    // Revert to before the message: hidden, the file restored; undo brings both back.
    await page.evaluate((hash) => (window.location.hash = hash), `#/chat/${encodeURIComponent(sessionId)}`);
    await page.getByText(/^NOTES_APPENDED/).waitFor();
    await page.getByRole('button', { name: 'Revert to here' }).first().click();
    await page.getByRole('status').filter({ hasText: /^Reverted: \d+ messages are hidden/ }).waitFor();
    await page.getByText(/^NOTES_APPENDED/).waitFor({ state: 'detached' });
    await expect.poll(notes).toBe('first line\n');
    await screenshotThemes(e2e(), 'chat-reverted', page);
    await page.getByRole('button', { name: 'Undo revert' }).click();
    await page.getByText(/^NOTES_APPENDED/).waitFor();
    await expect.poll(notes).toBe('first line\nsecond line\n');
  });
});
