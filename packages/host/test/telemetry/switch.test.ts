// The Settings switch for telemetry (settings.telemetry / settings.setTelemetry) on a whole host
// over HTTP: it writes telemetry.collect into the user's config file and applies at once (events
// stop and start being written), it follows a hand edit of that file, and an administrator's
// managed value locks it — a write is refused and a user file that tries to override it loses.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@open-cowork/config';
import { afterEach, describe, expect, it } from 'vitest';
import { Host } from '../../src/host.js';
import { Logger } from '../../src/log/index.js';
import { onlyTelemetryChanged } from '../../src/telemetry/switch.js';
import { createHostServer, type HostServer } from '../../src/transport/index.js';
import { TOKEN } from '../transport/helpers.js';
import { call, ok } from '../host/support.js';

const DEFAULT_CONFIG = path.resolve(import.meta.dirname, '../../../../open-cowork.config.json');

interface Setup {
  readonly host: Host;
  readonly server: HostServer;
  readonly dataDir: string;
  readonly userFile: string;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { user?: object; managed?: object } = {}): Promise<Setup> {
  const root = await mkdtemp(path.join(tmpdir(), 'oc-telemetry-switch-'));
  cleanups.push(() => rm(root, { recursive: true, force: true, maxRetries: 3 }));
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir, { recursive: true });
  const userFile = path.join(dataDir, 'config.json');
  if (options.user !== undefined) await writeFile(userFile, JSON.stringify(options.user));
  const managedConfigPaths: string[] = [];
  if (options.managed !== undefined) {
    const managed = path.join(root, 'managed', 'config.json');
    await mkdir(path.dirname(managed), { recursive: true });
    await writeFile(managed, JSON.stringify(options.managed));
    managedConfigPaths.push(managed);
  }
  const loadNow = () => loadConfig({ defaultConfigPath: DEFAULT_CONFIG, env: { OPEN_COWORK_USER_DATA_DIR: dataDir }, managedConfigPaths });
  const host = await Host.create({ load: loadNow(), reloadConfig: loadNow, appRoot: root, dataDir, logger: new Logger({ runId: 'switch', sink: () => undefined }), env: {}, checkResults: true, homeDir: root });
  const server = await createHostServer({ token: TOKEN, dispatcher: host.dispatcher, events: host.events });
  cleanups.push(async () => {
    await server.close();
    await host.stop();
  });
  return { host, server, dataDir, userFile };
}

/** The telemetry events written so far. */
async function events(s: Setup): Promise<{ event: string; data: Record<string, unknown> }[]> {
  await s.host.observability.telemetry.flush();
  const dir = path.join(s.dataDir, 'telemetry');
  const files = await readdir(dir).catch(() => [] as string[]);
  const lines = (await Promise.all(files.map((file) => readFile(path.join(dir, file), 'utf8')))).join('').trim();
  return lines === '' ? [] : lines.split('\n').map((line) => JSON.parse(line) as { event: string; data: Record<string, unknown> });
}

/** A call that fails (NOT_FOUND), which telemetry records as host.error when it is on. */
async function failingCall(s: Setup, id: string): Promise<void> {
  expect((await call(s.server, 'agents.get', { name: id })).status).toBe(404);
}

const errorsFor = async (s: Setup) => (await events(s)).filter((event) => event.event === 'host.error').length;

describe('the telemetry switch', () => {
  it('is on by default, writes telemetry.collect into the user file, keeps the rest of the file, and applies at once', async () => {
    const s = await setup({ user: { i18n: { locale: 'en-GB' } } });
    expect(await ok(s.server, 'settings.telemetry', {})).toEqual({ on: true, file: '~/data/config.json' });
    await failingCall(s, 'missing-before');
    expect(await errorsFor(s)).toBe(1);

    expect(await ok(s.server, 'settings.setTelemetry', { on: false })).toEqual({ on: false, file: '~/data/config.json' });
    expect(JSON.parse(await readFile(s.userFile, 'utf8'))).toEqual({ i18n: { locale: 'en-GB' }, telemetry: { collect: false } });
    expect(s.host.observability.telemetry.status().enabled).toBe(false);
    await failingCall(s, 'missing-while-off');
    expect(await errorsFor(s)).toBe(1);

    expect((await ok(s.server, 'settings.setTelemetry', { on: true })).on).toBe(true);
    await failingCall(s, 'missing-after');
    expect(await errorsFor(s)).toBe(2);
  });

  it('follows a hand edit of the user file', async () => {
    const s = await setup();
    await writeFile(s.userFile, JSON.stringify({ telemetry: { collect: false } }));
    expect(s.host.userConfig.reload().applied).toBe(true);
    expect((await ok(s.server, 'settings.telemetry', {})).on).toBe(false);
  });

  it('is locked by an administrator\'s managed value: shown with the reason, a write refused, the user file left alone', async () => {
    const s = await setup({ managed: { telemetry: { collect: false } } });
    expect(await ok(s.server, 'settings.telemetry', {})).toMatchObject({ on: false, lockedBy: 'managed' });
    const refused = await call(s.server, 'settings.setTelemetry', { on: true });
    expect(refused.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'PERMISSION_CEILING', data: { capability: 'telemetry', requested: 'on', ceiling: 'off' } });
    expect(refused.error?.message).toMatch(/administrator/);
    await expect(readFile(s.userFile, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    await failingCall(s, 'missing-managed');
    expect(await events(s)).toEqual([]);
  });

  it('keeps a managed "on" against a user file that switches it off by hand', async () => {
    const s = await setup({ managed: { telemetry: { collect: true } }, user: { telemetry: { collect: false } } });
    expect(await ok(s.server, 'settings.telemetry', {})).toMatchObject({ on: true, lockedBy: 'managed' });
    expect((await call(s.server, 'settings.setTelemetry', { on: false })).error).toMatchObject({ code: 'PERMISSION_CEILING' });
    await failingCall(s, 'missing-kept-on');
    // Both failures are recorded: the refused switch and the failing call.
    expect((await events(s)).filter((event) => event.event === 'host.error').map((event) => event.data['method'])).toEqual(['settings.setTelemetry', 'agents.get']);
  });

  it('does not rewrite a config.jsonc (its comments would be lost) and says how to set it by hand', async () => {
    const s = await setup();
    const jsonc = path.join(s.dataDir, 'config.jsonc');
    const text = '{\n  // my own notes\n  "i18n": { "locale": "en-GB" }\n}\n';
    await writeFile(jsonc, text);
    expect(s.host.userConfig.reload().applied).toBe(true);
    const refused = await call(s.server, 'settings.setTelemetry', { on: false });
    expect(refused.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refused.error?.message).toMatch(/comments.*"telemetry": \{ "collect": false \}/);
    expect(await readFile(jsonc, 'utf8')).toBe(text);
    expect((await ok(s.server, 'settings.telemetry', {})).on).toBe(true);
  });

  it('counts a change of the telemetry section alone as needing no runtime restart', () => {
    const load = loadConfig({ defaultConfigPath: DEFAULT_CONFIG, env: {}, managedConfigPaths: [] });
    const config = load.config!;
    expect(onlyTelemetryChanged(config, { ...config, telemetry: { collect: false } })).toBe(true);
    expect(onlyTelemetryChanged(config, { ...config, i18n: { locale: 'en-GB' }, telemetry: { collect: false } })).toBe(false);
  });
});
