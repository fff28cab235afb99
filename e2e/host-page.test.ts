// The host's page in a real browser: served at / under the strict Content-Security-Policy,
// clean console, and /api guarded by the token while the page's own calls go through.
import { CONTENT_SECURITY_POLICY } from '@open-cowork/host';
import { describe, expect, it } from 'vitest';
import { delay, rendererBuilt, UI_TIMEOUT_MS, useE2e } from './harness.js';

const e2e = useE2e();

describe('the host page in Chromium', { timeout: 90_000 }, () => {
  it('serves / under the strict Content-Security-Policy with no console errors or CSP violations', async () => {
    const { host } = e2e();
    const page = await e2e().newPage();
    const response = await page.goto(`${host.url}/#token=${host.token}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    const headers = response!.headers();
    expect(headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    // The token travels in the fragment only: it never reaches the server as part of the URL.
    expect(response!.request().url()).not.toContain(host.token);

    await expect.poll(() => page.title(), { timeout: UI_TIMEOUT_MS }).not.toBe('');
    if (rendererBuilt()) {
      // The renderer mounts something with a name: at least one landmark or heading.
      await page.getByRole('main').or(page.getByRole('navigation')).first().waitFor({ state: 'visible' });
    } else {
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/is running$/);
    }
    // Let the page settle (late scripts, event stream) before the problem check.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await e2e().screenshot(rendererBuilt() ? 'host-page' : 'host-placeholder', page);
    expect(e2e().problems()).toEqual([]);
    await page.close();
  });

  it('enforces the policy, and the harness records the violation: an injected inline script does not run', async () => {
    const page = await e2e().open('/');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.head.append(script);
    });
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    // Seen through the page's own securitypolicyviolation event; taking the problems here keeps
    // this deliberate violation from failing the test.
    await expect.poll(() => e2e().problems().map((p) => p.kind), { timeout: UI_TIMEOUT_MS }).toContain('csp-violation');
    const recorded = e2e().takeProblems();
    expect(recorded.find((p) => p.kind === 'csp-violation')?.text).toMatch(/^script-src(-elem)? blocked inline/);
  });

  it('/api rejects a missing or wrong token from the browser, while calls with the token succeed', async () => {
    const { host } = e2e();
    const page = await e2e().open('/');
    if (rendererBuilt()) {
      // The renderer's own API calls (made with the token from the fragment) all succeed.
      await expect.poll(() => e2e().apiResponses().length, { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
      await delay(500);
      const failed = e2e().apiResponses().filter((r) => r.status >= 400);
      expect(failed).toEqual([]);
    }
    const seenBefore = e2e().apiResponses().length;

    const stop = e2e().tolerate(/status of 401/);
    try {
      const results = await page.evaluate(async (token) => {
        const call = async (headers: Record<string, string>) => {
          const response = await fetch('/api/workspaces.list', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
          return { status: response.status, body: (await response.json()) as unknown };
        };
        return {
          missing: await call({}),
          wrong: await call({ authorization: 'Bearer not-the-token' }),
          right: await call({ authorization: `Bearer ${token}` }),
          health: (await fetch('/api/health')).status,
          // EventSource cannot set headers: /api/events alone takes ?token=.
          events: await new Promise<string>((resolve) => {
            const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
            const timer = setTimeout(() => {
              source.close();
              resolve('timeout');
            }, 10_000);
            source.onopen = () => {
              clearTimeout(timer);
              source.close();
              resolve('open');
            };
            source.onerror = () => {
              clearTimeout(timer);
              source.close();
              resolve('error');
            };
          }),
        };
      }, host.token);
      expect(results.missing.status).toBe(401);
      expect(results.missing.body).toMatchObject({ error: { code: expect.any(String) as unknown } });
      expect(results.wrong.status).toBe(401);
      expect(results.right.status).toBe(200);
      expect(results.right.body).toMatchObject({ result: { workspaces: [{ path: host.workspaceDir }] } });
      expect(results.health).toBe(200);
      expect(results.events).toBe('open');
    } finally {
      stop();
    }
    const statuses = e2e().apiResponses().slice(seenBefore).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(statuses).toEqual(
      expect.arrayContaining(['POST /api/workspaces.list 401', 'POST /api/workspaces.list 200', 'GET /api/health 200', 'GET /api/events 200']),
    );
  });
});
