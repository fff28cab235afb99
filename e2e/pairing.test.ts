// Pairing that recovers, in the browser against the real host: the host is restarted (as a
// person restarting `open-cowork start` does, which issues a new token) while a tab is open.
// The tab must not sit on "Reconnecting…": its stream is refused (401), so it shows the pairing
// screen at once with how to get the new link, and the new link brings it back.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`pairing in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: BOOT_TIMEOUT_MS * 2 }, () => {
  const e2e = useE2e({ rules: [{ reply: { text: 'Back again. PAIRED_AGAIN' } }] });

  const pairingHeading = (page: Page) => page.getByRole('heading', { level: 1, name: /^Connect to your .* host$/ });

  it('a host restarted with a new token: the open tab shows the pairing screen, and the new link reconnects it', async () => {
    const page = await e2e().open('/');
    await page.getByRole('heading', { level: 1, name: 'What should Open Cowork work on today?' }).waitFor();
    const oldToken = e2e().host.token;

    // While the host is down and then refuses the old token, the page logs failed loads: expected here.
    const allowRefused = e2e().tolerate(/status of 401 \(Unauthorized\)|ERR_CONNECTION_REFUSED|status of 503/);
    const { token, url } = await e2e().restartHost();
    expect(token).not.toBe(oldToken);

    // Nothing done in the tab: it finds out by itself, and says what to do.
    await pairingHeading(page).waitFor({ timeout: 60_000 });
    const problem = page.getByRole('alert');
    await expect.poll(() => problem.textContent()).toMatch(/restarted \(every start issues a new token\)/);
    await expect.poll(() => problem.textContent()).toContain('Open UI');
    expect(await page.getByText(/Reconnecting/).count()).toBe(0);
    await e2e().screenshot('pairing-after-restart', page);

    // The old token is gone from the tab: a reload stays on the pairing screen.
    await page.reload({ waitUntil: 'load' });
    await pairingHeading(page).waitFor();

    // The new link, pasted, brings the tab back, and it works.
    await page.getByLabel('Pairing link or token').fill(`${url}/#token=${token}`);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { level: 1, name: 'What should Open Cowork work on today?' }).waitFor();
    allowRefused();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => composer.isEnabled()).toBe(true);
    await composer.fill('Are you there?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Back again. PAIRED_AGAIN').waitFor({ timeout: 60_000 });
  });
});
