// Chat in the browser: the built renderer, served by the real host, talking to the real
// OpenCode runtime, which talks to the scripted model. Everything is found by accessible
// name (textbox "Message", button "Send", "Allow once", "Deny", …).
import type { Message } from '@open-cowork/contracts';
import type { ScriptRule } from '@open-cowork/testing';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { delay, RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const HELLO = 'Hello from the scripted model, streaming one word at a time so the page can show it growing. STREAM_DONE_1';
const LONG_END = 'LONG_REPLY_END';
const LONG = `${Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ')} ${LONG_END}`;

const CHAINED = 'echo hello && ls -1 | head -5';
const PARTIAL = 'PARTIAL_WORDS of an attempt that breaks off before it is done';
const RETRIED = 'RETRIED_ANSWER: the whole answer, from the second call.';

const RULES: readonly ScriptRule[] = [
  // The first call streams a few words slowly, then the connection drops; OpenCode retries.
  { name: 'cut once', match: { lastUser: 'Answer after a dropped connection' }, times: 1, reply: { fault: { type: 'cut', afterChunks: 8, text: PARTIAL }, paceMs: 300 } },
  { name: 'retried', match: { lastUser: 'Answer after a dropped connection' }, reply: { text: RETRIED } },
  {
    name: 'after tool',
    match: { hasToolResults: true },
    reply: (c) => ({ text: `Tool said: ${c.toolResults.map((r) => r.content).join(' ').trim()}` }),
  },
  { name: 'approved bash', match: { lastUser: 'Run the approved marker' }, reply: { toolCalls: [{ name: 'bash', arguments: { command: 'echo APPROVED_RUN_7', description: 'Print a marker' } }] } },
  { name: 'denied bash', match: { lastUser: 'Run the denied marker' }, reply: { toolCalls: [{ name: 'bash', arguments: { command: 'echo DENIED_RUN_9', description: 'Print a marker' } }] } },
  { name: 'chained bash', match: { lastUser: 'Run the chained command' }, reply: { toolCalls: [{ name: 'bash', arguments: { command: CHAINED, description: 'List a few files' } }] } },
  { name: 'refused', match: { lastUser: 'Ask for something refused' }, reply: { fault: { type: 'bad-request', message: 'REFUSED_BY_PROVIDER' } } },
  { name: 'long', match: { lastUser: 'Tell a long story' }, reply: { text: LONG, paceMs: 80 } },
  // Paced slowly enough that a loaded machine still shows it growing: OpenCode and the page
  // batch what arrives close together (CI at load 8 saw 100 ms per word arrive as one piece).
  { name: 'hello', match: { lastUser: 'Say hello' }, reply: { text: HELLO, paceMs: 350 } },
];

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`chat in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 120_000 }, () => {
  const e2e = useE2e({ rules: RULES });

  const composer = (page: Page): Locator => page.getByRole('textbox', { name: 'Message' });
  const transcript = (page: Page): Locator => page.getByRole('log').or(page.locator('.transcript')).first();

  /** Home, ready to type: the greeting and an enabled composer. */
  async function openHome(): Promise<Page> {
    const page = await e2e().open('/');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await expect.poll(() => composer(page).isEnabled()).toBe(true);
    return page;
  }

  /** Types `text` into the composer and presses Send. */
  async function send(page: Page, text: string): Promise<void> {
    await composer(page).fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
  }

  /** From Home: sends `text` and waits for the chat page of the new session. */
  async function startChat(page: Page, text: string): Promise<string> {
    await send(page, text);
    await page.waitForURL(/#\/chat\/[^/]+$/);
    return decodeURIComponent(new URL(page.url()).hash.replace(/^#\/chat\//, ''));
  }

  /** The response is over: no Stop button, the Send button is back. */
  async function waitIdle(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Send' }).waitFor();
  }

  it('Home: the greeting, the composer and the navigation', async () => {
    const page = await openHome();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('What should Open Cowork work on today?');
    const nav = page.getByRole('navigation');
    for (const name of ['Home', 'Agents', 'Tools & Skills', 'Settings']) {
      await nav.getByRole('link', { name, exact: true }).waitFor();
    }
    await expect.poll(() => page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await e2e().screenshot('home', page);
  });

  /**
   * Records, in the page, every text the transcript shows from now on. A sample taken from
   * here can miss a stream that a busy machine delivers in a few bursts; an observer sees each
   * rendered frame.
   */
  async function recordTranscript(page: Page): Promise<() => Promise<string[]>> {
    await page.evaluate(() => {
      const texts: string[] = [];
      (window as unknown as { transcriptTexts: string[] }).transcriptTexts = texts;
      new MutationObserver(() => {
        const text = document.querySelector('.transcript')?.textContent ?? '';
        if (text !== texts.at(-1)) texts.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    return () => page.evaluate(() => (window as unknown as { transcriptTexts: string[] }).transcriptTexts);
  }

  it('sends a prompt from Home: a session opens, the reply streams in and completes', async () => {
    const page = await openHome();
    const shown = await recordTranscript(page);
    const sessionId = await startChat(page, 'Say hello');
    expect(sessionId).not.toBe('');
    await page.getByText('Say hello', { exact: true }).first().waitFor();

    // The reply must be seen part-way, then whole.
    await page.getByText(HELLO).waitFor();
    const seen = (await shown()).filter((text) => text.includes('Hello from'));
    expect(seen.at(-1)).toContain(HELLO);
    expect(seen.some((text) => !text.includes('STREAM_DONE_1')), 'the reply was never seen part-way (did it stream?)').toBe(true);
    await waitIdle(page);
    await page.getByText(HELLO).waitFor();

    // The chat is listed in the sidebar, and the composer is ready for the next message.
    await expect.poll(() => page.getByRole('navigation').or(page.locator('aside')).first().locator(`a[href="#/chat/${encodeURIComponent(sessionId)}"]`).count()).toBeGreaterThan(0);
    await expect.poll(() => composer(page).isEnabled()).toBe(true);
    await e2e().screenshot('chat', page);
  });

  it('a tool call that needs approval: approval card → "Allow once" → tool output and the final answer', async () => {
    const page = await openHome();
    await startChat(page, 'Run the approved marker');
    const card = page.getByRole('group', { name: /^Allow bash\?$/ });
    await card.waitFor();
    await card.getByText('echo APPROVED_RUN_7').first().waitFor();
    for (const name of ['Allow once', 'Always allow', 'Deny']) await card.getByRole('button', { name, exact: true }).waitFor();
    await e2e().screenshot('chat-approval', page);

    await card.getByRole('button', { name: 'Allow once', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByText('Tool said: APPROVED_RUN_7').waitFor();
    await waitIdle(page);

    // The trace summary expands to the call, whose output is the command's.
    await page.getByRole('button', { name: /^Used 1 command/ }).click();
    const call = page.locator('.trace-calls details').first();
    await call.locator('summary').click();
    await call.getByRole('heading', { name: 'Output' }).waitFor();
    await expect.poll(() => call.locator('pre').allTextContents()).toContainEqual(expect.stringContaining('APPROVED_RUN_7'));
    await e2e().screenshot('chat-tool-output', page);
  });

  it('the approval card shows the exact command, whole, and what "Always allow" would match', async () => {
    const page = await openHome();
    const sessionId = await startChat(page, 'Run the chained command');
    const card = page.getByRole('group', { name: /^Allow bash\?$/ });
    await card.waitFor();

    // The command verbatim, in one block, in a monospace face: `&&` and `|` are kept.
    const command = card.getByLabel('Command', { exact: true });
    await expect.poll(() => command.textContent()).toBe(CHAINED);
    expect(await command.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono/i);
    // Not cut into one line per command as OpenCode's patterns are.
    expect(await card.locator('pre').filter({ hasText: /^echo hello$/m }).count()).toBe(0);

    // The patterns "Always allow" would add are the request's own, each shown as written.
    const { requests } = await e2e().api<{ requests: { sessionId: string; always: string[] }[] }>('permissions.list', {});
    const always = requests.find((r) => r.sessionId === sessionId)?.always ?? [];
    expect(always.length).toBeGreaterThan(0);
    const shown = card.getByRole('list', { name: 'What "Always allow" matches' }).getByRole('listitem');
    await expect.poll(() => shown.allTextContents()).toEqual(always);
    await card.getByText(/"Always allow" runs this and, without asking again for the rest of this chat, anything matching:/).waitFor();
    await e2e().screenshot('chat-approval-command', page);

    await card.getByRole('button', { name: 'Allow once', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByText(/^Tool said: hello/).waitFor();
    await waitIdle(page);
  });

  it('"Deny": the refusal is shown, the command never runs, and the session stays usable', async () => {
    const page = await openHome();
    const sessionId = await startChat(page, 'Run the denied marker');
    const card = page.getByRole('group', { name: /^Allow bash\?$/ });
    await card.waitFor();
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByText(/rejected permission/i).first().waitFor();
    await waitIdle(page);
    await e2e().screenshot('chat-denied', page);

    // The command's output never appears (the card's own "echo DENIED_RUN_9" is gone with it).
    expect(await transcript(page).textContent()).not.toMatch(/Tool said: DENIED_RUN_9|^DENIED_RUN_9$/m);
    const { messages } = await e2e().api<{ messages: unknown[] }>('sessions.messages', { sessionId });
    expect(JSON.stringify(messages)).not.toContain('Tool said: DENIED_RUN_9');

    // Same chat, next prompt: answered as usual.
    await send(page, 'Say hello again');
    await page.getByText(HELLO).waitFor();
    await waitIdle(page);
  });

  it('Escape stops a long streaming reply', async () => {
    const page = await openHome();
    await startChat(page, 'Tell a long story');
    await page.getByText(/word5\b/).first().waitFor();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await page.keyboard.press('Escape');
    await waitIdle(page);
    await page.getByText('Stopped', { exact: true }).first().waitFor();

    // Stopped for good: the text no longer grows, and the end of the reply never arrives.
    const stoppedAt = (await transcript(page).textContent()) ?? '';
    await delay(2_000);
    const later = (await transcript(page).textContent()) ?? '';
    expect(later.length).toBeLessThanOrEqual(stoppedAt.length + 40); // a last chunk in flight, at most
    expect(later).not.toContain(LONG_END);
    expect(later).toMatch(/word\d+/);
    await e2e().screenshot('chat-stopped', page);

    // The chat takes the next prompt.
    await send(page, 'Say hello after stopping');
    await page.getByText(HELLO).waitFor();
    await waitIdle(page);
  });

  it('a model call cut mid-stream and retried shows one answer: the partial words go when the retry starts', async () => {
    const page = await openHome();
    await startChat(page, 'Answer after a dropped connection');
    await page.getByText(/PARTIAL_WORDS/).first().waitFor(); // the failed attempt did stream
    await page.getByText(/^Retrying/).first().waitFor({ timeout: 60_000 });
    await page.getByText(RETRIED).waitFor({ timeout: 60_000 });
    await waitIdle(page);
    expect((await transcript(page).textContent()) ?? '').not.toContain('PARTIAL_WORDS');
    expect(await page.getByRole('article').filter({ hasText: RETRIED }).count()).toBe(1);
    await e2e().screenshot('chat-retried', page);
    // The same after a reload, from the history OpenCode kept.
    await page.reload({ waitUntil: 'load' });
    await page.getByText(RETRIED).waitFor();
    expect((await transcript(page).textContent()) ?? '').not.toContain('PARTIAL_WORDS');
  });

  it('the token meter: the context a one-message chat sent, and the same count after Stop', async () => {
    const page = await openHome();
    const sessionId = await startChat(page, 'Say hello for the meter');
    await page.getByText(HELLO).waitFor();
    await waitIdle(page);

    // What the model was sent and charged for: the scripted model counts a token per 4 characters of the request.
    const request = e2e().model.requests.filter((r) => !r.isTitleRequest && r.lastUserText === 'Say hello for the meter').at(-1)!;
    const promptTokens = Math.ceil(JSON.stringify(request.body).length / 4);
    const history = async () => (await e2e().api<{ messages: { info: Message }[] }>('sessions.messages', { sessionId })).messages;
    const answer = (await history()).find((m) => m.info.role === 'assistant')!.info;
    const { input, output, reasoning, cacheRead, cacheWrite } = answer.tokens!;
    const used = input + output + reasoning + cacheRead + cacheWrite;
    expect(Math.abs(input - promptTokens)).toBeLessThanOrEqual(promptTokens * 0.02);
    expect(output).toBe(Math.ceil(HELLO.length / 4));

    const meter = page.locator('.chat-header .usage');
    const exact = `${new Intl.NumberFormat('en').format(used)} context tokens`;
    const compact = `${new Intl.NumberFormat('en', { notation: 'compact' }).format(used)} context tokens`;
    await expect.poll(() => meter.getAttribute('title')).toBe(exact);
    expect(await meter.textContent()).toBe(compact);

    // A second answer stopped mid-stream reports no usage: the meter keeps the first one's, never 0.
    await send(page, 'Tell a long story');
    await page.getByText(/word5\b/).first().waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitIdle(page);
    await page.getByText('Stopped', { exact: true }).first().waitFor();
    const stopped = (await history()).at(-1)!.info;
    expect(stopped.role).toBe('assistant');
    expect(stopped.tokens === undefined || Object.values(stopped.tokens).every((n) => n === 0)).toBe(true);
    expect(await meter.getAttribute('title')).toBe(exact);
    expect(await meter.textContent()).toBe(compact);
    await e2e().screenshot('chat-token-meter-after-stop', page);

    // And after a reload, from the history alone.
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => meter.getAttribute('title')).toBe(exact);
  });

  it('the runtime killed mid-answer: the chat leaves the busy state, says why, and takes the next prompt', async () => {
    const page = await openHome();
    await startChat(page, 'Tell a long story');
    await page.getByText(/word5\b/).first().waitFor();
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    // While the runtime restarts, calls the page makes are answered 503 (not ready): expected here.
    const allow503 = e2e().tolerate(/status of 503 \(Service Unavailable\)/);
    const { pid } = await e2e().api<{ pid?: number }>('runtime.status');
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');

    await waitIdle(page);
    const failed = page.getByText(/The answer failed: The answer was cut off: .*exited unexpectedly \(killed by SIGKILL\)/);
    await failed.first().waitFor();
    expect(await failed.count()).toBe(1); // said once, on the answer, not again below it
    expect((await transcript(page).textContent()) ?? '').toMatch(/word5\b/);
    await e2e().screenshot('chat-runtime-killed', page);

    // Once the runtime is back, the same chat answers again.
    await expect.poll(async () => (await e2e().api<{ state: string }>('runtime.status')).state, { timeout: 90_000 }).toBe('ready');
    allow503();
    await send(page, 'Say hello after the crash');
    await page.getByText(HELLO).waitFor({ timeout: 60_000 });
    await waitIdle(page);
  });

  it('a refused answer says why once, not twice', async () => {
    const page = await openHome();
    await startChat(page, 'Ask for something refused');
    await waitIdle(page);
    const failed = page.getByText(/The answer failed: .*REFUSED_BY_PROVIDER/);
    await failed.first().waitFor();
    expect(await failed.count()).toBe(1);
    await e2e().screenshot('chat-refused', page);
  });

  it('"Summarize now" adds no empty message: the summary is marked, and no blank bubble appears', async () => {
    const page = await openHome();
    await startChat(page, 'Say hello');
    await page.getByText(HELLO).waitFor();
    await waitIdle(page);
    const bubbles = page.getByRole('article', { name: 'You' });
    expect(await bubbles.count()).toBe(1);
    await page.getByRole('button', { name: 'Summarize now' }).click();
    await page.getByText('Earlier messages were summarised').first().waitFor({ timeout: 60_000 });
    await waitIdle(page);
    await expect.poll(() => bubbles.allTextContents()).toEqual(['Say hello']);
    await e2e().screenshot('chat-summarized', page);
  });

  it('a chat without a title yet is "New chat", never OpenCode\'s timestamp name', async () => {
    const { workspaces } = await e2e().api<{ workspaces: { id: string }[] }>('workspaces.list');
    const session = await e2e().api<{ id: string; title: string }>('sessions.create', { workspaceId: workspaces[0]!.id });
    expect(session.title).toMatch(/\d{4}-\d{2}-\d{2}T/); // what OpenCode calls it until a title arrives
    const page = await e2e().open('/');
    await page.evaluate((id) => {
      window.location.hash = `#/chat/${encodeURIComponent(id)}`;
    }, session.id);
    const link = page.locator('aside').locator(`a[href="#/chat/${encodeURIComponent(session.id)}"]`);
    await expect.poll(() => link.locator('.session-title').textContent()).toBe('New chat');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('New chat');
    expect(await page.locator('body').textContent()).not.toMatch(/New session - \d{4}/);
  });

  it('deleting a chat asks in the app: "Cancel" keeps it, "Delete" removes it', async () => {
    const page = await openHome();
    const sessionId = await startChat(page, 'Say hello');
    await page.getByText(HELLO).waitFor();
    await waitIdle(page);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const ask = page.getByRole('dialog', { name: 'Delete this chat?' });
    await ask.getByText('The chat and its history are deleted for good.').waitFor();
    await e2e().screenshot('chat-delete-confirm', page);
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });
    await e2e().api('sessions.get', { sessionId }); // still there

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await ask.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL((url) => !url.hash.startsWith('#/chat/'));
    await expect(e2e().api('sessions.get', { sessionId })).rejects.toThrow(/404|NOT_FOUND/);
  });

  it('the sidebar\'s relative times move on with the clock', async () => {
    const page = await e2e().newPage();
    await page.clock.install(); // the page's clock, still running; fastForward jumps it
    await page.goto(`${e2e().host.url}/#token=${e2e().host.token}`, { waitUntil: 'load' });
    await page.getByRole('heading', { level: 1, name: 'What should Open Cowork work on today?' }).waitFor();
    await expect.poll(() => composer(page).isEnabled()).toBe(true);
    await send(page, 'Say hello');
    await page.waitForURL(/#\/chat\/[^/]+$/);
    await page.getByText(HELLO).waitFor();
    await waitIdle(page);
    const sessionId = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/chat\//, ''));
    const time = page.locator('aside').locator(`a[href="#/chat/${encodeURIComponent(sessionId)}"] .session-time`);
    await expect.poll(() => time.textContent()).toBe('now');
    await page.clock.fastForward('05:00');
    await expect.poll(() => time.textContent()).toBe('5 minutes ago');
    await page.close();
  });

  it('the navigation reaches Agents, Tools & Skills and Settings', async () => {
    const page = await openHome();
    const nav = page.getByRole('navigation');
    for (const [name, shot] of [
      ['Agents', 'agents'],
      ['Tools & Skills', 'tools-and-skills'],
      ['Settings', 'settings'],
    ] as const) {
      await nav.getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await e2e().screenshot(shot, page);
      if (name === 'Agents') {
        // The builder, as "New agent" opens it: the starter templates above the form.
        await page.getByRole('button', { name: 'New agent' }).click();
        await page.getByRole('heading', { level: 1, name: 'New agent' }).waitFor();
        await page.getByRole('button', { name: /^Research assistant/ }).waitFor();
        await e2e().screenshot('agents-new', page);
      }
    }
    await nav.getByRole('link', { name: 'Home', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'What should Open Cowork work on today?' }).waitFor();
  });
});
