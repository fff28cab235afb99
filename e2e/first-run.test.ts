// First run in the browser: a fresh profile whose only provider needs an API key. The real
// host reports it as not connected, so the app opens its setup: pick the provider, type the
// key into the masked field (the runtime restarts with it), pick the model, and "Test
// connection" sends a real short prompt through OpenCode to the scripted model, which must
// receive the typed key. Finishing lands on Home with the configured greeting.
import type { ProvidersListResult, RuntimeStatus, Settings } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, delay, RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const API_KEY = 'sk-scripted-first-run-4f9c2e';
const TEST_REPLY = 'Connection confirmed: the scripted model can read you.';
const GREETING = 'What should Open Cowork work on today?';

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`first run in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 150_000 }, () => {
  const e2e = useE2e({
    rules: [{ name: 'connection test', match: { lastUser: 'Reply with one short sentence' }, reply: { text: TEST_REPLY, paceMs: 20 } }],
    // The whole user config: the scripted model as a custom provider whose descriptor declares
    // a required, secret `apiKey`, and no key anywhere in the config.
    userConfig: (model) => ({
      providers: {
        available: ['scripted'],
        defaultProvider: 'scripted',
        defaultModel: 'scripted-1',
        descriptors: {
          scripted: {
            runtime: 'custom',
            name: 'Scripted',
            description: 'The scripted test model, behind an API key.',
            credentials: [
              { key: 'apiKey', label: 'API key', description: 'Any key: the scripted model logs what it receives.', secret: true, required: true, placeholder: 'sk-scripted-…' },
            ],
            models: [{ id: 'scripted-1', name: 'Scripted One', limit: { context: 64_000 } }],
            defaultModel: 'scripted-1',
          },
        },
        custom: {
          scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: model.url }, models: { 'scripted-1': { name: 'Scripted One' } } },
        },
      },
    }),
  });

  /** Waits until a runtime instance other than `before` is ready (or, if none comes within 15 s, for `before` to be ready still). */
  async function waitForNewRuntime(before: RuntimeStatus): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const now = await e2e().api<RuntimeStatus>('runtime.status');
      if (now.state === 'ready' && (now.pid !== before.pid || Date.now() > deadline)) return;
      if (now.state === 'failed') throw new Error(`the runtime failed: ${now.reason ?? ''}`);
      await delay(100);
    }
  }

  it('provider → masked key → model → a real test prompt → Home with the greeting', async () => {
    // The host's view before anything is entered: offered, its required key unset, and so not
    // connected (a provider the runtime lists but cannot use must not count as connected).
    const before = await e2e().api<ProvidersListResult>('providers.list');
    const listed = JSON.stringify(before.providers.map((p) => ({ id: p.id, connected: p.connected })));
    expect(before.providers.find((p) => p.id === 'scripted'), listed).toMatchObject({
      connected: false,
      credentials: [{ key: 'apiKey', required: true, secret: true, set: false }],
    });
    expect(before.providers.filter((p) => p.connected), `no provider may be connected yet: ${listed}`).toEqual([]);

    const page = await e2e().open('/');
    await page.getByRole('heading', { level: 1, name: 'Set up Open Cowork' }).waitFor();

    // 1. Provider.
    await e2e().screenshot('first-run-provider', page);
    await page.getByRole('button', { name: /^Scripted/ }).click();

    // 2. The key, in a masked field; it never appears as text on the page.
    await page.getByRole('heading', { name: 'Connect Scripted' }).waitFor();
    const key = page.getByLabel('API key');
    expect(await key.getAttribute('type')).toBe('password');
    await expect.poll(() => page.getByRole('button', { name: 'Save and continue' }).isDisabled()).toBe(true);
    await key.fill(API_KEY);
    expect(await page.locator('body').innerText()).not.toContain(API_KEY);
    await e2e().screenshot('first-run-key', page);
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // The runtime restarts with the key; then the model step.
    await page.getByRole('heading', { name: 'Choose a model' }).waitFor({ timeout: BOOT_TIMEOUT_MS });
    const model = page.getByRole('radio', { name: /Scripted One/ });
    await model.check();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();

    // 3. Test connection: a real short prompt through OpenCode to the scripted model.
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('The model answered:').waitFor({ timeout: 90_000 });
    await page.getByText(TEST_REPLY).waitFor();
    const request = await e2e().model.waitForRequest((r) => !r.isTitleRequest && r.lastUserText.includes('Reply with one short sentence'), 1_000);
    expect(request.model).toBe('scripted-1');
    expect(request.headers['authorization'], 'the typed key reaches the provider').toBe(`Bearer ${API_KEY}`);
    await e2e().screenshot('first-run', page);

    // 4. Finish → Home with the configured greeting. Finishing saves the model, and the host
    // restarts the runtime for it ("the runtime restarts when its configuration changes").
    const runtimeBefore = await e2e().api<RuntimeStatus>('runtime.status');
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('heading', { level: 1, name: GREETING }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Home', exact: true }).waitFor();

    // The host agrees: connected, the key stored and only ever shown masked, the model chosen.
    const after = await e2e().api<ProvidersListResult>('providers.list');
    const scripted = after.providers.find((p) => p.id === 'scripted');
    expect(scripted?.connected).toBe(true);
    expect(scripted?.credentials[0]?.set).toBe(true);
    expect(scripted?.credentials[0]?.value).not.toContain(API_KEY.slice(4, -4));
    expect((await e2e().api<Settings>('settings.get')).model).toBe('scripted/scripted-1');

    // A reload goes straight to Home: the first run is over. (Reloaded once the restart is
    // over: a page that boots while the runtime restarts fails to load its sessions.)
    await waitForNewRuntime(runtimeBefore);
    const again = await e2e().open('/');
    await again.getByRole('heading', { level: 1, name: GREETING }).waitFor();
    expect(await again.getByRole('heading', { name: 'Set up Open Cowork' }).count()).toBe(0);
  });
});
