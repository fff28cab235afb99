// Debian's Chromium, driven by playwright-core, and where the built renderer lives. Shared by
// the e2e harness and the browser benchmarks (scripts/bench), so it imports nothing from
// vitest and needs no DOM types.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the renderer's Vite build lands (packages/app). */
export const RENDERER_DIST = path.join(REPO_ROOT, 'packages', 'app', 'dist');
export const CHROMIUM_PATH = process.env['OPEN_COWORK_CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Whether the renderer has been built. */
export function rendererBuilt(): boolean {
  return existsSync(path.join(RENDERER_DIST, 'index.html'));
}

/**
 * Launches Chromium with its profile-independent files (crash reports, caches) under `home`,
 * which also marks every process of this browser for a leak check that looks for `home`.
 */
export async function launchChromium(home: string, timeoutMs: number): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium, or set OPEN_COWORK_CHROMIUM); never run "playwright install".`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    timeout: timeoutMs,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') },
  });
}
