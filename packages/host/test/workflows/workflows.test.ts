// workflows.* over HTTP against a host that reaches the real bundled workflows server (this
// repository's mcps/workflows/dist) through a real MCP client, started the way the runtime starts
// it. The runtime itself is not booted: the Workflows page does not need it. Every answer is
// checked against the contract (checkResults).
import { execFileSync, spawnSync } from 'node:child_process';
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

/** Pids of this test process's children running the workflows server. */
const serverPids = (): number[] =>
  spawnSync('pgrep', ['-P', String(process.pid), '-f', 'mcps/workflows/dist/index.js'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.trim() !== '')
    .map(Number);
const DEFAULT_CONFIG = path.join(REPO_ROOT, 'open-cowork.config.json');

let root: string;
let host: Host;
let server: HostServer;

const PLAYBOOK = {
  name: 'release-notes',
  title: 'Release notes',
  template: 'Draft release notes for version {{version}} in a {{tone}} tone.',
  params: [{ name: 'version', description: 'The version released' }, { name: 'tone', default: 'plain' }],
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
    expect(existsSync(path.join(host.paths.workflowsDir, 'release-notes.json'))).toBe(true);
    const { workflows } = await ok(server, 'workflows.list', {});
    expect(workflows).toEqual([expect.objectContaining({ name: 'release-notes', title: 'Release notes', params: ['version', 'tone'] })]);
    const workflow = await ok(server, 'workflows.get', { name: 'release-notes' });
    expect(workflow.params).toEqual([
      { name: 'version', description: 'The version released', required: true },
      { name: 'tone', description: '', required: false, default: 'plain' },
    ]);
    expect(workflow.template).toBe(PLAYBOOK.template);
  });

  it('runs a playbook: the prompt is filled in (defaults too) and the run is logged, newest first', async () => {
    const first = await ok(server, 'workflows.run', { name: 'release-notes', args: { version: '2.1' } });
    expect(first.prompt).toBe('Draft release notes for version 2.1 in a plain tone.');
    expect(first.args).toEqual({ version: '2.1', tone: 'plain' });
    const second = await ok(server, 'workflows.run', { name: 'release-notes', args: { version: '2.2', tone: 'cheerful' } });
    expect(second.prompt).toBe('Draft release notes for version 2.2 in a cheerful tone.');
    const { runs } = await ok(server, 'workflows.runs', { name: 'release-notes' });
    expect(runs.map((run) => run.id)).toEqual([second.id, first.id]);
    const log = await readFile(path.join(host.paths.workflowsDir, 'runs', 'release-notes.ndjson'), 'utf8');
    expect(log.trim().split('\n')).toHaveLength(2);
  });

  it('refuses a run without a required value, naming it, and records nothing', async () => {
    const answer = await call(server, 'workflows.run', { name: 'release-notes', args: { tone: 'dry' } });
    expect(answer.status).toBe(422);
    expect(answer.error).toMatchObject({ code: 'VALIDATION_FAILED', data: { issues: [{ pointer: '/args/version' }] } });
    expect(answer.error?.message).toMatch(/missing required argument version/);
    const unknown = await call(server, 'workflows.run', { name: 'release-notes', args: { version: '3', colour: 'red' } });
    expect(unknown.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(unknown.error?.message).toMatch(/unknown argument colour/);
    expect((await ok(server, 'workflows.runs', { name: 'release-notes' })).runs).toHaveLength(2);
  });

  it('answers NOT_FOUND for a playbook that does not exist and BAD_REQUEST for a name that cannot be one', async () => {
    expect((await call(server, 'workflows.get', { name: 'nothing-here' })).error).toMatchObject({ code: 'NOT_FOUND' });
    expect((await call(server, 'workflows.run', { name: 'nothing-here', args: {} })).status).toBe(404);
    const traversal = await call(server, 'workflows.get', { name: '../../etc/passwd' });
    expect(traversal.status).toBe(400);
    expect(traversal.error).toMatchObject({ code: 'BAD_REQUEST', data: { pointer: '/name' } });
  });

  it('deletes a playbook and keeps its run history', async () => {
    expect(await ok(server, 'workflows.delete', { name: 'release-notes' })).toEqual({ deleted: true });
    expect((await ok(server, 'workflows.list', {})).workflows).toEqual([]);
    expect((await call(server, 'workflows.delete', { name: 'release-notes' })).error).toMatchObject({ code: 'NOT_FOUND' });
    expect((await ok(server, 'workflows.runs', { name: 'release-notes' })).runs).toHaveLength(2);
  });

  it('starts the server again after it died, and leaves none running once closed', async () => {
    const [pid] = serverPids();
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    await expect.poll(() => serverPids().includes(pid!)).toBe(false);
    expect((await ok(server, 'workflows.list', {})).workflows).toEqual([]);
    expect(serverPids()).toHaveLength(1);
    expect(serverPids()).not.toContain(pid);
    await host.workflows.close();
    await expect.poll(() => serverPids()).toEqual([]);
    expect((await call(server, 'workflows.list', {})).error).toMatchObject({ code: 'WORKFLOWS_UNAVAILABLE' });
  });
});
