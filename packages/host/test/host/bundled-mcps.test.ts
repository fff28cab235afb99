// The six bundled MCP servers inside the real runtime: the host starts them from this
// repository's built `mcps/<name>/dist/index.js` with their app-managed folders and bridge,
// the scripted model calls one tool of each, and the tool's result reaches the final answer.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Conversation, ScriptRule } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ok, startTestHost, until, type TestHost } from './support.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
const SERVERS = ['clock', 'charts', 'knowledge', 'skills', 'agents', 'workflows'];
const toolOutput = (conversation: Conversation): string => conversation.toolResults.map((result) => result.content).join(' ').trim();

/** One prompt → one tool call → "Tool said: <its output>". */
function callThen(prompt: string, name: string, args: Record<string, unknown>): ScriptRule[] {
  return [
    { match: { lastUser: prompt, hasToolResults: false }, reply: { toolCalls: [{ name, arguments: args }] } },
    { match: { lastUser: prompt, hasToolResults: true }, reply: (conversation) => ({ text: `Tool said: ${toolOutput(conversation)}` }) },
  ];
}

const BAR_CHART = {
  data: { values: [{ team: 'north', sales: 3 }, { team: 'south', sales: 5 }] },
  mark: 'bar',
  encoding: { x: { field: 'team', type: 'nominal' }, y: { field: 'sales', type: 'quantitative' } },
};

const RULES: ScriptRule[] = [
  ...callThen('What time is it in Tokyo?', 'clock_now', { timeZone: 'Asia/Tokyo' }),
  ...callThen('Chart the sales', 'charts_render', { spec: BAR_CHART, title: 'Sales by team' }),
  ...callThen('Remember the pricing', 'knowledge_add', { title: 'Acme pricing', body: 'Acme pays 42 euros per seat.', tags: ['acme'] }),
  ...callThen('What does Acme pay?', 'knowledge_search', { query: 'acme seat price' }),
  ...callThen('Which skills are there?', 'skills_list', {}),
  ...callThen('Make a reviewer agent', 'agents_save', { name: 'mcp-reviewer', description: 'Reviews drafts.', instructions: 'Review the draft and list issues.' }),
  ...callThen('Save the weekly playbook', 'workflows_save', {
    name: 'weekly-update',
    title: 'Weekly update',
    template: 'Summarise the week for {{project}}.',
    params: [{ name: 'project', description: 'Project name' }],
  }),
  ...callThen('Run the weekly playbook', 'workflows_run', { name: 'weekly-update', args: { project: 'Atlas' } }),
];

let t: TestHost;
let workspaceId = '';

beforeAll(async () => {
  // `npm test` builds the bundles first; a lone run of this file builds them if they are missing.
  if (SERVERS.some((name) => !existsSync(path.join(REPO_ROOT, 'mcps', name, 'dist', 'index.js')))) {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-mcps.mjs')], { stdio: 'inherit' });
  }
  t = await startTestHost({ rules: RULES, appRoot: REPO_ROOT, approval: 'auto' });
  workspaceId = (await ok(t.server, 'workspaces.add', { path: t.folders.a })).id;
  await until(async () => (await ok(t.server, 'capabilities.list', {})).mcps.every((mcp) => mcp.status === 'connected'), 'every bundled MCP to connect', 60_000);
}, 180_000);

afterAll(async () => {
  await t?.dispose();
});

async function ask(text: string): Promise<string> {
  // A saved agent reloads the runtime once the turn that saved it is over.
  await until(async () => (await ok(t.server, 'runtime.status', {})).state === 'ready', 'the runtime to be ready', 60_000);
  const session = await ok(t.server, 'sessions.create', { workspaceId });
  await ok(t.server, 'sessions.prompt', { sessionId: session.id, text });
  let answer = '';
  await until(async () => {
    // The reload a saved agent asks for starts as soon as the turn is over, possibly before
    // this poll has seen the answer; the history is still there once the runtime is back.
    const read = await call(t.server, 'sessions.messages', { sessionId: session.id });
    if (read.error?.code === 'RUNTIME_NOT_READY') return false;
    if (read.status !== 200) throw new Error(`sessions.messages answered ${read.status}: ${JSON.stringify(read.error)}`);
    const { messages } = read.result;
    answer = messages.flatMap((message) => message.parts).flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('\n');
    return answer.includes('Tool said:');
  }, `the answer to "${text}"`, 60_000);
  return answer;
}

describe('bundled MCP servers in the runtime', () => {
  it('lists all six as connected, from the app config', async () => {
    const { mcps } = await ok(t.server, 'capabilities.list', {});
    expect(mcps.map((mcp) => [mcp.name, mcp.status, mcp.source])).toEqual(
      SERVERS.map((name) => [name, 'connected', 'bundled']),
    );
  });

  it('clock: the current time in a zone', async () => {
    expect(await ask('What time is it in Tokyo?')).toContain('Asia/Tokyo');
  }, 90_000);

  it('charts: renders an SVG artifact into the app data folder', async () => {
    const answer = await ask('Chart the sales');
    const files = (await readdir(path.join(t.dataDir, 'artifacts'), { recursive: true })).filter((name) => String(name).endsWith('.svg'));
    expect(files.length).toBeGreaterThan(0);
    expect(answer).toContain(path.basename(String(files[0])));
    expect(await readFile(path.join(t.dataDir, 'artifacts', String(files[0])), 'utf8')).toContain('<svg');
  }, 90_000);

  it('knowledge: a note added in one session is found in another', async () => {
    await ask('Remember the pricing');
    expect(await ask('What does Acme pay?')).toContain('42 euros per seat');
  }, 90_000);

  it('skills: lists the skills the app ships', async () => {
    const answer = await ask('Which skills are there?');
    for (const name of ['research-brief', 'data-analysis', 'meeting-notes']) expect(answer).toContain(name);
  }, 90_000);

  it('agents: saves a custom agent through the host bridge, checked like the UI does', async () => {
    expect(await ask('Make a reviewer agent')).toContain('mcp-reviewer');
    const { agents } = await ok(t.server, 'agents.list', {});
    expect(agents.find((agent) => agent.name === 'mcp-reviewer')).toMatchObject({ source: 'custom' });
  }, 90_000);

  it('workflows: saves a playbook and runs it with its parameter filled in, recording the run', async () => {
    await ask('Save the weekly playbook');
    expect(await ask('Run the weekly playbook')).toContain('Summarise the week for Atlas.');
    const runs = await readFile(path.join(t.dataDir, 'workflows', 'runs', 'weekly-update.ndjson'), 'utf8');
    expect(runs).toContain('Atlas');
  }, 90_000);

  it('gives the bridge token to the agents server only', async () => {
    await until(async () => (await ok(t.server, 'runtime.status', {})).state === 'ready', 'the runtime to be ready', 60_000);
    const bridgeToken = t.host.mcps.bridge.token;
    const root = t.host.runtime.supervisor.connection().pid;
    const children = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
    let holders = 0;
    for (const pid of children) {
      const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
      if (!environ.includes(bridgeToken)) continue;
      holders += 1;
      expect(await readFile(`/proc/${pid}/cmdline`, 'utf8')).toContain(path.join('mcps', 'agents', 'dist'));
      expect(Number(pid)).not.toBe(root);
    }
    expect(holders).toBeGreaterThan(0);
    expect(JSON.stringify(t.logs)).not.toContain(bridgeToken);
  });
});
