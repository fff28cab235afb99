// Checking and preparing a Vega-Lite spec before it is rendered: size caps, inline data
// only, and the caller's title/width/height applied.

import { ToolError } from '@open-cowork/mcp-kit';
import type { ChartLimits } from './limits.js';

export interface RenderRequest {
  spec: Record<string, unknown>;
  title?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MAX_DEPTH = 64;

/** A copy of the spec, ready to compile, or a ToolError saying what to change. */
export function prepareSpec(request: RenderRequest, limits: ChartLimits): Record<string, unknown> {
  const { spec } = request;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new ToolError('spec must be a Vega-Lite specification object.');
  }
  const json = JSON.stringify(spec);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > limits.maxSpecBytes) {
    throw new ToolError(`The spec is ${bytes} bytes; the limit is ${limits.maxSpecBytes}. Aggregate or sample the data first.`);
  }
  const copy = JSON.parse(json) as Record<string, unknown>;

  const schema = copy['$schema'];
  if (typeof schema === 'string' && !/vega-lite/i.test(schema)) {
    throw new ToolError(`Only Vega-Lite specs are rendered; $schema is "${schema}". Use a Vega-Lite spec (https://vega.github.io/schema/vega-lite/v6.json).`);
  }
  if (request.title !== undefined) copy['title'] = request.title;
  if (request.width !== undefined) copy['width'] = request.width;
  if (request.height !== undefined) copy['height'] = request.height;

  const rows = { count: 0 };
  walk(copy as Json, [], limits, rows, 0);
  return copy;
}

function walk(node: Json, path: string[], limits: ChartLimits, rows: { count: number }, depth: number): void {
  if (depth > MAX_DEPTH) throw new ToolError(`The spec nests deeper than ${MAX_DEPTH} levels.`);
  if (Array.isArray(node)) {
    node.forEach((item, index) => walk(item, [...path, String(index)], limits, rows, depth + 1));
    return;
  }
  if (node === null || typeof node !== 'object') return;

  for (const [key, value] of Object.entries(node)) {
    const here = [...path, key];
    if ((key === 'width' || key === 'height') && typeof value === 'number' && value > limits.maxSize) {
      throw new ToolError(`${pointer(here)} is ${value} px; the largest allowed is ${limits.maxSize} px.`);
    }
    if (key === 'width' || key === 'height') {
      if (value === 'container') throw new ToolError(`${pointer(here)} is "container"; give a number of pixels (charts render without a page).`);
    }
    if (key === 'data' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      checkData(value, here, limits, rows);
      continue; // rows inside are data, not spec
    }
    if (key === 'datasets' && path.length === 0 && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, set] of Object.entries(value)) addRows(set, [...here, name], limits, rows);
      continue;
    }
    walk(value, here, limits, rows, depth + 1);
  }
}

function checkData(data: { [key: string]: Json }, path: string[], limits: ChartLimits, rows: { count: number }): void {
  if ('url' in data) {
    throw new ToolError(
      `${pointer([...path, 'url'])}: loading data from a URL or file is not allowed. Put the rows inline in "data": {"values": [...]}.`,
    );
  }
  if ('values' in data) addRows(data['values'] ?? null, [...path, 'values'], limits, rows);
  const sequence = data['sequence'];
  if (sequence !== null && typeof sequence === 'object' && !Array.isArray(sequence)) {
    const start = Number(sequence['start'] ?? 0);
    const stop = Number(sequence['stop']);
    const step = Number(sequence['step'] ?? 1);
    const count = step === 0 || !Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step) ? Infinity : Math.ceil((stop - start) / step);
    rows.count += Math.max(0, count);
    overLimit(rows, path, limits);
  }
}

function addRows(values: Json, path: string[], limits: ChartLimits, rows: { count: number }): void {
  if (Array.isArray(values)) rows.count += values.length;
  else if (typeof values === 'string') rows.count += values.split('\n').filter((line) => line.trim() !== '').length;
  else if (values !== null && typeof values === 'object') rows.count += 1;
  overLimit(rows, path, limits);
}

function overLimit(rows: { count: number }, path: string[], limits: ChartLimits): void {
  if (rows.count > limits.maxDataRows) {
    throw new ToolError(
      `The spec holds more than ${limits.maxDataRows} data rows (at ${pointer(path)}). Aggregate, bin or sample the data before charting it.`,
    );
  }
}

/** A JSON pointer for messages. */
function pointer(path: string[]): string {
  return '/' + path.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}
