// Code blocks in answers get syntax colours from a highlighter loaded only when an answer has
// code naming its language; code without a language stays plain. Real host, runtime and
// scripted model.
import { describe, expect, it } from 'vitest';
import { RENDERER_MISSING_REASON, rendererBuilt, reportRendererMissing, useE2e } from './harness.js';

const ANSWER = ['Here it is:', '', '```ts', 'const answer: number = 42; // the answer', '```', '', 'And plain:', '', '```', 'const left = alone;', '```'].join('\n');

if (!rendererBuilt()) reportRendererMissing();

describe.skipIf(!rendererBuilt())(`code highlighting in Chromium${rendererBuilt() ? '' : ` (skipped: ${RENDERER_MISSING_REASON})`}`, { timeout: 120_000 }, () => {
  const e2e = useE2e({ rules: [{ match: { lastUser: 'Show me code' }, reply: { text: ANSWER } }] });

  it('colours a TypeScript block and leaves a block without a language plain', async () => {
    const page = await e2e().open('/');
    const composer = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => composer.isEnabled()).toBe(true);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    // Home has no code: the highlighter is not loaded.
    const highlighterLoaded = () => scripts.some((path) => /\/common-[\w-]+\.js$/.test(path));
    expect(highlighterLoaded()).toBe(false);
    await composer.fill('Show me code');
    await page.getByRole('button', { name: 'Send' }).click();

    const typescript = page.locator('.markdown code.language-ts');
    await expect.poll(() => typescript.getAttribute('data-highlighted'), { timeout: 60_000 }).toBe('ts');
    expect(await typescript.locator('.hljs-keyword').first().textContent()).toBe('const');
    expect(await typescript.locator('.hljs-number').textContent()).toBe('42');
    expect(await typescript.locator('.hljs-comment').textContent()).toBe('// the answer');
    // The code reads exactly as written (the colours add no text).
    expect(await typescript.textContent()).toBe('const answer: number = 42; // the answer\n');
    const colour = await typescript.locator('.hljs-keyword').first().evaluate((element) => getComputedStyle(element).color);
    const plainColour = await typescript.evaluate((element) => getComputedStyle(element).color);
    expect(colour).not.toBe(plainColour);

    const plain = page.locator('.markdown pre > code').filter({ hasText: 'const left = alone;' });
    expect(await plain.locator('span').count()).toBe(0);
    expect(await plain.getAttribute('data-highlighted')).toBeNull();
    expect(highlighterLoaded()).toBe(true);
  });
});
