import { bigSessionId, emptySessionId, LAST_MESSAGE_MARKER } from '../../../e2e/fake-host.js';
import type { Scenario, ScenarioResult } from '../runner.js';
import { openRendererPage, type RendererPage } from './renderer-page.js';

const MESSAGES = 10_000;
const SAMPLES = 10;
const WARMUP = 2;

/**
 * Opening a 10,000-message chat in Chromium: from the route change to the frame after the
 * last message's row is in the DOM (history fetched and parsed, transcript built, list
 * measured and scrolled to the end). Baseline: opening an empty chat the same way in the same
 * page. Each sample opens a session the page has not opened before (the renderer keeps
 * transcripts it has loaded), then goes back Home untimed.
 *
 * The host is the stand-in of e2e/fake-host.ts (a fake preload bridge answering with
 * generated history as JSON, parsed per call as the HTTP client would): no real runtime can
 * produce 10,000 messages on demand.
 */
export function chatOpen10kScenario(): Scenario {
  let renderer: RendererPage | undefined;
  let big = 0;
  let empty = 0;
  let rowsAtOpen = 0;

  const current = (): RendererPage => {
    if (renderer === undefined) throw new Error('chat-open-10k: the page is not open');
    return renderer;
  };
  const backHome = async () => {
    const { page } = current();
    await page.evaluate("location.hash = '#/'");
    await page.getByRole('heading', { level: 1, name: 'What should Open Cowork work on today?' }).waitFor();
    current().assertHealthy();
  };

  return {
    name: 'chat-open-10k',
    description: `open a ${MESSAGES.toLocaleString('en-US')}-message chat in Chromium until its last row is rendered vs. an empty chat`,
    samples: SAMPLES,
    warmup: WARMUP,
    setup: async () => {
      // One fresh session per round and variant, plus a spare.
      renderer = await openRendererPage({ messages: MESSAGES, bigSessions: SAMPLES + WARMUP + 1, emptySessions: SAMPLES + WARMUP + 1 });
      await backHome();
      return () => renderer?.close();
    },
    baseline: {
      name: 'open an empty chat',
      run: () => current().fake.openChat(emptySessionId(++empty)),
      after: backHome,
    },
    variants: [
      {
        name: `open a ${MESSAGES.toLocaleString('en-US')}-message chat`,
        run: () => current().fake.openChat(bigSessionId(++big), LAST_MESSAGE_MARKER),
        after: async () => {
          rowsAtOpen = await current().fake.renderedRows();
          await backHome();
        },
      },
    ],
    summary: (result: ScenarioResult) => {
      const [base, open] = result.variants;
      return (
        `  ${MESSAGES.toLocaleString('en-US')} messages open in ${open?.medianMs.toFixed(0)} ms at the median ` +
        `(empty chat: ${base?.medianMs.toFixed(0)} ms); ${rowsAtOpen} rows in the DOM after opening`
      );
    },
  };
}
