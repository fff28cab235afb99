// Settings → Privacy in Chromium against the real host: the telemetry switch turns usage events
// off and on (the host's answer and the user's config file follow, and a reload shows the saved
// state); with an administrator's managed value the switch is shown locked with the reason.
import type { TelemetrySwitch } from '@open-cowork/contracts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotThemes } from './doc-screenshots.js';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e, type E2e } from './harness.js';

if (!rendererBuilt()) reportRendererMissing();

async function openPrivacy(e2e: E2e): Promise<{ page: Page; toggle: Locator; section: Locator }> {
  const page = await e2e.open('/');
  await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  const section = page.getByRole('region', { name: 'Privacy' });
  const toggle = section.getByRole('switch', { name: 'Record usage events' });
  await toggle.waitFor();
  return { page, toggle, section };
}

const userFile = (e2e: E2e) => JSON.parse(readFileSync(path.join(e2e.host.dataDir, 'config.json'), 'utf8')) as { telemetry?: { collect?: boolean } };

describe.skipIf(!rendererBuilt())(`telemetry switch in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 120_000 }, () => {
  describe('for the user', () => {
    const e2e = useE2e({ rules: [] });

    it('switches usage events off and on through the host, kept in the user config file', async () => {
      const { toggle, section } = await openPrivacy(e2e());
      expect(await toggle.isChecked()).toBe(true);
      expect(await toggle.isEnabled()).toBe(true);
      await section.getByText(/Kept in your config file .*config\.json/).waitFor();

      await toggle.click();
      await e2e().page.getByRole('status').filter({ hasText: 'Usage events are no longer recorded' }).waitFor();
      expect(await e2e().api<TelemetrySwitch>('settings.telemetry')).toMatchObject({ on: false });
      expect(userFile(e2e()).telemetry).toEqual({ collect: false });

      // A fresh page reads the saved state.
      const again = await openPrivacy(e2e());
      expect(await again.toggle.isChecked()).toBe(false);
      await again.toggle.click();
      await e2e().page.getByRole('status').filter({ hasText: 'Usage events are recorded' }).waitFor();
      expect(await e2e().api<TelemetrySwitch>('settings.telemetry')).toMatchObject({ on: true });
      expect(userFile(e2e()).telemetry).toEqual({ collect: true });
    });
  });

  describe('under an administrator\'s policy', () => {
    const e2e = useE2e({ rules: [], managedConfig: { telemetry: { collect: false } } });

    it('shows the switch off and locked, with the reason', async () => {
      const { toggle, section } = await openPrivacy(e2e());
      expect(await toggle.isChecked()).toBe(false);
      expect(await toggle.isDisabled()).toBe(true);
      await section.getByRole('note').filter({ hasText: 'Your administrator manages this setting' }).waitFor();
      expect(await e2e().api<TelemetrySwitch>('settings.telemetry')).toMatchObject({ on: false, lockedBy: 'managed' });
      await section.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await screenshotThemes(e2e(), 'settings-privacy-managed', e2e().page);
    });
  });
});
