// The bundled jobs server (dist/index.js) through the real MCP SDK client over stdio: it lists
// the six tools, runs a job on the real runtime in bubblewrap to its end, and refuses a
// session id that would leave its folder.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dataDirTag, stopOwnSandboxes } from '@open-cowork/jobs';
import { dataOf, ensureBundle, startServer, textOf, type RunningServer } from '@open-cowork/mcp-kit/testing';
import { scriptedOpencodeConfig, startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: RunningServer | undefined;
let model: ScriptedModel;
let dir: string;

beforeAll(async () => {
  ensureBundle('jobs');
  model = await startScriptedModel({ rules: [{ name: 'task', match: { lastUser: 'fix the bug' }, reply: { text: 'The bug is fixed.' } }] });
  dir = await mkdtemp(path.join(tmpdir(), 'oc-jobs-mcp-'));
  const configFile = path.join(dir, 'session-config.json');
  const config = scriptedOpencodeConfig(model);
  await writeFile(configFile, JSON.stringify({ config, secrets: [config.provider['scripted']!.options.apiKey] }), { mode: 0o600 });
  server = await startServer('jobs', {
    OPEN_COWORK_JOBS_DATA_DIR: path.join(dir, 'data'),
    OPEN_COWORK_JOBS_SESSION_CONFIG: configFile,
    OPEN_COWORK_JOBS_NPM_REGISTRY: 'http://127.0.0.1:9/',
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await stopOwnSandboxes(dataDirTag(path.join(dir, 'data')));
  await model?.close();
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
});

describe('jobs MCP server over stdio', () => {
  it('lists the six tools', async () => {
    const { tools } = await server!.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['opencode_cancel', 'opencode_cleanup', 'opencode_output', 'opencode_sessions', 'opencode_start', 'opencode_status']);
    expect(tools.find((tool) => tool.name === 'opencode_start')?.inputSchema.required).toEqual(['prompt']);
  });

  it('runs a job to its end through tools/call', async () => {
    const started = dataOf<{ jobId: string; sessionKey: string; status: string }>(await server!.client.callTool({ name: 'opencode_start', arguments: { prompt: 'Please fix the bug.', session_id: 'mcp-1' } }));
    expect(started).toMatchObject({ sessionKey: 'mcp-1', status: 'running' });
    let status: { status: string } = { status: 'running' };
    for (let i = 0; i < 900 && !['completed', 'failed', 'cancelled'].includes(status.status); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = dataOf(await server!.client.callTool({ name: 'opencode_status', arguments: { job_id: started.jobId } }));
    }
    expect(status).toMatchObject({ status: 'completed', exitReason: 'completed' });
    const output = dataOf<{ content: string; hasMore: boolean }>(await server!.client.callTool({ name: 'opencode_output', arguments: { job_id: started.jobId, session_id: 'mcp-1' } }));
    expect(output).toMatchObject({ content: 'The bug is fixed.', hasMore: false });
    const sessions = dataOf<{ sessions: { sessionId: string; serverHealth: string }[] }>(await server!.client.callTool({ name: 'opencode_sessions', arguments: {} }));
    expect(sessions.sessions).toEqual([expect.objectContaining({ sessionId: 'mcp-1', serverHealth: 'healthy' })]);
  });

  it('answers a path-like session id with a tool error naming it', async () => {
    const result = await server!.client.callTool({ name: 'opencode_start', arguments: { prompt: 'x', session_id: '../../etc' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('JOBS_BAD_ID');
    expect(textOf(result)).toContain('../../etc');
  });
});
