// Agents in chat, in the browser against the real host and runtime: a custom agent created
// through the API is chosen with an `@` mention (completed by keyboard), OpenCode runs it (its
// instructions reach the model), the answer names it, and the chat keeps it across a reload.
// The pickers offer only agents that can own a chat (and the host refuses a subagent sent
// through the API); Home's picker hands a new chat to one.
import type { RuntimeStatus } from '@open-cowork/contracts';
import type { ScriptRule } from '@open-cowork/testing';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e, waitForRuntimeRestart } from './harness.js';

const MARKER = 'SCRIBE_SYSTEM_MARKER_42';
const SCRIBE_ANSWER = 'Release notes drafted. SCRIBE_ANSWER';
const DEFAULT_ANSWER = 'Answered without the scribe. DEFAULT_ANSWER';

/** Whether the request carries the scribe's instructions in its system prompt. */
const fromScribe = (messages: readonly { role: string; content?: unknown }[]): boolean =>
  messages.some((m) => m.role === 'system' && JSON.stringify(m.content ?? '').includes(MARKER));

const RULES: readonly ScriptRule[] = [
  { name: 'scribe', match: { when: (c) => fromScribe(c.messages) }, reply: { text: SCRIBE_ANSWER } },
  { name: 'other', reply: { text: DEFAULT_ANSWER } },
];

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`agents in chat in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 180_000 }, () => {
  const e2e = useE2e({ rules: RULES });

  beforeAll(async () => {
    const before = await e2e().api<RuntimeStatus>('runtime.status');
    await e2e().api('agents.save', {
      agent: { name: 'release-scribe', label: 'Release scribe', description: 'Writes release notes.', instructions: `You write release notes. ${MARKER}`, mode: 'primary', color: 'success' },
    });
    await e2e().api('agents.save', {
      agent: { name: 'lookup-helper', label: 'Lookup helper', description: 'Looks things up for other agents.', instructions: 'You look things up.', mode: 'subagent' },
    });
    await waitForRuntimeRestart(e2e(), before);
  }, BOOT_TIMEOUT_MS + 30_000);

  const composer = (page: Page): Locator => page.getByRole('textbox', { name: 'Message' });
  const agentPicker = (page: Page): Locator => page.getByRole('combobox', { name: 'Agent' });
  const mentionMenu = (page: Page): Locator => page.getByRole('listbox', { name: 'Agents' });

  async function openHome(): Promise<Page> {
    const page = await e2e().open('/');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await expect.poll(() => composer(page).isEnabled()).toBe(true);
    // The custom agents are listed once the agents have loaded.
    await expect.poll(() => agentPicker(page).locator('option').allTextContents()).toContain('Release scribe');
    return page;
  }

  async function waitIdle(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Send' }).waitFor();
  }

  const sessionIdOf = (page: Page): string => decodeURIComponent(new URL(page.url()).hash.replace(/^#\/chat\//, ''));

  it('offers only agents that can own a chat, in the picker and in the @ menu', async () => {
    const page = await openHome();
    const offered = await agentPicker(page).locator('option').allTextContents();
    expect(offered).toEqual(expect.arrayContaining(['Default agent', 'Build', 'Plan', 'Release scribe']));
    for (const subagent of ['Lookup helper', 'General', 'Explore']) expect(offered).not.toContain(subagent);

    await composer(page).click();
    await page.keyboard.type('@');
    const names = await mentionMenu(page).getByRole('option').allTextContents();
    expect(names.some((n) => n.startsWith('Release scribe'))).toBe(true);
    expect(names.some((n) => /Lookup helper|Explore|General/.test(n))).toBe(false);
    await page.keyboard.press('Escape');
    await mentionMenu(page).waitFor({ state: 'detached' });
    await expect.poll(() => composer(page).inputValue()).toBe('@');
  });

  it('an @mention picks a custom agent: OpenCode runs it, the answer names it, and the chat keeps it after a reload', async () => {
    const page = await openHome();
    await composer(page).click();
    await page.keyboard.type('Please @re');
    const menu = mentionMenu(page);
    await menu.waitFor();
    // Arrows move through the matches; Tab completes the highlighted one.
    const options = menu.getByRole('option');
    await expect.poll(() => options.first().textContent()).toMatch(/^Release scribe/);
    const count = await options.count();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => options.nth(count > 1 ? 1 : 0).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => options.first().getAttribute('aria-selected')).toBe('true');
    await e2e().screenshot('agents-mention-menu', page);
    await page.keyboard.press('Tab');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => composer(page).inputValue()).toBe('Please @release-scribe ');
    await expect.poll(() => agentPicker(page).inputValue()).toBe('release-scribe');

    await page.keyboard.type('draft the notes');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/chat\/[^/]+$/);
    const sessionId = sessionIdOf(page);
    await page.getByText(SCRIBE_ANSWER).waitFor();
    await waitIdle(page);

    // OpenCode ran the scribe: its instructions were the system prompt of the answering request.
    const answered = e2e().model.requests.filter((r) => !r.isTitleRequest && r.lastUserText.includes('draft the notes'));
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((r) => r.rule === 'scribe' && fromScribe(r.messages))).toBe(true);
    const { messages } = await e2e().api<{ messages: { info: { role: string; agent?: string } }[] }>('sessions.messages', { sessionId });
    expect(messages.filter((m) => m.info.role === 'user').map((m) => m.info.agent)).toEqual(['release-scribe']);

    // The answer says who wrote it.
    const answer = page.getByRole('article', { name: 'Assistant' }).filter({ hasText: SCRIBE_ANSWER });
    await answer.getByLabel('Answered by Release scribe').waitFor();
    await e2e().screenshot('agents-answer', page);

    // Reloaded, the chat still belongs to the scribe, and the next prompt goes to it.
    await page.reload({ waitUntil: 'load' });
    await page.getByText(SCRIBE_ANSWER).waitFor();
    await expect.poll(() => agentPicker(page).inputValue()).toBe('release-scribe');
    await page.getByRole('article', { name: 'Assistant' }).first().getByLabel('Answered by Release scribe').waitFor();
    await composer(page).fill('and the upgrade notes');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByText(SCRIBE_ANSWER).count(), { timeout: 60_000 }).toBe(2);
    await waitIdle(page);
    const second = e2e().model.requests.filter((r) => !r.isTitleRequest && r.lastUserText.includes('and the upgrade notes'));
    expect(second.length).toBeGreaterThan(0);
    expect(second.every((r) => fromScribe(r.messages))).toBe(true);
  });

  it('the host holds the rule too: a prompt sent straight to a subagent (or to no agent at all) is refused', async () => {
    const { workspaces } = await e2e().api<{ workspaces: { id: string }[] }>('workspaces.list');
    const session = await e2e().api<{ id: string }>('sessions.create', { workspaceId: workspaces[0]!.id });
    const before = e2e().model.requests.length;
    await expect(e2e().api('sessions.prompt', { sessionId: session.id, text: 'do it', agent: 'lookup-helper' })).rejects.toThrow(
      /answered 400: .*"BAD_REQUEST".*The agent \\"lookup-helper\\" is a subagent/,
    );
    await expect(e2e().api('sessions.prompt', { sessionId: session.id, text: 'do it', agent: 'no-such-agent' })).rejects.toThrow(/answered 400: .*There is no agent/);
    const { messages } = await e2e().api<{ messages: unknown[] }>('sessions.messages', { sessionId: session.id });
    expect(messages).toEqual([]);
    expect(e2e().model.requests.length).toBe(before);
  });

  it('Home hands a new chat to the agent chosen in its picker', async () => {
    const page = await openHome();
    await agentPicker(page).selectOption('plan');
    await composer(page).fill('Look at the plan only');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/#\/chat\/[^/]+$/);
    const sessionId = sessionIdOf(page);
    await page.getByText(DEFAULT_ANSWER).first().waitFor();
    await waitIdle(page);
    await page.getByRole('article', { name: 'Assistant' }).getByLabel('Answered by Plan').first().waitFor();
    await expect.poll(() => agentPicker(page).inputValue()).toBe('plan');
    const { messages } = await e2e().api<{ messages: { info: { role: string; agent?: string } }[] }>('sessions.messages', { sessionId });
    expect(messages.filter((m) => m.info.role === 'user').map((m) => m.info.agent)).toEqual(['plan']);
  });
});
