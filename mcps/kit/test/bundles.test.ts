// Every server's dist/index.js is one self-contained file: it imports nothing but Node
// built-ins, and a copy of it starts and lists its tools from a folder with no node_modules.

import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, ensureBundle, serverNames, startServer, tempDir } from '../testing/index.js';

const servers = serverNames();
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  ensureBundle(...servers);
  tmp = await tempDir('mcp-bundles');
}, 120_000);

afterAll(() => tmp?.remove());

/** Environment that lets each server start (the agents bridge is not contacted until a call). */
function envFor(dir: string): Record<string, string> {
  return {
    OPEN_COWORK_ARTIFACTS_DIR: path.join(dir, 'artifacts'),
    OPEN_COWORK_KNOWLEDGE_DIR: path.join(dir, 'knowledge'),
    OPEN_COWORK_CUSTOM_SKILLS_DIR: path.join(dir, 'skills'),
    OPEN_COWORK_WORKFLOWS_DIR: path.join(dir, 'workflows'),
    OPEN_COWORK_AGENT_BRIDGE_URL: 'http://127.0.0.1:9/bridge',
    OPEN_COWORK_AGENT_BRIDGE_TOKEN: 'unused',
    OPEN_COWORK_JOBS_DATA_DIR: path.join(dir, 'jobs-data'),
    OPEN_COWORK_JOBS_SESSION_CONFIG: sessionConfig(dir),
  };
}

/** The jobs server's session config (no provider: listing tools starts no session). */
function sessionConfig(dir: string): string {
  const file = path.join(dir, 'session-config.json');
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify({ config: {} }));
  return file;
}

/** Bundled for MCP clients outside the host (another OpenCode, Claude Desktop…), not started for its runtime. */
const OUTSIDE_CLIENTS_ONLY = ['jobs'];

describe('bundled MCP servers', () => {
  it('are the ones the default config declares, plus those for outside clients', () => {
    const config = JSON.parse(readFileSync(path.resolve(bundlePath('x'), '../../../../open-cowork.config.json'), 'utf8')) as {
      mcps: { packageName?: string }[];
    };
    expect(servers).toEqual([...config.mcps.map((mcp) => mcp.packageName ?? ''), ...OUTSIDE_CLIENTS_ONLY].filter(Boolean).sort());
  });

  it.each(servers)('%s imports only Node built-ins and never the native canvas addon', (name) => {
    const code = readFileSync(bundlePath(name), 'utf8');
    const statements = /(?:^|[;}\n])\s*(?:import|export)\b[^;"'()]*?\bfrom\s*["']([^"']+)["']|(?:^|[;}\n])\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;
    const specifiers = [...code.matchAll(statements)].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
    expect(specifiers).toContain('node:module'); // the createRequire banner: the pattern does find imports
    expect(specifiers.filter((spec) => !isBuiltin(spec))).toEqual([]);
    expect(code).not.toMatch(/\brequire\(\s*["']canvas["']\s*\)|import\(\s*["']canvas["']\s*\)/);
  });

  it.each(servers)('%s starts from a copy outside the repository and lists its tools', async (name) => {
    const dir = path.join(tmp.dir, name);
    const copy = path.join(dir, 'server.js');
    mkdirSync(dir, { recursive: true });
    copyFileSync(bundlePath(name), copy);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const server = await startServer(name, envFor(dir), copy);
    try {
      const { tools } = await server.client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      for (const tool of tools) expect(tool.name).not.toContain(`${name}_`);
    } finally {
      await server.close();
    }
  });
});
