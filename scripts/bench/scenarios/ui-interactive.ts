import type { Page } from 'playwright-core';
import { startE2e, type E2e } from '../../../e2e/harness.js';
import type { Scenario } from '../runner.js';
import { requireBuiltRenderer } from './renderer-page.js';

const EMPTY_PAGE = 'data:text/html,<!doctype html><title>empty</title>';

/**
 * Opening the UI on a host that is ready (the real headless host with its runtime, serving the
 * built renderer) until Home is interactive: its composer takes typing. Baseline: an empty
 * page loaded in a fresh tab of the same Chromium. Target: ≤ 1 s.
 */
export function uiInteractiveScenario(): Scenario {
  let e2e: E2e;
  let page: Page | undefined;
  const closePage = async () => {
    await page?.close();
    page = undefined;
  };

  return {
    name: 'ui-interactive',
    description: 'open the UI on a ready host until Home is interactive vs an empty page load (target ≤ 1 s)',
    samples: 10,
    warmup: 2,
    setup: async () => {
      requireBuiltRenderer();
      e2e = await startE2e({ rules: [{ reply: { text: 'ok' } }] });
      return () => e2e.close();
    },
    baseline: {
      name: 'empty page in a fresh tab',
      run: async () => {
        page = await e2e.newPage();
        await page.goto(EMPTY_PAGE, { waitUntil: 'load' });
      },
      after: closePage,
    },
    variants: [
      {
        name: 'Home interactive in a fresh tab',
        run: async () => {
          page = await e2e.newPage();
          await page.goto(`${e2e.host.url}/#token=${e2e.host.token}`, { waitUntil: 'commit' });
          const composer = page.getByRole('textbox', { name: 'Message' });
          await composer.waitFor();
          await composer.fill('x');
        },
        after: closePage,
      },
    ],
  };
}
