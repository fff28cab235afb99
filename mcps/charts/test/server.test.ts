// The bundled charts server (dist/index.js) through the real MCP SDK client over stdio.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dataOf, ensureBundle, runToExit, startServer, tempDir, textOf, type RunningServer } from '@open-cowork/mcp-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: RunningServer;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let artifacts: string;

beforeAll(async () => {
  ensureBundle('charts');
  tmp = await tempDir('charts-server');
  artifacts = path.join(tmp.dir, 'artifacts', 'nested');
  server = await startServer('charts', { OPEN_COWORK_ARTIFACTS_DIR: artifacts });
}, 90_000);

afterAll(async () => {
  await server?.close();
  await tmp?.remove();
});

const line = {
  data: { values: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, revenue: 100 + i * 7 })) },
  mark: 'line',
  encoding: { x: { field: 'month', type: 'ordinal' }, y: { field: 'revenue', type: 'quantitative' } },
};

describe('charts MCP server over stdio', () => {
  it('lists the render tool', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['render']);
    expect(tools[0]?.inputSchema.required).toEqual(['spec']);
  });

  it('renders a chart to an SVG artifact in the (created) artifacts directory', async () => {
    const result = await server.client.callTool({ name: 'render', arguments: { spec: line, title: 'Revenue by month', width: 400, height: 240 } });
    const data = dataOf<{ artifactId: string; path: string; bytes: number; width: number; mimeType: string }>(result);
    expect(data.artifactId).toMatch(/^chart-[0-9a-f]{16}$/);
    expect(path.dirname(data.path)).toBe(artifacts);
    expect(data.mimeType).toBe('image/svg+xml');
    const svg = readFileSync(data.path, 'utf8');
    expect(Buffer.byteLength(svg)).toBe(data.bytes);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Revenue by month');
    expect(svg).not.toMatch(/<script|\son\w+=|href="http/i);
    const resource = (result.content as { type: string; resource?: { text?: string; mimeType?: string } }[]).find((part) => part.type === 'resource');
    expect(resource?.resource).toMatchObject({ mimeType: 'image/svg+xml', text: svg });
  });

  it('turns bad specs and arguments into tool errors and keeps answering', async () => {
    const remote = await server.client.callTool({ name: 'render', arguments: { spec: { data: { url: 'https://example.com/d.csv' }, mark: 'bar' } } });
    expect(remote.isError).toBe(true);
    expect(textOf(remote)).toContain('Put the rows inline');

    const huge = await server.client.callTool({ name: 'render', arguments: { spec: line, width: 5000 } });
    expect(huge.isError).toBe(true);

    const notASpec = await server.client.callTool({ name: 'render', arguments: { spec: 'bar chart please' } });
    expect(notASpec.isError).toBe(true);

    const badMark = await server.client.callTool({ name: 'render', arguments: { spec: { data: { values: [] }, mark: 'rainbow' } } });
    expect(badMark.isError).toBe(true);
    expect(textOf(badMark)).toContain('Vega-Lite could not compile the spec');

    expect((await server.client.callTool({ name: 'render', arguments: { spec: line } })).isError).toBeFalsy();
  });

  it('stops a render that exceeds its time limit without stopping the server', async () => {
    const slow = await startServer('charts', { OPEN_COWORK_ARTIFACTS_DIR: artifacts, OPEN_COWORK_CHARTS_RENDER_TIMEOUT_MS: '1' });
    try {
      const result = await slow.client.callTool({ name: 'render', arguments: { spec: line } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('took longer than 1 ms and was stopped');
      expect((await slow.client.listTools()).tools).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('refuses to start without an absolute artifacts directory, naming the variable', async () => {
    const missing = await runToExit('charts', {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('OPEN_COWORK_ARTIFACTS_DIR is not set');
    expect(missing.stdout).toBe('');
    const relative = await runToExit('charts', { OPEN_COWORK_ARTIFACTS_DIR: 'artifacts' });
    expect(relative.stderr).toContain('OPEN_COWORK_ARTIFACTS_DIR must be an absolute path');
    expect(existsSync(path.join(process.cwd(), 'artifacts'))).toBe(false);
  });
});
