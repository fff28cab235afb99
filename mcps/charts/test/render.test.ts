// The pure rendering pipeline in-process (the server runs it in a worker thread).

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ToolError } from '@open-cowork/mcp-kit';
import { tempDir } from '@open-cowork/mcp-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { saveSvg } from '../src/artifacts.js';
import { DEFAULT_LIMITS } from '../src/limits.js';
import { renderSpec, SpecError } from '../src/render.js';
import { unsafeParts, sanitizeSvg } from '../src/sanitize.js';
import { chartsTools } from '../src/tools.js';
import { limitConcurrency, renderInWorker } from '../src/worker.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((fn) => fn()));
});
async function scratch() {
  const tmp = await tempDir('charts-test');
  cleanups.push(tmp.remove);
  return tmp.dir;
}

const bar = {
  data: { values: [{ k: 'A', v: 3 }, { k: 'B', v: 7 }] },
  mark: 'bar',
  encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative' }, href: { field: 'k' } },
};

describe('renderSpec', () => {
  it('renders SVG without a canvas, links or network', async () => {
    const chart = await renderSpec({ ...bar, width: 120, height: 80 });
    expect(chart.svg.startsWith('<svg')).toBe(true);
    expect(chart.width).toBeGreaterThan(120);
    expect(chart.height).toBeGreaterThan(80);
    expect(chart.svg).not.toMatch(/href="[^"]/);
    expect(unsafeParts(sanitizeSvg(chart.svg))).toEqual([]);
  });

  it('collects warnings and reports spec errors as SpecError', async () => {
    const chart = await renderSpec({ ...bar, encoding: { ...bar.encoding, shape: { field: 'k', type: 'nominal' } } });
    expect(chart.warnings.join('\n')).toMatch(/^warning: .*shape/);
    await expect(renderSpec({ data: { values: [] }, mark: 'no-such-mark' })).rejects.toThrow(SpecError);
  });
});

describe('renderInWorker', () => {
  it('stops a worker that never answers after the timeout', async () => {
    const entry = path.join(await scratch(), 'spin.mjs');
    await writeFile(entry, 'for (;;) {}\n');
    const started = Date.now();
    await expect(renderInWorker({}, { entry, timeoutMs: 300 })).rejects.toThrow(ToolError);
    await expect(renderInWorker({}, { entry, timeoutMs: 300 })).rejects.toThrow('took longer than 300 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('passes a worker\'s answer and its failures through, never its console output', async () => {
    const dir = await scratch();
    const ok = path.join(dir, 'ok.mjs');
    await writeFile(
      ok,
      "import { parentPort, workerData } from 'node:worker_threads';\nconsole.log('noise');\n" +
        "parentPort.postMessage({ ok: true, chart: { svg: '<svg/>', width: 1, height: 2, warnings: [workerData.job] } });\n",
    );
    expect(await renderInWorker({ a: 1 }, { entry: ok, timeoutMs: 5000 })).toEqual({ svg: '<svg/>', width: 1, height: 2, warnings: ['open-cowork-charts-render'] });
    const bad = path.join(dir, 'bad.mjs');
    await writeFile(bad, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ ok: false, spec: true, message: 'bad spec' });\n");
    await expect(renderInWorker({}, { entry: bad, timeoutMs: 5000 })).rejects.toThrow('bad spec');
    const crash = path.join(dir, 'crash.mjs');
    await writeFile(crash, "throw new Error('boom');\n");
    await expect(renderInWorker({}, { entry: crash, timeoutMs: 5000 })).rejects.toThrow('Rendering failed: boom');
  });
});

describe('artifacts and the render tool', () => {
  it('saves by content hash, once', async () => {
    const dir = await scratch();
    const a = await saveSvg(dir, '<svg>1</svg>');
    const b = await saveSvg(dir, '<svg>1</svg>');
    expect(a).toEqual(b);
    expect(a.id).toMatch(/^chart-[0-9a-f]{16}$/);
    expect(await readFile(a.path, 'utf8')).toBe('<svg>1</svg>');
  });

  it('renders in-process, sanitizes, saves and returns the SVG as a resource; limits are tool errors', async () => {
    const dir = await scratch();
    const [render] = chartsTools({ artifactsDir: dir, limits: DEFAULT_LIMITS, render: renderSpec });
    const result = await render!.invoke({ spec: bar, title: 'Two bars' });
    expect(result.isError).toBeFalsy();
    const data = result.structuredContent as { path: string; bytes: number };
    expect(existsSync(data.path)).toBe(true);
    const resource = result.content[1] as { type: string; resource: { mimeType: string; text: string; uri: string } };
    expect(resource.resource.mimeType).toBe('image/svg+xml');
    expect(resource.resource.text).toBe(await readFile(data.path, 'utf8'));
    expect(resource.resource.text).toContain('Two bars');

    const [tiny] = chartsTools({ artifactsDir: dir, limits: { ...DEFAULT_LIMITS, maxSvgBytes: 100 }, render: renderSpec });
    const tooBig = await tiny!.invoke({ spec: bar });
    expect(tooBig.isError).toBe(true);
    expect(JSON.stringify(tooBig.content)).toContain('the limit is 100');
  });
});

describe('limitConcurrency', () => {
  it('runs at most n calls at once, in order, and frees a slot after a failure', async () => {
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const limited = limitConcurrency(2, async (i: number) => {
      started.push(i);
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 10));
      active -= 1;
      if (i === 1) throw new Error('one fails');
      return i;
    });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => limited(i)));
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
  });
});
