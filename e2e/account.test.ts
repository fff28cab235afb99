// Settings → Account in Chromium against the real headless host, configured for Google sign-in.
// The headless host opens no browser of its own, so the page shows "Continue in your browser"
// with the sign-in link; the test then plays Google's redirect back to the host's loopback
// listener (with the link's own state, answering access_denied) and the page shows why the
// sign-in ended, through the auth.changed event. Nothing here reaches Google.
import type { AuthStatus } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`account in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 120_000 }, () => {
  const e2e = useE2e({
    userConfig: {
      allowedEnvPlaceholders: ['ACME_GOOGLE_OAUTH_CLIENT_ID', 'ACME_GOOGLE_OAUTH_CLIENT_SECRET'],
      auth: { mode: 'google-oauth', googleOAuth: { clientId: '{env:ACME_GOOGLE_OAUTH_CLIENT_ID}', clientSecret: '{env:ACME_GOOGLE_OAUTH_CLIENT_SECRET}' } },
    },
    env: { ACME_GOOGLE_OAUTH_CLIENT_ID: 'e2e-client.apps.googleusercontent.com', ACME_GOOGLE_OAUTH_CLIENT_SECRET: 'e2e-secret' },
  });

  it('starts a sign-in, shows the link, and reports a refusal from the browser', async () => {
    const page = await e2e().open('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    const account = page.getByRole('region', { name: 'Account' });
    await account.getByRole('button', { name: 'Sign in with Google' }).click();

    await account.getByRole('status').filter({ hasText: 'Continue in your browser' }).waitFor();
    const link = account.getByRole('link');
    const href = (await link.getAttribute('href'))!;
    const consent = new URL(href);
    expect(consent.origin).toBe('https://accounts.google.com');
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    await account.getByRole('button', { name: 'Copy link' }).waitFor();
    await e2e().screenshot('account-pending', page);

    // Google's answer when the user clicks "Cancel", sent to the host's loopback listener.
    const redirect = new URL(consent.searchParams.get('redirect_uri')!);
    redirect.searchParams.set('error', 'access_denied');
    redirect.searchParams.set('state', consent.searchParams.get('state')!);
    const landing = await fetch(redirect);
    expect(await landing.text()).toContain('close this tab');

    await account.getByRole('alert').filter({ hasText: 'Sign-in did not complete' }).filter({ hasText: 'access_denied' }).waitFor();
    await account.getByRole('button', { name: 'Sign in with Google' }).waitFor();
    const status = await e2e().api<AuthStatus>('auth.status');
    expect(status).toMatchObject({ mode: 'google-oauth', signedIn: false, pending: false, failure: { reason: 'denied' } });
    expect(JSON.stringify(status)).not.toContain('e2e-secret');
    await e2e().screenshot('account-refused', page);
  });
});
