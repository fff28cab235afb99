// The facts MCP fixture through the real MCP SDK client over stdio.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FACTS_MCP_ENV_FILE, factsMcpServerConfig, factsMcpServerPath } from '../src/index.js';

const clients: Client[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })));
});

async function connect(env?: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'facts-fixture-test', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [factsMcpServerPath()],
    ...(env ? { env } : {}),
    stderr: 'pipe',
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const content = result.content as { type: string; text?: string }[];
  return content.map((part) => part.text ?? '').join('');
}

describe('facts MCP fixture', () => {
  it('lives at an absolute path inside this package', () => {
    const file = factsMcpServerPath();
    expect(path.isAbsolute(file)).toBe(true);
    expect(file.endsWith(path.join('packages', 'testing', 'fixtures', 'facts-mcp-server.mjs'))).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(factsMcpServerConfig({ A: '1' })).toEqual({ type: 'local', command: [process.execPath, file], enabled: true, environment: { A: '1' } });
  });

  it('lists its tools and answers lookup_fact deterministically', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['env_names', 'lookup_fact']);
    const lookup = tools.find((tool) => tool.name === 'lookup_fact');
    expect(lookup?.inputSchema.required).toEqual(['topic']);

    expect(textOf(await client.callTool({ name: 'lookup_fact', arguments: { topic: 'water' } }))).toBe(
      'FACT[water]: Water boils at 100 degrees Celsius at sea level.',
    );
    const unknown = textOf(await client.callTool({ name: 'lookup_fact', arguments: { topic: 'Zebras' } }));
    expect(unknown).toMatch(/^FACT\[Zebras\]: no stored fact; checksum [0-9a-f]{8}$/);
    expect(textOf(await client.callTool({ name: 'lookup_fact', arguments: { topic: 'Zebras' } }))).toBe(unknown);
  });

  it('reports the names of the environment variables it received, by tool and by file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'facts-mcp-'));
    dirs.push(dir);
    const envFile = path.join(dir, 'env.json');
    const client = await connect({ FACTS_TEST_MARKER: 'secret-value', [FACTS_MCP_ENV_FILE]: envFile });

    const names = JSON.parse(textOf(await client.callTool({ name: 'env_names', arguments: { prefix: 'FACTS_' } }))) as string[];
    expect(names).toEqual(['FACTS_MCP_ENV_FILE', 'FACTS_TEST_MARKER']);

    const written = JSON.parse(await readFile(envFile, 'utf8')) as { pid: number; names: string[] };
    expect(written.names).toContain('FACTS_TEST_MARKER');
    expect(written.pid).toBeGreaterThan(0);
    // Vitest's own variables were not passed to the child, and values never appear.
    expect(process.env['VITEST']).toBeDefined();
    expect(written.names).not.toContain('VITEST');
    expect(await readFile(envFile, 'utf8')).not.toContain('secret-value');
  });
});
