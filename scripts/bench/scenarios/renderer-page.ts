import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, RENDERER_DIST, REPO_ROOT, rendererBuilt } from '../../../e2e/browser.js';
import { fakeControl, fakeHostScript, serveRenderer, type FakeHostOptions } from '../../../e2e/fake-host.js';

/** Fails with what to do when the renderer has not been built. */
export function requireBuiltRenderer(): void {
  if (!rendererBuilt()) {
    throw new Error(
      `${relative(REPO_ROOT, join(RENDERER_DIST, 'index.html'))} is missing: build the renderer first (npm run build:app; npm run bench does it).`,
    );
  }
}

export interface RendererPage {
  readonly page: Page;
  readonly fake: ReturnType<typeof fakeControl>;
  /** Console errors and uncaught exceptions of the page so far. */
  readonly problems: readonly string[];
  /** Throws if the page reported a problem (a benchmark of a broken page measures nothing). */
  assertHealthy(): void;
  close(): Promise<void>;
}

/**
 * The built renderer in Debian's Chromium with the stand-in host of e2e/fake-host.ts (a fake
 * `window.openCowork` bridge): for measuring the renderer under loads no real runtime can
 * produce on demand. Opens `route` and waits for the app to be up.
 */
export async function openRendererPage(fakeHost: FakeHostOptions, route = '/'): Promise<RendererPage> {
  requireBuiltRenderer();
  const root = mkdtempSync(join(tmpdir(), 'oc-bench-renderer-'));
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(root, { recursive: true, force: true })];
  const close = async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  };
  try {
    const server = await serveRenderer();
    cleanups.push(() => server.close());
    const browser = await launchChromium(root, 60_000);
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    context.setDefaultTimeout(60_000);
    await context.addInitScript({ content: fakeHostScript(fakeHost) });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(`${server.url}${route}`, { waitUntil: 'load' });
    // The shell is up once the navigation is (Home and chat both render it).
    await page.getByRole('navigation').waitFor();
    const result: RendererPage = {
      page,
      fake: fakeControl(page),
      problems,
      assertHealthy() {
        if (problems.length > 0) throw new Error(`the page reported problems:\n  ${problems.join('\n  ')}`);
      },
      close,
    };
    return result;
  } catch (error) {
    await close();
    throw error;
  }
}
