// The composition root end to end, with fake Electron ports around a real Host (whose
// runtime is never started) and the repository's real default config.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, type LoadResult } from '@open-cowork/config';
import { Host, type HostOptions } from '@open-cowork/host';
import { startDesktop, type Desktop, type DesktopStart } from '../src/desktop.js';
import { CALL_CHANNEL, EVENT_CHANNEL, type IpcReply } from '../src/ipc.js';
import { DESKTOP_CONTENT_SECURITY_POLICY, START_URL } from '../src/origin.js';
import { fakePorts, frameEvent, PreventableEvent, recordingLogger, type FakePorts, type FakeWindow } from './fakes.js';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DEFAULT_CONFIG = path.join(REPO_ROOT, 'open-cowork.config.json');
const APP_PAGE = 'app://open-cowork/index.html';

interface Booted {
  readonly ports: FakePorts;
  readonly outcome: DesktopStart;
  readonly desktop: Desktop;
  readonly dataDir: string;
  readonly hosts: Host[];
  readonly stops: { count: number };
  readonly starts: { count: number };
  window(index?: number): FakeWindow;
  call(method: string, params?: unknown, window?: FakeWindow, url?: string): Promise<IpcReply>;
}

interface BootOptions {
  readonly platform?: NodeJS.Platform;
  readonly packaged?: boolean;
  readonly lock?: boolean;
  readonly load?: LoadResult;
  readonly safeStorage?: boolean;
  readonly quitTimeoutMs?: number;
  /** The host's stop never finishes. */
  readonly stopNever?: boolean;
  /** What the code-signature check answers. */
  readonly signed?: boolean;
  /** Where the host reads GitHub releases; default: a closed loopback port, so no test reaches the internet. */
  readonly githubApiBase?: string;
}

async function boot(options: BootOptions = {}): Promise<Booted> {
  const ports = fakePorts();
  ports.app.isPackaged = options.packaged ?? false;
  ports.app.lockGranted = options.lock ?? true;
  ports.safeStorage.available = options.safeStorage ?? true;
  ports.signed = options.signed ?? false;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-desktop-'));
  const rendererDir = path.join(dataDir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>renderer</title>');
  const load = options.load ?? loadConfig({ defaultConfigPath: DEFAULT_CONFIG, env: { OPEN_COWORK_USER_DATA_DIR: dataDir }, managedConfigPaths: [] });
  const hosts: Host[] = [];
  const stops = { count: 0 };
  const starts = { count: 0 };
  const createHost = async (hostOptions: HostOptions) => {
    const host = await Host.create({ ...hostOptions, updates: { ...hostOptions.updates, githubApiBase: options.githubApiBase ?? 'http://127.0.0.1:9' } });
    hosts.push(host);
    return {
      dispatcher: host.dispatcher,
      events: host.events,
      start: async () => void (starts.count += 1),
      stop: async () => {
        stops.count += 1;
        await host.stop();
        if (options.stopNever) await new Promise(() => undefined);
      },
    };
  };
  const starting = startDesktop(ports, {
    load,
    layout: { defaultConfig: DEFAULT_CONFIG, appRoot: REPO_ROOT, rendererDir, preload: '/app/dist/preload.cjs' },
    platform: options.platform ?? 'darwin',
    env: {},
    logger: recordingLogger().logger,
    createHost,
    ...(options.quitTimeoutMs === undefined ? {} : { quitTimeoutMs: options.quitTimeoutMs }),
  });
  ports.app.ready();
  const outcome = await starting;
  const window = (index = 0) => {
    const found = ports.windows[index];
    if (!found) throw new Error(`no window ${index}`);
    return found;
  };
  return {
    ports,
    outcome,
    get desktop() {
      if (outcome.status !== 'running') throw new Error(`not running: ${outcome.status}`);
      return outcome.desktop;
    },
    dataDir,
    hosts,
    stops,
    starts,
    window,
    call: (method, params = {}, target = window(0), url = APP_PAGE) =>
      ports.ipc.invoke(CALL_CHANNEL, frameEvent(target, url), method, params) as Promise<IpcReply>,
  };
}

describe('start-up', () => {
  it('settles name, data dir, the lock and privileged schemes before Electron is ready', async () => {
    const { ports, dataDir, outcome } = await boot();
    expect(outcome.status).toBe('running');
    expect(ports.app.calls.slice(0, 6)).toEqual([
      'setName',
      'setPath:userData',
      'setPath:sessionData',
      'requestSingleInstanceLock',
      'registerSchemesAsPrivileged',
      'ready',
    ]);
    expect(ports.app.name).toBe('Open Cowork');
    expect(ports.app.paths['userData']).toBe(dataDir);
    expect(ports.app.paths['sessionData']).toBe(path.join(dataDir, 'electron'));
    expect(ports.protocol.privileged.map((scheme) => scheme.scheme)).toEqual(['app', 'open-cowork-brand']);
  });

  it('hands over to the running instance when the lock is taken', async () => {
    const { ports, outcome, hosts } = await boot({ lock: false });
    expect(outcome).toEqual({ status: 'second-instance' });
    expect(ports.app.quitCalls).toBe(1);
    expect(ports.windows).toEqual([]);
    expect(hosts).toEqual([]);
  });

  it('refuses to start on a broken built-in config, saying why', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oc-desktop-bad-'));
    const file = path.join(dir, 'open-cowork.config.json');
    writeFileSync(file, '{ "contractVersion": 1, "branding": ');
    const load = loadConfig({ defaultConfigPath: file, env: { OPEN_COWORK_USER_DATA_DIR: dir }, managedConfigPaths: [] });
    const { ports, outcome } = await boot({ load });
    expect(outcome).toEqual({ status: 'config-failed' });
    expect(ports.errorBoxes).toHaveLength(1);
    expect(ports.errorBoxes[0]?.content).toContain('open-cowork.config.json');
    expect(ports.app.quitCalls).toBe(1);
    expect(ports.windows).toEqual([]);
    expect(ports.app.calls).not.toContain('requestSingleInstanceLock');
  });

  it('opens one locked-down window on the app page and starts the host', async () => {
    const { ports, starts } = await boot();
    expect(ports.windows).toHaveLength(1);
    expect(ports.windows[0]?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(ports.windows[0]?.options.webPreferences?.preload).toBe('/app/dist/preload.cjs');
    expect(ports.windows[0]?.loaded).toEqual([START_URL]);
    expect(starts.count).toBe(1);
  });

  it('puts the product name on the app menu', async () => {
    const { ports } = await boot();
    const [appMenu, ...rest] = ports.menus[0] ?? [];
    expect(appMenu?.label).toBe('Open Cowork');
    const roles = JSON.stringify(ports.menus[0]);
    for (const role of ['about', 'hide', 'quit', 'copy', 'paste', 'selectAll', 'minimize']) expect(roles).toContain(`"${role}"`);
    expect(rest.some((item) => item.role === 'help')).toBe(true);
  });
});

describe('what the window may load', () => {
  it('serves the renderer and brand assets through their protocols', async () => {
    const { ports } = await boot();
    const page = await ports.protocol.fetch('app://open-cowork/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(DESKTOP_CONTENT_SECURITY_POLICY);
    const mark = await ports.protocol.fetch('open-cowork-brand://brand/open-cowork-mark.svg');
    expect(mark.status).toBe(200);
    expect(mark.headers.get('content-type')).toBe('image/svg+xml');
    expect((await ports.protocol.fetch('open-cowork-brand://brand/../open-cowork.config.json')).status).toBe(404);
    expect((await ports.protocol.fetch('open-cowork-brand://brand/..%2fopen-cowork.config.json')).status).toBe(404);
  });

  it("puts the CSP on every response of the app's origin, replacing any other policy", async () => {
    const { ports } = await boot();
    const headers = ports.session.headersFor('app://open-cowork/assets/main.js', {
      'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
      'Content-Type': ['text/javascript'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/javascript'],
      'Content-Security-Policy': [DESKTOP_CONTENT_SECURITY_POLICY],
      'X-Content-Type-Options': ['nosniff'],
      'Referrer-Policy': ['no-referrer'],
    });
    const elsewhere = { 'Content-Type': ['text/html'] };
    expect(ports.session.headersFor('https://example.com/', elsewhere)).toEqual(elsewhere);
  });

  it('refuses every permission but writing to the clipboard', async () => {
    const { ports } = await boot();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) expect(ports.session.permission(permission)).toBe(false);
    expect(ports.session.permission('clipboard-sanitized-write')).toBe(true);
  });

  it('guards navigation and window.open', async () => {
    const { ports, window } = await boot();
    expect(window().webContents.navigate('https://example.com/')).toBe(false);
    expect(window().webContents.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(window().webContents.open('https://example.com/docs')).toEqual({ action: 'deny' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(ports.opened).toEqual(['https://example.com/', 'https://example.com/docs']);
  });
});

describe('the host over IPC', () => {
  it('answers the window with the real host', async () => {
    const { call } = await boot();
    const reply = await call('app.info');
    expect(reply).toHaveProperty('result');
    expect(JSON.stringify(reply)).toContain('"Open Cowork"');
    expect(JSON.stringify(reply)).toContain('9.8.7');
    await expect(call('workspaces.list')).resolves.toEqual({ result: { workspaces: [] } });
  });

  it('validates params at the edge and refuses strangers', async () => {
    const { call, window } = await boot();
    await expect(call('workspaces.add', { path: 7 })).resolves.toMatchObject({ error: { code: 'BAD_REQUEST', data: { pointer: '/path' } } });
    await expect(call('app.info', {}, window(), 'https://evil.example/')).resolves.toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('forwards host events to the window', async () => {
    const { hosts, window } = await boot();
    hosts[0]!.events.publish('runtime.status', { state: 'starting' } as never);
    expect(window().webContents.sent).toContainEqual({ channel: EVENT_CHANNEL, payload: { type: 'runtime.status', payload: { state: 'starting' } } });
  });

  it('refuses to store a credential when a packaged build has no keychain, writing nothing', async () => {
    const { call, dataDir } = await boot({ packaged: true, safeStorage: false });
    const reply = await call('providers.setCredential', { providerId: 'openrouter', key: 'apiKey', value: 'sk-or-secret-1' });
    expect(reply).toMatchObject({ error: { code: 'SECRET_STORAGE_UNAVAILABLE' } });
    const settings = path.join(dataDir, 'settings.json');
    if (existsSync(settings)) expect(readFileSync(settings, 'utf8')).not.toContain('sk-or-secret-1');
    expect(existsSync(path.join(dataDir, 'keys'))).toBe(false);
  });
});

describe('the app lifecycle', () => {
  it('brings the one window forward when a second instance starts', async () => {
    const { ports, window } = await boot();
    window().minimized = true;
    ports.app.secondInstance.emit();
    expect(ports.windows).toHaveLength(1);
    expect(window().minimized).toBe(false);
    expect(window().focused).toBe(true);
  });

  it('quits when the last window closes, except on macOS where the dock reopens it', async () => {
    const linux = await boot({ platform: 'linux' });
    linux.window().close();
    linux.ports.app.windowAllClosed.emit();
    expect(linux.ports.app.quitCalls).toBe(1);

    const mac = await boot({ platform: 'darwin' });
    mac.window().close();
    mac.ports.app.windowAllClosed.emit();
    expect(mac.ports.app.quitCalls).toBe(0);
    mac.ports.app.activate.emit();
    expect(mac.ports.windows).toHaveLength(2);
    // Calls from the new window are served; the closed one is gone.
    await expect(mac.call('workspaces.list', {}, mac.window(1))).resolves.toHaveProperty('result');
    await expect(mac.call('workspaces.list', {}, mac.window(0))).resolves.toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('stops the host before quitting, once', async () => {
    const { ports, stops } = await boot();
    const first = new PreventableEvent();
    ports.app.willQuit.emit(first);
    expect(first.prevented).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stops.count).toBe(1);
    expect(ports.app.quitCalls).toBe(1);
    expect(ports.ipc.handlers.size).toBe(0);
    expect(ports.protocol.handlers.size).toBe(0);
    const second = new PreventableEvent();
    ports.app.willQuit.emit(second);
    expect(second.prevented).toBe(false);
    expect(stops.count).toBe(1);
  });

  it('quits anyway when the host does not stop in time', async () => {
    const { ports } = await boot({ quitTimeoutMs: 10, stopNever: true });
    ports.app.willQuit.emit(new PreventableEvent());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ports.app.quitCalls).toBe(1);
  });
});

describe('updates', () => {
  /** A fake GitHub API on loopback whose newest release of open-cowork/open-cowork is `version`. */
  async function fakeGithub(version: string): Promise<{ base: string; requests: string[]; close(): Promise<void> }> {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url?.startsWith('/repos/open-cowork/open-cowork/releases?')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify([{ tag_name: `v${version}`, draft: false, prerelease: false, assets: [{ name: 'latest-mac.yml', url: `${base}/asset`, browser_download_url: `${base}/download/latest-mac.yml` }] }]));
      } else if (req.url === '/download/latest-mac.yml') {
        res.writeHead(200, { 'content-type': 'text/yaml' });
        res.end(`version: ${version}\nfiles:\n  - url: Open-Cowork-${version}-arm64-mac.zip\n    sha512: abc\n    size: 10\npath: Open-Cowork-${version}-arm64-mac.zip\n`);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      requests,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('are not checked at start in a development build, and electron-updater is not loaded', async () => {
    const { desktop, ports, call } = await boot();
    await expect(desktop.updateCheck).resolves.toBeUndefined();
    expect(ports.updaterLoads).toBe(0);
    const status = await call('updates.status');
    expect(status).toEqual({
      result: {
        label: 'GitHub Releases',
        channel: 'latest',
        currentVersion: ports.app.getVersion(),
        state: 'idle',
        inApp: false,
        manualUrl: 'https://github.com/open-cowork/open-cowork/releases',
      },
    });
    await expect(call('updates.download')).resolves.toMatchObject({ error: { code: 'UPDATE_UNAVAILABLE' } });
  });

  it("follow the config's feed in a signed packaged macOS build: checked by the host, downloaded by electron-updater", async () => {
    const github = await fakeGithub('99.0.0');
    try {
      const { desktop, ports, call } = await boot({ packaged: true, signed: true, githubApiBase: github.base });
      ports.updater.latest = '99.0.0';
      await expect(desktop.updateCheck).resolves.toMatchObject({ state: 'downloading', availableVersion: '99.0.0', inApp: true });
      await expect.poll(async () => ((await call('updates.status')) as { result: { state: string } }).result.state).toBe('ready');
      expect(github.requests[0]).toBe('/repos/open-cowork/open-cowork/releases?per_page=30');
      expect(ports.updaterLoads).toBe(1);
      expect(ports.updater.feed).toEqual({ provider: 'github', owner: 'open-cowork', repo: 'open-cowork', channel: 'latest' });
      expect(ports.updater.autoInstallOnAppQuit).toBe(true);
      expect(ports.updater.downloads).toBe(1);
      await expect(call('updates.install')).resolves.toMatchObject({ result: { state: 'ready' } });
      expect(ports.updater.installs).toBe(1);
    } finally {
      await github.close();
    }
  });

  it('stay on the manual link in an unsigned packaged build, without loading electron-updater', async () => {
    const github = await fakeGithub('99.0.0');
    try {
      const { desktop, ports } = await boot({ packaged: true, signed: false, githubApiBase: github.base });
      await expect(desktop.updateCheck).resolves.toMatchObject({ state: 'manual', reason: 'unsigned-build', availableVersion: '99.0.0', inApp: false });
      expect(ports.updaterLoads).toBe(0);
    } finally {
      await github.close();
    }
  });
});
