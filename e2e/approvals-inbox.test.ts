// The approvals inbox in Chromium against the real host and OpenCode: requests from two chats
// wait in one place, the navigation counts them, each card shows the exact command, and an
// answer given in the inbox is the one the chat's tool call gets (it runs, or it is refused).
import type { ScriptRule } from '@open-cowork/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotThemes } from './doc-screenshots.js';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const FIRST = 'echo INBOX_FIRST_3 && ls -1 | head -2';
const SECOND = 'echo INBOX_SECOND_8';

const RULES: readonly ScriptRule[] = [
  { name: 'after tool', match: { hasToolResults: true }, reply: (c) => ({ text: `Tool said: ${c.toolResults.map((r) => r.content).join(' ').trim()}` }) },
  { name: 'first', match: { lastUser: 'Run the first inbox command' }, reply: { toolCalls: [{ name: 'bash', arguments: { command: FIRST, description: 'First marker' } }] } },
  { name: 'second', match: { lastUser: 'Run the second inbox command' }, reply: { toolCalls: [{ name: 'bash', arguments: { command: SECOND, description: 'Second marker' } }] } },
];

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`approvals inbox in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 180_000 }, () => {
  const e2e = useE2e({ rules: RULES });

  /** From Home: sends `text` and waits until the chat shows its approval card; returns the session id. */
  async function chatWaitingForApproval(page: Page, text: string): Promise<string> {
    await page.getByRole('link', { name: 'New chat' }).click();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => composer.isEnabled()).toBe(true);
    await composer.fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/#\/chat\/[^/]+$/);
    await page.getByRole('group', { name: 'Allow bash?' }).waitFor();
    return decodeURIComponent(new URL(page.url()).hash.replace(/^#\/chat\//, ''));
  }

  it('lists pending requests of every chat with a count in the navigation, and answers them there', async () => {
    const page = await e2e().open('/');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Approvals', exact: true }).waitFor();

    const first = await chatWaitingForApproval(page, 'Run the first inbox command');
    await nav.getByRole('link', { name: 'Approvals 1 waiting' }).waitFor();
    const second = await chatWaitingForApproval(page, 'Run the second inbox command');
    await nav.getByRole('link', { name: 'Approvals 2 waiting' }).click();
    await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();

    // One group per chat, each with its card and a way back to the chat; the command whole.
    const groups = page.locator('section.approvals-group');
    await expect.poll(() => groups.count()).toBe(2);
    const firstGroup = groups.filter({ has: page.locator(`a[href="#/chat/${encodeURIComponent(first)}"]`) });
    const secondGroup = groups.filter({ has: page.locator(`a[href="#/chat/${encodeURIComponent(second)}"]`) });
    await expect.poll(() => firstGroup.getByLabel('Command', { exact: true }).textContent()).toBe(FIRST);
    await expect.poll(() => secondGroup.getByLabel('Command', { exact: true }).textContent()).toBe(SECOND);
    await secondGroup.getByRole('link', { name: 'Open chat' }).waitFor();
    await screenshotThemes(e2e(), 'approvals-inbox', page);

    // "Allow once" here runs the first chat's command; "Deny" refuses the second's.
    await firstGroup.getByRole('button', { name: 'Allow once', exact: true }).click();
    await expect.poll(() => groups.count()).toBe(1);
    await nav.getByRole('link', { name: 'Approvals 1 waiting' }).waitFor();
    await secondGroup.getByRole('button', { name: 'Deny', exact: true }).click();
    await page.getByText('Nothing is waiting for you.').waitFor();
    await nav.getByRole('link', { name: 'Approvals', exact: true }).waitFor();
    const { requests } = await e2e().api<{ requests: unknown[] }>('permissions.list', {});
    expect(requests).toEqual([]);
    await e2e().screenshot('approvals-inbox-empty', page);

    // The chats carry on with those answers.
    await page.evaluate((hash) => (window.location.hash = hash), `#/chat/${encodeURIComponent(first)}`);
    await page.getByText(/^Tool said: INBOX_FIRST_3/).waitFor();
    await page.evaluate((hash) => (window.location.hash = hash), `#/chat/${encodeURIComponent(second)}`);
    await page.getByText(/rejected permission/i).first().waitFor();
    expect(await page.getByText(/Tool said: INBOX_SECOND_8/).count()).toBe(0);
  });
});
