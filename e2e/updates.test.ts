// Settings → Updates in the browser, against the real headless host (which has no updater, so
// it offers the manual link only). The feed is a private HTTPS folder on a closed loopback
// port: "Check for updates" really asks it, fails as "network", and the page shows the reason
// and the download link, and nothing of the feed's address.
import type { AppInfo, UpdateStatus } from '@open-cowork/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const FEED = 'https://127.0.0.1:9/private-feed';
const MANUAL = 'https://downloads.example.test/cowork';

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`updates in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 120_000 }, () => {
  const e2e = useE2e({
    userConfig: {
      updates: {
        enabled: true,
        manualFallbackUrl: MANUAL,
        releaseSource: { kind: 'generic-http', url: FEED, channel: 'beta', label: 'Acme private feed' },
      },
    },
  });

  async function openSettings(): Promise<Page> {
    const page = await e2e().open('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    return page;
  }

  it('shows the version, channel and feed label, checks the feed and falls back to the download link', async () => {
    const page = await openSettings();
    const section = page.getByRole('region', { name: 'Updates' });
    await section.scrollIntoViewIfNeeded();
    const info = await e2e().api<AppInfo>('app.info');
    await section.getByText(info.version, { exact: true }).waitFor();
    await section.getByText('beta', { exact: true }).waitFor();
    await section.getByText('Acme private feed', { exact: true }).waitFor();
    const status = section.getByRole('status', { name: 'Update status' });
    await status.getByText('Not checked yet.').waitFor();

    // The headless host installs nothing itself: a link, opened outside the app, never Download or Restart.
    const link = section.getByRole('link', { name: `Download from ${MANUAL}` });
    expect(await link.getAttribute('href')).toBe(MANUAL);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await section.getByRole('button', { name: 'Download' }).count()).toBe(0);
    expect(await section.getByRole('button', { name: 'Restart to update' }).count()).toBe(0);

    await section.getByRole('button', { name: 'Check for updates' }).click();
    await status.getByText('The update check did not work.').waitFor({ timeout: 30_000 });
    await status.getByText('The release feed could not be reached. Check your connection and try again.').waitFor();
    await section.getByRole('link', { name: `Download from ${MANUAL}` }).waitFor();
    expect(await section.textContent()).not.toContain('127.0.0.1');
    await e2e().screenshot('settings-updates', page);

    const after = await e2e().api<UpdateStatus>('updates.status');
    expect(after).toMatchObject({ state: 'error', reason: 'network', channel: 'beta', label: 'Acme private feed', inApp: false, manualUrl: MANUAL });
    expect(JSON.stringify(after)).not.toContain('private-feed');
    expect(e2e().apiResponses().filter((r) => r.path === '/api/updates.check').map((r) => r.status)).toEqual([200]);
  });
});
