import { describe, expect, it } from 'vitest';
import { brandVariables, luminance, resolveScheme } from '../src/theme/theme.js';
import { safeExternalUrl, safeImageUrl } from '../src/lib/safe-url.js';
import { computeOffsets, rowAt, visibleRange } from '../src/lib/virtual.js';

describe('theme', () => {
  it('resolves "system" through the OS preference', () => {
    expect(resolveScheme('system', true)).toBe('dark');
    expect(resolveScheme(undefined, false)).toBe('light');
    expect(resolveScheme('light', true)).toBe('light');
  });

  it('applies a brand palette fully on its own scheme and only accents on the other', () => {
    const dark = { background: '#0c0d0f', text: '#eceef1', accent: '#2f6bf0', danger: '#e5534b' };
    expect(brandVariables(dark, 'dark')).toEqual({
      '--color-bg': '#0c0d0f',
      '--color-text': '#eceef1',
      '--color-accent': '#2f6bf0',
      '--color-danger': '#e5534b',
    });
    expect(brandVariables(dark, 'light')).toEqual({ '--color-accent': '#2f6bf0', '--color-danger': '#e5534b' });
    expect(brandVariables({ accent: '#d9480f' }, 'light')).toEqual({ '--color-accent': '#d9480f' });
    expect(brandVariables(undefined, 'light')).toEqual({});
  });

  it('measures luminance of hex, rgb() and hsl() colours', () => {
    expect(luminance('#000')).toBeCloseTo(0);
    expect(luminance('#ffffff')).toBeCloseTo(1);
    expect(luminance('rgb(255, 255, 255)')).toBeCloseTo(1);
    expect(luminance('hsl(0, 0%, 100%)')).toBeCloseTo(1);
  });
});

describe('links and images', () => {
  it('opens only https: and mailto: links', () => {
    expect(safeExternalUrl('https://help.acme.example/x')).toBe('https://help.acme.example/x');
    expect(safeExternalUrl('mailto:help@acme.example')).toBe('mailto:help@acme.example');
    expect(safeExternalUrl('http://acme.example')).toBeUndefined();
    expect(safeExternalUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeExternalUrl('https://a b')).toBeUndefined();
    expect(safeExternalUrl(undefined)).toBeUndefined();
  });

  it('shows only data: images', () => {
    expect(safeImageUrl('data:image/svg+xml;base64,PHN2Zy8+')).toBeDefined();
    expect(safeImageUrl('https://x.example/logo.png')).toBeUndefined();
    expect(safeImageUrl('data:text/html,<b>')).toBeUndefined();
  });
});

describe('virtual list geometry', () => {
  const offsets = computeOffsets(10_000, (i) => (i % 2 ? 100 : 50));

  it('sums heights into offsets', () => {
    expect(offsets[0]).toBe(0);
    expect(offsets[2]).toBe(150);
    expect(offsets[10_000]).toBe(750_000);
  });

  it('finds the row at a position and the rows of a viewport', () => {
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 49)).toBe(0);
    expect(rowAt(offsets, 50)).toBe(1);
    expect(rowAt(offsets, 10_000_000)).toBe(9999);
    const [start, end] = visibleRange(offsets, 375_000, 800, 0);
    expect(start).toBe(5000);
    expect(end - start).toBeLessThanOrEqual(13);
    expect(visibleRange(computeOffsets(0, () => 1), 0, 100, 0)).toEqual([0, 0]);
  });
});
