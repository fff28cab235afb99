// workflows.* over HTTP against a host that reaches the real bundled workflows server (this
// repository's mcps/workflows/dist) through a real MCP client, started the way the runtime starts
// it. The runtime itself is not booted: the Workflows page does not need it. Every answer is
// checked against the contract (checkResults).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@open-cowork/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host } from '../../src/host.js';
import { Logger } from '../../src/log/index.js';
import { createHostServer, type HostServer } from '../../src/transport/index.js';
import { TOKEN } from '../transport/helpers.js';
import { call, ok } from '../host/support.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
const DEFAULT_CONFIG = path.join(REPO_ROOT, 'open-cowork.config.json');

let root: string;
let host: Host;
let server: HostServer;

const PLAYBOOK = {
  name: 'weekly-brief',
  title: 'Weekly brief',
  description: 'A short brief on one topic for one audience.',
  template: 'Write a weekly brief about {{topic}} for {{audience}}.',
  params: [
    { name: 'topic', description: 'What the brief is about' },
    { name: 'audience', default: 'the team' },
  ],
};

beforeAll(async () => {
  if (!existsSync(path.join(REPO_ROOT, 'mcps', 'workflows', 'dist', 'index.js'))) {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-mcps.mjs'), 'workflows'], { stdio: 'inherit' });
  }
  root = await mkdtemp(path.join(tmpdir(), 'oc-host-workflows-'));
  const dataDir = path.join(root, 'data');
  const load = loadConfig({ defaultConfigPath: DEFAULT_CONFIG, env: { OPEN_COWORK_USER_DATA_DIR: dataDir }, managedConfigPaths: [] });
  host = await Host.create({ load, appRoot: REPO_ROOT, dataDir, logger: new Logger({ runId: 'workflows', sink: () => undefined }), env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, checkResults: true });
  server = await createHostServer({ token: TOKEN, dispatcher: host.dispatcher, events: host.events });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await host?.stop();
  await rm(root, { recursive: true, force: true, maxRetries: 3 });
});

describe('workflows.* through the bundled workflows server', () => {
  it('lists nothing before a playbook is saved', async () => {
    expect(await ok(server, 'workflows.list', {})).toEqual({ workflows: [] });
  });

  it('lists and shows a playbook the server saved (as the workflow designer would), in the app\'s workflows folder', async () => {
    await host.workflows.call('save', PLAYBOOK);
    expect(existsSync(path.join(host.paths.workflowsDir, 'weekly-brief.json'))).toBe(true);
    const { workflows } = await ok(server, 'workflows.list', {});
    expect(workflows).toEqual([expect.objectContaining({ name: 'weekly-brief', title: 'Weekly brief', params: ['topic', 'audience'] })]);
    const workflow = await ok(server, 'workflows.get', { name: 'weekly-brief' });
    expect(workflow.params).toEqual([
      { name: 'topic', description: 'What the brief is about', required: true },
      { name: 'audience', description: '', required: false, default: 'the team' },
    ]);
    expect(workflow.template).toBe(PLAYBOOK.template);
  });

  it('runs a playbook: the prompt is filled in (defaults too) and the run is logged, newest first', async () => {
    const first = await ok(server, 'workflows.run', { name: 'weekly-brief', args: { topic: 'hiring' } });
    expect(first.prompt).toBe('Write a weekly brief about hiring for the team.');
    expect(first.args).toEqual({ topic: 'hiring', audience: 'the team' });
    const second = await ok(server, 'workflows.run', { name: 'weekly-brief', args: { topic: 'budget', audience: 'the board' } });
    expect(second.prompt).toBe('Write a weekly brief about budget for the board.');
    const { runs } = await ok(server, 'workflows.runs', { name: 'weekly-brief' });
    expect(runs.map((run) => run.id)).toEqual([second.id, first.id]);
    const log = await readFile(path.join(host.paths.workflowsDir, 'runs', 'weekly-brief.ndjson'), 'utf8');
    expect(log.trim().split('\n')).toHaveLength(2);
  });

  it('refuses a run without a required value, naming it, and records nothing', async () => {
    const answer = await call(server, 'workflows.run', { name: 'weekly-brief', args: { audience: 'sales' } });
    expect(answer.status).toBe(422);
    expect(answer.error).toMatchObject({ code: 'VALIDATION_FAILED', data: { issues: [{ pointer: '/args/topic' }] } });
    expect(answer.error?.message).toMatch(/missing required argument topic/);
    const unknown = await call(server, 'workflows.run', { name: 'weekly-brief', args: { topic: 'x', colour: 'red' } });
    expect(unknown.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(unknown.error?.message).toMatch(/unknown argument colour/);
    expect((await ok(server, 'workflows.runs', { name: 'weekly-brief' })).runs).toHaveLength(2);
  });

  it('answers NOT_FOUND for a playbook that does not exist and BAD_REQUEST for a name that cannot be one', async () => {
    expect((await call(server, 'workflows.get', { name: 'nothing-here' })).error).toMatchObject({ code: 'NOT_FOUND' });
    expect((await call(server, 'workflows.run', { name: 'nothing-here', args: {} })).status).toBe(404);
    const traversal = await call(server, 'workflows.get', { name: '../../etc/passwd' });
    expect(traversal.status).toBe(400);
    expect(traversal.error).toMatchObject({ code: 'BAD_REQUEST', data: { pointer: '/name' } });
  });

  it('deletes a playbook and keeps its run history', async () => {
    expect(await ok(server, 'workflows.delete', { name: 'weekly-brief' })).toEqual({ deleted: true });
    expect((await ok(server, 'workflows.list', {})).workflows).toEqual([]);
    expect((await call(server, 'workflows.delete', { name: 'weekly-brief' })).error).toMatchObject({ code: 'NOT_FOUND' });
    expect((await ok(server, 'workflows.runs', { name: 'weekly-brief' })).runs).toHaveLength(2);
  });
});
