// A host whose runtime has not started (or was stopped): everything that does not need the
// runtime works, the rest answers RUNTIME_NOT_READY, and stopping is idempotent. No runtime
// is booted in this file.
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@open-cowork/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host } from '../../src/host.js';
import { Logger, type LogRecord } from '../../src/log/index.js';
import { createHostServer, type HostServer } from '../../src/transport/index.js';
import { TOKEN } from '../transport/helpers.js';
import { call, ok } from './support.js';

const DEFAULT_CONFIG = fileURLToPath(new URL('../../../../open-cowork.config.json', import.meta.url));

let root: string;
let host: Host;
let server: HostServer;
const logs: LogRecord[] = [];
const hostLogger = new Logger({ runId: 'idle', sink: (record) => logs.push(record) });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'oc-host-idle-'));
  const dataDir = path.join(root, 'data');
  const load = loadConfig({ defaultConfigPath: DEFAULT_CONFIG, env: { OPEN_COWORK_USER_DATA_DIR: dataDir }, managedConfigPaths: [] });
  host = await Host.create({ load, appRoot: root, dataDir, logger: hostLogger, env: {}, checkResults: true });
  server = await createHostServer({ token: TOKEN, dispatcher: host.dispatcher, events: host.events });
});

afterAll(async () => {
  await server?.close();
  await host?.stop();
  await rm(root, { recursive: true, force: true, maxRetries: 3 });
});

describe('a host whose runtime is not running', () => {
  it('reports the runtime stopped and still answers app, workspace and settings methods', async () => {
    expect(await ok(server, 'runtime.status', {})).toEqual({ state: 'stopped' });
    expect((await ok(server, 'app.info', {})).name).toBe('Open Cowork');
    const workspace = await ok(server, 'workspaces.add', { path: root });
    expect((await ok(server, 'workspaces.list', {})).workspaces).toEqual([workspace]);
    expect((await ok(server, 'settings.set', { patch: { permissions: { bash: 'allow' }, appearance: 'light' } })).appearance).toBe('light');
    expect(host.runtime.status.state).toBe('stopped'); // a settings change does not start it
  });

  it('answers app.diagnostics and workspaces.files without a runtime', async () => {
    const diagnostics = await ok(server, 'app.diagnostics', {});
    expect(diagnostics.runtime).toEqual({ state: 'stopped' });
    expect(diagnostics.versions).toMatchObject({ contract: 1, node: process.versions.node, platform: process.platform, arch: process.arch });
    expect(diagnostics.dataDir).toBe(path.join(root, 'data'));
    // Every record this run's logger wrote so far, in order, through the tap.
    expect(diagnostics.logs.map((line) => line.message.split(' ')[0])).toEqual(logs.map((record) => record.message.split(' ')[0]));
    const [workspace] = (await ok(server, 'workspaces.list', {})).workspaces;
    const { files, truncated } = await ok(server, 'workspaces.files', { workspaceId: workspace!.id, query: 'settings' });
    expect(truncated).toBe(false);
    expect(files.map((file) => file.path)).toEqual(['data/settings.json']);
  });

  it('answers 503 RUNTIME_NOT_READY for what needs the runtime', async () => {
    const [workspace] = (await ok(server, 'workspaces.list', {})).workspaces;
    const calls = [
      call(server, 'sessions.create', { workspaceId: workspace!.id }),
      call(server, 'sessions.list', { workspaceId: workspace!.id }),
      call(server, 'sessions.get', { sessionId: 'ses_x' }),
      call(server, 'permissions.list', {}),
      call(server, 'questions.list', { workspaceId: workspace!.id }),
      call(server, 'permissions.reply', { requestId: 'per_x', reply: 'once' }),
    ];
    for (const answer of await Promise.all(calls)) {
      expect(answer.status).toBe(503);
      expect(answer.error).toMatchObject({ code: 'RUNTIME_NOT_READY', data: { state: 'stopped' } });
    }
  });

  it('settings.set names the offending field under /patch when the store refuses it', async () => {
    const refused = await host.call('settings.set', { patch: { permissions: { shell: 'allow' } } as never }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', data: { pointer: '/patch/permissions/shell', issues: [{ pointer: '/patch/permissions/shell' }] } });
  });

  it('seals credentials with a key file in the data dir unless told otherwise', async () => {
    await host.settings.setCredential('provider', 'openrouter', 'apiKey', 'sk-or-secret');
    await access(host.paths.keyFile);
    expect(await host.settings.credentials()).toMatchObject({ providers: { openrouter: { apiKey: { set: true, secret: true } } } });
  });

  it('keeps the API token out of both diagnostics methods, wherever it showed up in a log', async () => {
    host.addSecret(TOKEN);
    // Another server over the same host, logging its requests the way `serve` does.
    const http = hostLogger.for('http');
    const logging = await createHostServer({ token: TOKEN, dispatcher: host.dispatcher, log: (entry) => http.info(`${entry.method} ${entry.path} ${entry.status}`) });
    try {
      await fetch(`${logging.url}/api/${TOKEN}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
      await fetch(`${logging.url}/static/${TOKEN}.js`);
    } finally {
      await logging.close();
    }
    // A line that quotes it some other way (a client's mistake echoed in an error).
    host.runtime.supervisor.logs.note(`a client sent ${TOKEN} where a session id belongs`);
    const diagnostics = JSON.stringify(await ok(server, 'app.diagnostics', {}));
    const bundle = JSON.stringify(await ok(server, 'app.exportDiagnostics', {}));
    expect(diagnostics).not.toContain(TOKEN);
    expect(bundle).not.toContain(TOKEN);
    expect(diagnostics).toContain('/api/[redacted]');
  });

  it('stops idempotently, and refuses to start again', async () => {
    await Promise.all([host.stop(), host.stop()]);
    await host.stop();
    await expect(host.start()).rejects.toThrow(/stopped/);
  });
});
