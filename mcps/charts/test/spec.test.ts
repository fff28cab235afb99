import { ToolError } from '@open-cowork/mcp-kit';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/limits.js';
import { prepareSpec } from '../src/spec.js';

const limits = { ...DEFAULT_LIMITS, maxDataRows: 10 };
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ x: i, y: i * 2 }));
const bar = { data: { values: rows(3) }, mark: 'bar', encoding: { x: { field: 'x', type: 'ordinal' }, y: { field: 'y', type: 'quantitative' } } };

describe('prepareSpec', () => {
  it('applies the caller\'s title and size to a copy', () => {
    const prepared = prepareSpec({ spec: bar, title: 'Sales', width: 300, height: 200 }, limits);
    expect(prepared).toMatchObject({ title: 'Sales', width: 300, height: 200, mark: 'bar' });
    expect(bar).not.toHaveProperty('title');
  });

  it('refuses data from URLs anywhere in the spec, naming where', () => {
    const layered = { layer: [bar, { data: { url: 'https://example.com/data.csv' }, mark: 'line' }] };
    expect(() => prepareSpec({ spec: layered }, limits)).toThrow(ToolError);
    expect(() => prepareSpec({ spec: layered }, limits)).toThrow('/layer/1/data/url: loading data from a URL or file is not allowed');
    const lookup = { ...bar, transform: [{ lookup: 'x', from: { data: { url: 'file:///etc/passwd' }, key: 'x' } }] };
    expect(() => prepareSpec({ spec: lookup }, limits)).toThrow('/transform/0/from/data/url');
  });

  it('counts inline rows over values, datasets, CSV text and sequences', () => {
    expect(() => prepareSpec({ spec: { ...bar, data: { values: rows(11) } } }, limits)).toThrow('more than 10 data rows');
    expect(() => prepareSpec({ spec: { ...bar, datasets: { a: rows(6), b: rows(5) }, data: { name: 'a' } } }, limits)).toThrow('/datasets/b');
    expect(() => prepareSpec({ spec: { ...bar, data: { values: 'x,y\n' + '1,2\n'.repeat(11), format: { type: 'csv' } } } }, limits)).toThrow(
      'more than 10 data rows',
    );
    expect(() => prepareSpec({ spec: { ...bar, data: { sequence: { start: 0, stop: 1e9 } } } }, limits)).toThrow('more than 10 data rows');
    expect(() => prepareSpec({ spec: { ...bar, data: { sequence: { start: 0, stop: 5, step: 0 } } } }, limits)).toThrow('more than 10 data rows');
    expect(() => prepareSpec({ spec: { ...bar, data: { sequence: { start: 0, stop: 5 } } } }, limits)).not.toThrow();
  });

  it('caps sizes, refuses "container" sizing, Vega specs and oversized specs', () => {
    expect(() => prepareSpec({ spec: { ...bar, width: 2001 } }, limits)).toThrow('/width is 2001 px; the largest allowed is 2000 px');
    expect(() => prepareSpec({ spec: { hconcat: [{ ...bar, height: 5000 }] } }, limits)).toThrow('/hconcat/0/height');
    expect(() => prepareSpec({ spec: { ...bar, width: 'container' } }, limits)).toThrow('"container"');
    expect(() => prepareSpec({ spec: { $schema: 'https://vega.github.io/schema/vega/v5.json', marks: [] } }, limits)).toThrow('Only Vega-Lite');
    expect(() => prepareSpec({ spec: { ...bar, description: 'x'.repeat(2000) } }, { ...limits, maxSpecBytes: 1000 })).toThrow('the limit is 1000');
  });
});
