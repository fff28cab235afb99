// A long model list gets a filter in the composer's model picker: typing narrows the list by
// model or provider name, a choice made from the narrowed list sticks, and the chosen model
// stays shown while the filter hides it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const MODELS = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`scripted-${i + 1}`, { name: i === 26 ? 'Zebra Large' : `Scripted ${i + 1}` }]));

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`model picker filter in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 120_000 }, () => {
  const e2e = useE2e({
    userConfig: (model) => ({
      providers: {
        available: ['scripted'],
        defaultProvider: 'scripted',
        defaultModel: 'scripted-1',
        custom: { scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: model.url, apiKey: 'local' }, models: MODELS } },
      },
    }),
  });

  const optionLabels = (page: Page) => page.getByRole('combobox', { name: 'Model' }).locator('option').allTextContents();

  it('narrows 40 models to the ones matching, and keeps the choice', async () => {
    const page = await e2e().open('/');
    const filter = page.getByRole('searchbox', { name: 'Filter models' });
    await filter.waitFor();
    await expect.poll(async () => (await optionLabels(page)).length).toBe(40);

    await filter.fill('zebra');
    // The chosen default stays listed (first) beside the one match.
    await expect.poll(() => optionLabels(page)).toEqual(['Scripted 1', 'Zebra Large']);
    await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'Zebra Large' });
    await expect.poll(() => optionLabels(page)).toEqual(['Zebra Large']);

    await filter.fill('no such model');
    await expect.poll(() => optionLabels(page)).toEqual(['Zebra Large']);
    await page.getByText('No model matches').waitFor();

    await filter.fill('');
    await expect.poll(async () => (await optionLabels(page)).length).toBe(40);
    expect(await page.getByRole('combobox', { name: 'Model' }).inputValue()).toBe('scripted/scripted-27');
  });
});
