import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { START_URL } from '../src/origin.js';
import { ShellBrowserOpener } from '../src/shell-browser-opener.js';
import { createMainWindow } from '../src/window.js';
import { fakePorts, FakeNavigation, PreventableEvent, recordingLogger, type FakeWindow } from './fakes.js';

function open(options: { stateFile?: string; icon?: string } = {}) {
  const ports = fakePorts();
  const { logger, records } = recordingLogger();
  const opener = new ShellBrowserOpener(ports.shell);
  const stateFile = options.stateFile ?? path.join(mkdtempSync(path.join(tmpdir(), 'oc-window-')), 'window-state.json');
  const window = createMainWindow({ ports, preload: '/app/preload.cjs', title: 'Open Cowork', stateFile, opener, logger, ...(options.icon === undefined ? {} : { icon: options.icon }) }) as FakeWindow;
  return { ports, window, records, stateFile };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the main window', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, web security, the preload', () => {
    const { window } = open();
    const prefs = window.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
    expect(window.options.show).toBe(false);
    expect(window.loaded).toEqual([START_URL]);
  });

  it('uses the brand\'s window icon when the config names one (branding.appIcon), and the bundled one otherwise', () => {
    expect(open({ icon: '/downstream/branding/app.png' }).window.options.icon).toBe('/downstream/branding/app.png');
    expect(open().window.options).not.toHaveProperty('icon');
  });

  it('shows itself once the page is ready', () => {
    const { window } = open();
    expect(window.visible).toBe(false);
    window.readyToShow.emit();
    expect(window.visible).toBe(true);
  });

  it("keeps navigation on the app's origin", () => {
    const { window } = open();
    expect(window.webContents.navigate('app://open-cowork/index.html#/settings')).toBe(true);
    expect(window.webContents.navigate('app://elsewhere/index.html')).toBe(false);
    expect(window.webContents.navigate('http://localhost:8787/')).toBe(false);
    const redirect = new FakeNavigation('https://evil.example/');
    window.webContents.willRedirect.emit(redirect);
    expect(redirect.prevented).toBe(true);
    const webview = new PreventableEvent();
    window.webContents.willAttachWebview.emit(webview);
    expect(webview.prevented).toBe(true);
  });

  it('sends a clicked https link to the system browser instead of loading it', async () => {
    const { ports, window } = open();
    expect(window.webContents.navigate('https://docs.example/guide?x=1')).toBe(false);
    await flush();
    expect(ports.opened).toEqual(['https://docs.example/guide?x=1']);
  });

  it('denies every window.open, handing https and mailto: links to the system', async () => {
    const { ports, window } = open();
    expect(window.webContents.open('https://example.com/a')).toEqual({ action: 'deny' });
    expect(window.webContents.open('mailto:help@example.com')).toEqual({ action: 'deny' });
    await flush();
    expect(ports.opened).toEqual(['https://example.com/a', 'mailto:help@example.com']);
  });

  it('refuses javascript:, file:, http: and custom schemes outright', async () => {
    const { ports, window, records } = open();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'http://example.com/', 'vscode://open?x', 'not a url']) {
      expect(window.webContents.open(url)).toEqual({ action: 'deny' });
      expect(window.webContents.navigate(url)).toBe(false);
    }
    await flush();
    expect(ports.opened).toEqual([]);
    const warnings = records.filter((record) => record.level === 'warn');
    expect(warnings.length).toBeGreaterThan(0);
    // Logs name the scheme and host, never a path or query that could hold a token.
    expect(JSON.stringify(warnings)).not.toContain('passwd');
  });
});

describe('window state', () => {
  it('is saved on close and restored at the next start', () => {
    const first = open();
    first.window.bounds = { x: 100, y: 120, width: 1000, height: 700 };
    first.window.maximized = true;
    first.window.close();
    expect(JSON.parse(readFileSync(first.stateFile, 'utf8'))).toEqual({ x: 100, y: 120, width: 1000, height: 700, maximized: true });

    const second = open({ stateFile: first.stateFile });
    expect(second.window.options).toMatchObject({ x: 100, y: 120, width: 1000, height: 700 });
    second.window.readyToShow.emit();
    expect(second.window.maximized).toBe(true);
    expect(second.window.visible).toBe(true);
  });

  it('is clamped back onto a display when the saved one is gone', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oc-window-'));
    const stateFile = path.join(dir, 'window-state.json');
    // Saved on a second monitor to the right that is no longer attached.
    writeFileSync(stateFile, JSON.stringify({ x: 2400, y: 200, width: 1200, height: 800, maximized: false }));
    const { window } = open({ stateFile });
    const { x = 0, y = 0, width = 0, height = 0 } = window.options;
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x + width).toBeLessThanOrEqual(1920);
    expect(y).toBeGreaterThanOrEqual(25);
    expect(y + height).toBeLessThanOrEqual(1080);
    expect({ width, height }).toEqual({ width: 1200, height: 800 });
  });

  it('ignores a damaged state file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oc-window-'));
    const stateFile = path.join(dir, 'window-state.json');
    writeFileSync(stateFile, '{"x": "left", "width": -5');
    const { window } = open({ stateFile });
    expect(window.options).toMatchObject({ width: 1280, height: 820 });
  });
});

describe('ShellBrowserOpener', () => {
  it('opens https and mailto: only, with coded errors for the rest', async () => {
    const ports = fakePorts();
    const opener = new ShellBrowserOpener(ports.shell);
    await opener.open('https://example.com/');
    await opener.open('mailto:a@example.com');
    await expect(opener.open('http://example.com/')).rejects.toMatchObject({ code: 'BROWSER_URL_REJECTED' });
    await expect(opener.open('file:///Applications/Calculator.app')).rejects.toMatchObject({ code: 'BROWSER_URL_REJECTED' });
    await expect(opener.open('javascript:alert(1)')).rejects.toMatchObject({ code: 'BROWSER_URL_REJECTED' });
    expect(ports.opened).toEqual(['https://example.com/', 'mailto:a@example.com']);
  });

  it('reports a failing shell as BROWSER_OPEN_FAILED', async () => {
    const opener = new ShellBrowserOpener({ openExternal: async () => Promise.reject(new Error('no handler')) });
    await expect(opener.open('https://example.com/')).rejects.toMatchObject({ code: 'BROWSER_OPEN_FAILED' });
  });
});
