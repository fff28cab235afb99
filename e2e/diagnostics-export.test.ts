// Settings → About & diagnostics in Chromium, against the real host and runtime: the
// telemetry summary (on, its folder, no forwarding), and "Export diagnostics", which saves
// the host's bundle as a .json file: valid, with the config's secret masked and neither the
// secret nor the pairing token anywhere in it.
import { readFile } from 'node:fs/promises';
import type { DiagnosticsBundle } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const PLANTED = 'e2e-telemetry-header-SECRET-7f3a91';

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`diagnostics export in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 120_000 }, () => {
  const e2e = useE2e({
    // A secret at a secret pointer of the config (forwarding stays off, so nothing is sent).
    userConfig: { telemetry: { enabled: false, headers: { Authorization: `Bearer ${PLANTED}` } } },
  });

  it('shows telemetry and saves the bundle as a JSON file without secrets', async () => {
    const page = await e2e().open('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    const about = page.getByRole('region', { name: 'About & diagnostics' });
    await about.scrollIntoViewIfNeeded();

    const telemetry = about.getByRole('region', { name: 'Telemetry' });
    await telemetry.getByText('On, kept on this computer').waitFor();
    await telemetry.getByText('Not configured: nothing leaves this computer').waitFor();
    await telemetry.getByText(/telemetry$/).first().waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), about.getByRole('button', { name: 'Export diagnostics' }).click()]);
    const name = download.suggestedFilename();
    expect(name).toMatch(/^open-cowork-diagnostics-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.json$/);
    await page.getByRole('status').filter({ hasText: `Diagnostics saved as ${name}.` }).waitFor();
    const file = await download.path();
    const text = await readFile(file, 'utf8');
    const bundle = JSON.parse(text) as DiagnosticsBundle;
    expect(bundle.format).toBe('open-cowork-diagnostics/1');
    expect(bundle.runtime.state).toBe('ready');
    expect(bundle.telemetry.enabled).toBe(true);
    expect((bundle.config as { telemetry: { headers: Record<string, string> } }).telemetry.headers['Authorization']).toBe('••••••••');
    expect(text).not.toContain(PLANTED);
    expect(text).not.toContain(e2e().host.token);

    await about.evaluate((section) => section.scrollIntoView({ block: 'start' }));
    await e2e().screenshot('settings-diagnostics-export', page);
  });
});
