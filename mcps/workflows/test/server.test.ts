// The bundled workflows server (dist/index.js) through the real MCP SDK client over stdio.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dataOf, ensureBundle, runToExit, startServer, tempDir, textOf, type RunningServer } from '@open-cowork/mcp-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: RunningServer;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let dir: string;

beforeAll(async () => {
  ensureBundle('workflows');
  tmp = await tempDir('workflows-server');
  dir = path.join(tmp.dir, 'workflows');
  server = await startServer('workflows', { OPEN_COWORK_WORKFLOWS_DIR: dir });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await tmp?.remove();
});

const playbook = {
  name: 'competitor-scan',
  title: 'Competitor scan',
  description: 'Compare a competitor with us.',
  template: 'Research {{competitor}} and compare it with {{product}} on {{aspects}}. Write a one-page brief.',
  params: [
    { name: 'competitor', description: 'Company to research' },
    { name: 'product', default: 'our product' },
    { name: 'aspects', default: 'pricing and features' },
  ],
};

describe('workflows MCP server over stdio', () => {
  it('lists its six tools', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['delete', 'get', 'list', 'run', 'runs', 'save']);
    expect(tools.find((tool) => tool.name === 'delete')?.annotations?.destructiveHint).toBe(true);
  });

  it('saves, lists, gets, runs and shows runs of a playbook', async () => {
    expect(dataOf(await server.client.callTool({ name: 'save', arguments: playbook }))).toMatchObject({ created: true, warnings: [] });
    expect(existsSync(path.join(dir, 'competitor-scan.json'))).toBe(true);
    expect(dataOf<{ playbooks: { name: string }[] }>(await server.client.callTool({ name: 'list', arguments: {} })).playbooks.map((p) => p.name)).toEqual([
      'competitor-scan',
    ]);
    expect(dataOf(await server.client.callTool({ name: 'get', arguments: { name: 'competitor-scan' } }))).toMatchObject({ playbook: { title: 'Competitor scan' } });

    const run = await server.client.callTool({ name: 'run', arguments: { name: 'competitor-scan', args: { competitor: 'Globex' } } });
    const data = dataOf<{ runId: string; prompt: string }>(run);
    expect(data.prompt).toBe('Research Globex and compare it with our product on pricing and features. Write a one-page brief.');
    expect(textOf(run)).toContain('Carry out these instructions now');
    expect(textOf(run)).toContain(data.prompt);

    const runs = dataOf<{ runs: { id: string; args: Record<string, string> }[] }>(await server.client.callTool({ name: 'runs', arguments: { name: 'competitor-scan' } }));
    expect(runs.runs).toMatchObject([{ id: data.runId, args: { competitor: 'Globex', product: 'our product' } }]);
    expect(readFileSync(path.join(dir, 'runs', 'competitor-scan.ndjson'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('turns invalid playbooks, bad runs and bad arguments into tool errors and keeps answering', async () => {
    const undeclared = await server.client.callTool({ name: 'save', arguments: { ...playbook, name: 'broken', params: [] } });
    expect(undeclared.isError).toBe(true);
    expect(textOf(undeclared)).toContain('declares no such parameter');

    const missing = await server.client.callTool({ name: 'run', arguments: { name: 'competitor-scan', args: { rival: 'Initech' } } });
    expect(textOf(missing)).toContain('unknown argument rival');
    expect(textOf(missing)).toContain('missing required argument competitor');

    expect(textOf(await server.client.callTool({ name: 'run', arguments: { name: 'nope' } }))).toContain('No playbook named "nope"');
    expect((await server.client.callTool({ name: 'save', arguments: { name: 'x' } })).isError).toBe(true);
    expect((await server.client.callTool({ name: 'run', arguments: { name: 'competitor-scan', args: { competitor: { nested: true } } } })).isError).toBe(true);

    expect(dataOf(await server.client.callTool({ name: 'delete', arguments: { name: 'competitor-scan' } }))).toEqual({ deleted: 'competitor-scan' });
    expect(dataOf<{ playbooks: unknown[] }>(await server.client.callTool({ name: 'list', arguments: {} })).playbooks).toEqual([]);
  });

  it('refuses to start without an absolute workflows directory', async () => {
    const result = await runToExit('workflows', {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('OPEN_COWORK_WORKFLOWS_DIR is not set');
  });
});
