// The examples/downstream overlay ("Acme Cowork") in the browser: the real host loads it as
// the downstream layer (OPEN_COWORK_DOWNSTREAM_ROOT in the CLI's environment) and the page
// shows the overlay's name, logo, sidebar copy, greeting and colours. The overlay's own
// provider ("acme-router", wired through its {env:…} placeholders) points at the scripted
// model, so one prompt also proves the overlay's model wiring end to end.
import path from 'node:path';
import type { AppInfo } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, REPO_ROOT, reportRendererMissing, useE2e } from './harness.js';

const ROUTER_KEY = 'acme-router-key-e2e';
const REPLY = 'Acme router here: the overlay provider answers.';

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`the downstream overlay in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 120_000 }, () => {
  const e2e = useE2e({
    rules: [{ name: 'acme', match: { lastUser: 'Hello Acme' }, reply: { text: REPLY } }],
    env: (model) => ({
      OPEN_COWORK_DOWNSTREAM_ROOT: path.join(REPO_ROOT, 'examples', 'downstream'),
      ACME_ROUTER_URL: model.url,
      ACME_ROUTER_KEY: ROUTER_KEY,
    }),
    // No user settings at all: the overlay's providers stand as it ships them.
    userConfig: () => ({}),
  });

  it("shows the overlay's name, logo, sidebar copy, greeting and colours; its provider answers", async () => {
    const info = await e2e().api<AppInfo>('app.info');
    expect(info.name).toBe('Acme Cowork');
    expect(info.branding.sidebar?.top?.logoUrl).toMatch(/^data:image\/svg\+xml/);

    const page = await e2e().open('/');
    const greeting = page.getByRole('heading', { level: 1, name: 'Good to see you. What should Acme Cowork take on today?' });
    await greeting.waitFor();
    await expect.poll(() => page.title()).toBe('Acme Cowork');
    await page.getByText('Acme Cowork can read the Acme wiki, analyse data and draft documents with you.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).getAttribute('placeholder')).toBe('Ask Acme Cowork about Acme docs, data or code');
    await page.getByRole('heading', { name: 'Popular at Acme' }).waitFor();

    // The brand block: the logo-text variant, its logo actually decoded and drawn.
    const brand = page.getByRole('link', { name: 'Acme Cowork home' });
    await brand.waitFor();
    expect(await brand.getAttribute('data-variant')).toBe('logo-text');
    const logo = brand.locator('img');
    await expect
      .poll(() => logo.evaluate((img: HTMLImageElement) => ({ complete: img.complete, width: img.naturalWidth, height: img.naturalHeight })))
      .toEqual({ complete: true, width: 120, height: 40 });
    const box = await logo.boundingBox();
    expect(box?.height, 'mediaFit "vertical" fixes the height at mediaSize').toBe(36);
    expect(box?.width ?? 0).toBeGreaterThan(36); // a wide wordmark keeps its aspect ratio
    await brand.getByText('Cowork', { exact: true }).waitFor();
    await brand.getByText('Internal workspace', { exact: true }).waitFor();

    // The sidebar's lower note and its link.
    const sidebar = page.locator('aside');
    await sidebar.getByText('Acme internal build', { exact: true }).waitFor();
    await sidebar.getByText('Supported by the Platform team', { exact: true }).waitFor();
    const help = sidebar.getByRole('link', { name: 'Get help' });
    expect(await help.getAttribute('href')).toBe('https://help.acme.example/cowork');
    expect(await help.getAttribute('rel')).toContain('noopener');

    // Its status label and colours.
    await expect.poll(() => page.getByRole('status', { name: 'Runtime status' }).textContent()).toBe('Connected');
    await expect.poll(() => page.evaluate(() => document.documentElement.style.getPropertyValue('--color-accent'))).toBe('#d9480f');
    await e2e().screenshot('downstream-home', page);

    // The overlay's default provider answers through its {env:…}-wired base URL and key.
    await page.getByRole('textbox', { name: 'Message' }).fill('Hello Acme');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(REPLY).waitFor();
    const request = await e2e().model.waitForRequest((r) => !r.isTitleRequest && r.lastUserText.includes('Hello Acme'), 1_000);
    expect(request.model).toBe('acme-large');
    expect(request.headers['authorization']).toBe(`Bearer ${ROUTER_KEY}`);
    await page.getByRole('button', { name: 'Send' }).waitFor();
    await e2e().screenshot('downstream-chat', page);
  });
});
