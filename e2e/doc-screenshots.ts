// Screenshots of a screen in both colour schemes, for the docs: test-results/screenshots/<name>-light.png
// and -dark.png always; with OPEN_COWORK_UPDATE_DOC_IMAGES=1 also docs/images/<name>-{light,dark}.png,
// the copies the docs show (refresh them after a visible change to the screen).
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT, type BrowserSession } from './harness.js';

export const DOC_IMAGES_DIR = path.join(REPO_ROOT, 'docs', 'images');

/**
 * Takes `page` as it is in light, then in dark (the OS scheme, which the default "System"
 * appearance follows), and leaves the page light again.
 */
export async function screenshotThemes(session: Pick<BrowserSession, 'screenshot'>, name: string, page: Page): Promise<void> {
  const update = process.env['OPEN_COWORK_UPDATE_DOC_IMAGES'] === '1';
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator(`html[data-theme="${scheme}"]`).waitFor({ state: 'attached' });
    const file = await session.screenshot(`${name}-${scheme}`, page);
    if (update) {
      mkdirSync(DOC_IMAGES_DIR, { recursive: true });
      copyFileSync(file, path.join(DOC_IMAGES_DIR, `${name}-${scheme}.png`));
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
