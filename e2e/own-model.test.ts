// "Your own model" in the browser, against the real host and runtime: Settings adds an
// OpenAI-compatible endpoint (a second scripted model): its models fetched, a real test
// prompt, Save; it shows as connected with its key masked, and a chat answers through it
// without a host restart. A hand edit of the user config file that breaks it shows what is
// wrong and where; a provider whose {env:…} base URL is unset shows "Needs setup" with the
// reason. A message sent while the runtime restarts waits, visibly, and is then answered.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const KEY = 'sk-e2e-own-4c1d9b7a22';
const OWN_REPLY = 'Your own endpoint answers.';
const WAITED_REPLY = 'Sent once the runtime was back.';

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`your own model in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 180_000 }, () => {
  const e2e = useE2e({ rules: [{ match: { lastUser: 'After the restart' }, reply: { text: WAITED_REPLY } }] });
  let own: ScriptedModel;

  beforeAll(async () => {
    own = await startScriptedModel({ models: ['own-large', 'own-small'], rules: [{ match: { lastUser: 'Hello own model' }, reply: { text: OWN_REPLY } }] });
  });
  afterAll(async () => {
    await own?.close();
  });

  const userFile = () => path.join(e2e().host.dataDir, 'config.json');

  async function openSettings(): Promise<Page> {
    const page = await e2e().open('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    return page;
  }

  it('adds an OpenAI-compatible endpoint: fetch its models, test it, save, and chat with it', async () => {
    const page = await openSettings();
    const form = page.getByRole('form', { name: 'Add your own model' });
    await form.scrollIntoViewIfNeeded();
    await form.getByLabel('Name').fill('Own endpoint');
    await form.getByLabel('Base URL').fill(own.url);
    await form.getByLabel('API key').fill(KEY);
    await form.getByRole('button', { name: 'Fetch models' }).click();
    await form.getByRole('status').filter({ hasText: 'The endpoint lists 2 models.' }).waitFor();
    expect(await form.getByLabel('Models').inputValue()).toBe('own-large\nown-small');

    await form.getByRole('button', { name: 'Test', exact: true }).click();
    await form.getByRole('status').filter({ hasText: 'own-large answered:' }).waitFor({ timeout: 60_000 });
    expect(own.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${KEY}`);

    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('status').filter({ hasText: 'Own endpoint is saved and ready to use.' }).waitFor();
    const card = page.getByRole('region', { name: 'Own endpoint' });
    await card.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
    expect(await card.getByLabel('API key').getAttribute('placeholder')).not.toContain(KEY);
    expect(await page.content()).not.toContain(KEY);
    await card.scrollIntoViewIfNeeded();
    await e2e().screenshot('own-model-saved', page);

    // A chat with the new model, through OpenCode, without restarting the host.
    await page.getByRole('navigation').getByRole('link', { name: 'Home', exact: true }).click();
    await page.getByRole('combobox', { name: 'Model' }).selectOption('own-endpoint/own-large') // the id comes from the name;
    await page.getByRole('textbox', { name: 'Message' }).fill('Hello own model');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(OWN_REPLY).waitFor({ timeout: 90_000 });
    const asked = own.requests.find((request) => request.lastUserText === 'Hello own model');
    expect(asked?.headers['authorization']).toBe(`Bearer ${KEY}`);
  });

  it('shows what is wrong with a broken hand edit of the config file, and "Needs setup" for an unset {env:…} base URL', async () => {
    const page = await openSettings();
    const good = readFileSync(userFile(), 'utf8');
    writeFileSync(userFile(), '{ "providers": { "available": 7 } }');
    const alert = page.getByRole('alert').filter({ hasText: 'Your config file was not applied' });
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain('/providers/available');
    await alert.scrollIntoViewIfNeeded();
    await e2e().screenshot('own-model-config-problem', page);

    const fixed = JSON.parse(good) as { providers: { available: string[]; custom: Record<string, unknown> } };
    fixed.providers.available.push('acme');
    fixed.providers.custom['acme'] = { npm: '@ai-sdk/openai-compatible', name: 'Acme gateway', options: { baseURL: '{env:ACME_E2E_BASE_URL}' }, models: { m: {} } };
    writeFileSync(userFile(), JSON.stringify({ ...fixed, allowedEnvPlaceholders: ['ACME_E2E_BASE_URL'] }, null, 2));
    await alert.waitFor({ state: 'detached', timeout: 30_000 });
    const acme = page.getByRole('region', { name: 'Acme gateway' });
    await acme.getByText('Needs setup', { exact: true }).waitFor({ timeout: 30_000 });
    await acme.getByText('the environment variable ACME_E2E_BASE_URL is not set').waitFor();
    expect(await acme.getByText('Connected', { exact: true }).count()).toBe(0);
    await acme.scrollIntoViewIfNeeded();
    await e2e().screenshot('own-model-needs-setup', page);
    writeFileSync(userFile(), good);
  });

  it('holds a message sent while the runtime restarts, says so, and sends it when the runtime is ready', async () => {
    const page = await e2e().open('/');
    await page.getByRole('textbox', { name: 'Message' }).fill('After the restart');
    const restarting = e2e().api('runtime.restart');
    await page.getByText('Restarting…').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').filter({ hasText: 'Waiting for the runtime' }).waitFor();
    await e2e().screenshot('send-waits-for-runtime', page);
    await restarting;
    await page.getByText(WAITED_REPLY).waitFor({ timeout: 90_000 });
    expect(await page.getByText('The runtime is not ready').count()).toBe(0);
  });
});
