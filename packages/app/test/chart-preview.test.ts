import { describe, expect, it } from 'vitest';
import { chartImageOf } from '../src/lib/chart-preview.js';

describe('chart previews', () => {
  it('turn the SVG in a charts tool output into a data: image URL', () => {
    const output = 'Rendered chart abc (200×100 px). <svg xmlns="http://www.w3.org/2000/svg" width="200"><rect/></svg> trailing';
    const src = chartImageOf('charts_render', output);
    expect(src?.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(src!.split(',')[1]!)).toBe('<svg xmlns="http://www.w3.org/2000/svg" width="200"><rect/></svg>');
  });

  it('ignore other tools, outputs without an SVG, and oversized ones', () => {
    expect(chartImageOf('bash', '<svg></svg>')).toBeUndefined();
    expect(chartImageOf('charts_render', 'no chart here')).toBeUndefined();
    expect(chartImageOf('charts_render', undefined)).toBeUndefined();
    expect(chartImageOf('charts_render', `<svg>${'x'.repeat(2_000_001)}</svg>`)).toBeUndefined();
  });
});
