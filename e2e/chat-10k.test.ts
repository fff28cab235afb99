// A 10,000-message session in the real renderer, in Chromium.
//
// THIS FILE USES A STAND-IN HOST ON PURPOSE. Every other e2e file drives the real host,
// OpenCode runtime and scripted model; here the built renderer is served by the host's static
// server (same CSP) but its `window.openCowork` preload bridge is a fake (e2e/fake-host.ts),
// so the renderer takes its IPC client path and `sessions.messages` answers with 10,000
// generated messages (mixed lengths, code blocks, tool calls, reasoning). Creating 10,000 real
// messages through OpenCode would take many minutes per run, and what is under test is the
// renderer — virtualization, measuring, markdown and scrolling under load — not the runtime.
// The fake's results are typed against the contract (`HostApi`), so they have the real shape.
//
// Timings are measured and printed, but only generous hang guards are asserted: this checks
// that the page does not lock up, not how fast a shared CI machine is.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIRST_MESSAGE_MARKER, LAST_MESSAGE_MARKER } from './fake-host.js';
import { delay, RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useFakeHost } from './harness.js';

const MESSAGES = 10_000;
/** Rows in the DOM at any time: a virtualized list keeps this near a screenful plus overscan. */
const MAX_ROWS = 100;
/** The longest the main thread may go without a frame while scrolling: a hang guard, not a budget. */
const MAX_FRAME_GAP_MS = 3_000;
const MAX_STEPS = 400;

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`a 10,000-message chat in Chromium (stand-in host)${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 180_000 }, () => {
  const e2e = useFakeHost({ fakeHost: { messages: MESSAGES } });

  const conversation = (page: Page): Locator => page.getByRole('region', { name: 'Conversation' });
  const message = (page: Page, marker: string): Locator => conversation(page).getByRole('article').filter({ hasText: marker });

  /** Whether `locator` intersects the conversation's visible area. */
  const inView = (locator: Locator): Promise<boolean> =>
    locator.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const view = el.closest('[role="region"]')?.getBoundingClientRect();
      return view !== undefined && box.height > 0 && box.bottom > view.top && box.top < view.bottom;
    });

  const scrollTop = (page: Page): Promise<{ top: number; max: number }> =>
    conversation(page).evaluate((el) => ({ top: el.scrollTop, max: el.scrollHeight - el.clientHeight }));

  /** Scrolls with the mouse wheel in steps of `step` px until the view reaches its top or bottom; returns the steps and the most rows seen. */
  async function wheelTo(page: Page, edge: 'top' | 'bottom', step: number): Promise<{ steps: number; maxRows: number }> {
    let steps = 0;
    let maxRows = 0;
    const box = await conversation(page).boundingBox();
    if (!box) throw new Error('the conversation has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (; steps < MAX_STEPS; steps += 1) {
      const { top, max } = await scrollTop(page);
      if (edge === 'top' ? top <= 0 : top >= max - 1) break;
      await page.mouse.wheel(0, edge === 'top' ? -step : step);
      // Let the page take the scroll and render (a frame), then count.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      maxRows = Math.max(maxRows, await e2e().fake.renderedRows());
    }
    return { steps, maxRows };
  }

  it('opens at the end, keeps the DOM small, scrolls to both ends by wheel and keyboard, and never locks up', async () => {
    const page = await e2e().open('/');
    await page.getByRole('heading', { level: 1, name: 'What should Open Cowork work on today?' }).waitFor();

    // Open the chat from the sidebar, as a person would.
    const opened = Date.now();
    await page.getByRole('list', { name: 'Chats' }).getByRole('link', { name: /^Ten thousand messages/ }).click();
    await message(page, LAST_MESSAGE_MARKER).waitFor();
    const openMs = Date.now() - opened;
    expect(await inView(message(page, LAST_MESSAGE_MARKER)), 'a chat opens at its latest message').toBe(true);
    const rowsAtOpen = await e2e().fake.renderedRows();
    expect(rowsAtOpen).toBeGreaterThan(0);
    expect(rowsAtOpen, 'rows in the DOM right after opening').toBeLessThan(MAX_ROWS);
    expect(await conversation(page).getByRole('article').count()).toBeLessThan(MAX_ROWS);
    await e2e().screenshot('chat-10k', page);

    // Everything below runs with a frame meter: a stalled main thread shows as a long gap.
    await e2e().fake.startFrames();

    // Up to the first message with the mouse wheel, in steps.
    const { top: bottomTop } = await scrollTop(page);
    const up = await wheelTo(page, 'top', Math.max(4_000, Math.ceil(bottomTop / 60)));
    await message(page, FIRST_MESSAGE_MARKER).waitFor();
    expect(await inView(message(page, FIRST_MESSAGE_MARKER)), 'the first message is visible at the top').toBe(true);
    expect(up.maxRows, 'rows in the DOM while wheeling up').toBeLessThan(MAX_ROWS);

    // To the end and back with the keyboard (the transcript is a focusable scroll region).
    await conversation(page).focus();
    await page.keyboard.press('End');
    // All the way down, even though the rows there are only measured once rendered.
    await expect.poll(async () => (await scrollTop(page)).max - (await scrollTop(page)).top).toBeLessThan(2);
    await expect.poll(async () => (await message(page, LAST_MESSAGE_MARKER).count()) > 0 && inView(message(page, LAST_MESSAGE_MARKER))).toBe(true);
    expect(await e2e().fake.renderedRows()).toBeLessThan(MAX_ROWS);
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('PageUp');
    await page.keyboard.press('Home');
    await expect.poll(async () => (await message(page, FIRST_MESSAGE_MARKER).count()) > 0 && inView(message(page, FIRST_MESSAGE_MARKER))).toBe(true);
    expect(await e2e().fake.renderedRows()).toBeLessThan(MAX_ROWS);

    // Down to the last message with the mouse wheel, in steps.
    const { max } = await scrollTop(page);
    const down = await wheelTo(page, 'bottom', Math.max(4_000, Math.ceil(max / 60)));
    await message(page, LAST_MESSAGE_MARKER).waitFor();
    expect(await inView(message(page, LAST_MESSAGE_MARKER)), 'the last message is visible at the bottom').toBe(true);
    expect(down.maxRows, 'rows in the DOM while wheeling down').toBeLessThan(MAX_ROWS);

    // The page answered throughout: frames kept coming, and it still answers now.
    const frames = await e2e().fake.stopFrames();
    console.log(
      `[chat-10k] opened in ${openMs} ms with ${rowsAtOpen} rows; wheel up ${up.steps} steps (≤${up.maxRows} rows), ` +
        `down ${down.steps} steps (≤${down.maxRows} rows); ${frames.frames} frames in ${Math.round(frames.ms)} ms ` +
        `(${frames.fps.toFixed(1)} fps), longest gap ${Math.round(frames.maxGapMs)} ms`,
    );
    expect(frames.frames).toBeGreaterThan(0);
    expect(frames.maxGapMs, 'the longest main-thread stall while scrolling (hang guard)').toBeLessThan(MAX_FRAME_GAP_MS);
    const answered = await Promise.race([page.evaluate(() => 'answered'), delay(5_000).then(() => 'hung')]);
    expect(answered).toBe('answered');
  });

  it('an answer streaming in at 2,000 events per second shows up as it arrives, and frames keep coming', async () => {
    const page = e2e().page;
    await message(page, LAST_MESSAGE_MARKER).waitFor();
    await conversation(page).focus();
    await page.keyboard.press('End'); // follow the end, where the answer appears
    const stats = await e2e().fake.countFrames(90, { sessionId: 'ses_big_1', perSecond: 2_000 });
    console.log(
      `[chat-10k] streamed ${stats.stream?.events} deltas (${Math.round(stats.stream?.perSecond ?? 0)}/s): ` +
        `${stats.frames} frames in ${Math.round(stats.ms)} ms (${stats.fps.toFixed(1)} fps), longest gap ${Math.round(stats.maxGapMs)} ms`,
    );
    expect(stats.stream?.events ?? 0).toBeGreaterThan(500);
    expect(stats.maxGapMs, 'the longest main-thread stall while streaming (hang guard)').toBeLessThan(MAX_FRAME_GAP_MS);
    // The answer is the newest message, complete with the stream's last words, in view.
    const answer = conversation(page).getByRole('article', { name: 'Assistant' }).last();
    // Every delta is one word: all of them arrived, in the rendered answer (besides the name of the agent that wrote it).
    const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;
    const byline = words(await answer.getByLabel('Answered by Build').innerText());
    await expect.poll(async () => words(await answer.innerText()) - byline).toBe(stats.stream?.events);
    expect(await inView(answer)).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Send' }).count()).toBe(1); // idle again: Stop is gone
    expect(await e2e().fake.renderedRows()).toBeLessThan(MAX_ROWS);
    await e2e().screenshot('chat-10k-streamed', page);
  });
});
