// The bundled agents server (dist/index.js) through the real MCP SDK client over stdio,
// against a fake agent bridge on 127.0.0.1 that speaks the protocol in ../README.md.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dataOf, ensureBundle, runToExit, startServer, textOf, type RunningServer } from '@open-cowork/mcp-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TOKEN = 'test-token-0123456789';
const READ_ONLY = new Set(['build', 'plan', 'researcher']);

interface Saved {
  name: string;
  description?: string;
  label?: string;
}

const requests: { method: string; url: string; body: unknown }[] = [];
const saved = new Map<string, Saved>();

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text === '' ? undefined : JSON.parse(text);
}

const asAgent = (agent: Saved) => ({ name: agent.name, label: agent.label, description: agent.description, source: 'custom', mode: 'all', readOnly: false, editable: true });

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req);
  requests.push({ method: req.method ?? '', url: req.url ?? '', body });
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(res, 401, { error: { code: 'UNAUTHORIZED', message: 'bad token' } });
  const agent = (body as { agent?: Saved & { instructions?: string; model?: string } } | undefined)?.agent;
  if (req.method === 'GET' && req.url === '/bridge/agents') {
    return send(res, 200, {
      agents: [
        { name: 'build', source: 'built-in', mode: 'primary', readOnly: false, editable: false, description: 'Default agent' },
        ...[...saved.values()].map(asAgent),
      ],
    });
  }
  if (req.method === 'POST' && (req.url === '/bridge/agents/preview' || req.url === '/bridge/agents/save')) {
    if (!agent) return send(res, 400, { error: { code: 'BAD_REQUEST', message: 'missing agent' } });
    if (agent.model === 'nowhere/model') {
      return send(res, 422, { error: { code: 'VALIDATION_FAILED', message: 'The agent is not valid', details: [{ pointer: '/agent/model', message: 'unknown provider "nowhere"' }] } });
    }
    if (req.url.endsWith('/preview')) return send(res, 200, { agent: asAgent(agent), warnings: agent.instructions!.length < 20 ? ['instructions are very short'] : [] });
    if (READ_ONLY.has(agent.name)) return send(res, 409, { error: { code: 'CONFLICT', message: `"${agent.name}" is a built-in agent` } });
    if (agent.name === 'explode') return send(res, 500, { error: { code: 'INTERNAL', message: 'disk full' } });
    saved.set(agent.name, agent);
    return send(res, 200, { agent: asAgent(agent) });
  }
  send(res, 404, { error: { code: 'NOT_FOUND', message: 'no such route' } });
}

let bridge: Server;
let bridgeUrl: string;
let server: RunningServer;

beforeAll(async () => {
  ensureBundle('agents');
  bridge = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => bridge.listen(0, '127.0.0.1', resolve));
  bridgeUrl = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}/bridge/`;
  server = await startServer('agents', { OPEN_COWORK_AGENT_BRIDGE_URL: bridgeUrl, OPEN_COWORK_AGENT_BRIDGE_TOKEN: TOKEN });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => bridge?.close(resolve));
});

const draft = { name: 'release-writer', description: 'Writes release notes.', instructions: 'Write them.' };

describe('agents MCP server over stdio', () => {
  it('lists list, preview and save, with the CustomAgent fields', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['list', 'preview', 'save']);
    expect(tools.find((tool) => tool.name === 'save')?.inputSchema.required).toEqual(['name', 'description', 'instructions']);
  });

  it('lists agents, previews and saves a custom agent with the bearer token', async () => {
    const listed = dataOf<{ agents: { name: string }[] }>(await server.client.callTool({ name: 'list', arguments: {} }));
    expect(listed.agents.map((agent) => agent.name)).toEqual(['build']);

    const preview = await server.client.callTool({ name: 'preview', arguments: { ...draft, color: 'info' } });
    expect(dataOf(preview)).toMatchObject({ agent: { name: 'release-writer', source: 'custom' }, warnings: ['instructions are very short'] });
    expect(textOf(preview)).toContain('not saved');
    expect(requests.at(-1)).toEqual({ method: 'POST', url: '/bridge/agents/preview', body: { agent: { ...draft, color: 'info' } } });

    const save = await server.client.callTool({ name: 'save', arguments: draft });
    expect(dataOf(save)).toMatchObject({ agent: { name: 'release-writer', editable: true } });
    expect(saved.has('release-writer')).toBe(true);
    expect(dataOf<{ agents: unknown[] }>(await server.client.callTool({ name: 'list', arguments: {} })).agents).toHaveLength(2);
  });

  it('reports 422, 409 and other statuses as tool errors with the bridge\'s message', async () => {
    const invalid = await server.client.callTool({ name: 'preview', arguments: { ...draft, model: 'nowhere/model' } });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toContain('HTTP 422 VALIDATION_FAILED): The agent is not valid\n- /agent/model: unknown provider "nowhere"');

    const conflict = await server.client.callTool({ name: 'save', arguments: { ...draft, name: 'build' } });
    expect(conflict.isError).toBe(true);
    expect(textOf(conflict)).toContain('HTTP 409 CONFLICT): "build" is a built-in agent');

    const broken = await server.client.callTool({ name: 'save', arguments: { ...draft, name: 'explode' } });
    expect(textOf(broken)).toBe('The agent bridge answered HTTP 500 INTERNAL: disk full');
  });

  it('refuses bad arguments before calling the bridge, and keeps answering', async () => {
    const before = requests.length;
    expect((await server.client.callTool({ name: 'save', arguments: { name: 'x', description: 'd' } })).isError).toBe(true);
    expect((await server.client.callTool({ name: 'save', arguments: { ...draft, name: 'Not Valid' } })).isError).toBe(true);
    expect((await server.client.callTool({ name: 'preview', arguments: { ...draft, temperature: 7 } })).isError).toBe(true);
    expect(requests.length).toBe(before);
    expect((await server.client.callTool({ name: 'list', arguments: {} })).isError).toBeFalsy();
  });

  it('reports a wrong token and an unreachable bridge as tool errors', async () => {
    const wrong = await startServer('agents', { OPEN_COWORK_AGENT_BRIDGE_URL: bridgeUrl, OPEN_COWORK_AGENT_BRIDGE_TOKEN: 'wrong' });
    try {
      const result = await wrong.client.callTool({ name: 'list', arguments: {} });
      expect(textOf(result)).toContain("refused this server's token (HTTP 401): bad token");
    } finally {
      await wrong.close();
    }
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await startServer('agents', { OPEN_COWORK_AGENT_BRIDGE_URL: `http://127.0.0.1:${port}`, OPEN_COWORK_AGENT_BRIDGE_TOKEN: TOKEN });
    try {
      const result = await down.client.callTool({ name: 'list', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(`Cannot reach the app's agent bridge at http://127.0.0.1:${port}`);
    } finally {
      await down.close();
    }
  });

  it('refuses to start with a non-loopback bridge URL or without a token', async () => {
    const remote = await runToExit('agents', { OPEN_COWORK_AGENT_BRIDGE_URL: 'http://example.com:80/x', OPEN_COWORK_AGENT_BRIDGE_TOKEN: TOKEN });
    expect(remote.code).toBe(1);
    expect(remote.stderr).toContain('OPEN_COWORK_AGENT_BRIDGE_URL must point at 127.0.0.1 or [::1]');
    expect(remote.stderr).not.toContain(TOKEN);
    const noToken = await runToExit('agents', { OPEN_COWORK_AGENT_BRIDGE_URL: bridgeUrl });
    expect(noToken.stderr).toContain('OPEN_COWORK_AGENT_BRIDGE_TOKEN is not set');
  });
});
