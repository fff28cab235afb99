// The desktop's composition root: Electron (as ports) around one Host. It decides the data
// dir and the single-instance lock, serves the renderer and brand assets, opens the window,
// carries the host contract over IPC, wires the Electron-only ports (safeStorage, the system
// browser, the updater) and stops the host before the app quits.
import path from 'node:path';
import { formatIssue, type LoadResult, type OpenCoworkConfig } from '@open-cowork/config';
import { appPaths, Host, inProcess, KeyFileCipher, type HostDispatcher, type HostEventBus, type HostOptions, type Logger } from '@open-cowork/host';
import type { UpdateStatus } from '@open-cowork/contracts';
import { registerHostIpc } from './ipc.js';
import type { DesktopLayout } from './layout.js';
import { appMenuTemplate } from './menu.js';
import { PRIVILEGED_SCHEMES } from './origin.js';
import type { DesktopPorts, Disposer, WindowPort } from './ports.js';
import { registerProtocols } from './protocols.js';
import { SafeStorageCipher } from './safe-storage-cipher.js';
import { registerSessionSecurity } from './session-security.js';
import { ShellBrowserOpener } from './shell-browser-opener.js';
import { ElectronUpdateDriver } from './updates.js';
import { createMainWindow } from './window.js';
import { WINDOW_STATE_FILE } from './window-state.js';

/** What the desktop needs of a Host (tests pass a Host whose runtime never starts). */
export interface DesktopHost {
  readonly dispatcher: Pick<HostDispatcher, 'dispatch' | 'has' | 'call'>;
  readonly events: Pick<HostEventBus, 'subscribe'>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface DesktopOptions {
  /** The effective config (loaded before anything else: it names the data dir). */
  readonly load: LoadResult;
  /** Loads the config again the same way (the user's config file changed); unset: it is fixed. */
  readonly reloadConfig?: () => LoadResult;
  readonly layout: DesktopLayout;
  readonly platform: NodeJS.Platform;
  /** The environment the runtime's allowlist draws from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  /** Told the data dir once it is known (the log starts writing there). */
  readonly onDataDir?: (dataDir: string) => void;
  /** Default: Host.create. */
  readonly createHost?: (options: HostOptions) => Promise<DesktopHost>;
  /** How long quitting waits for the host to stop before it quits anyway. Default 15 s. */
  readonly quitTimeoutMs?: number;
}

export interface Desktop {
  readonly host: DesktopHost;
  readonly dataDir: string;
  /** The main window while one is open. */
  window(): WindowPort | undefined;
  /** Opens the main window, or brings the open one forward. */
  showWindow(): WindowPort;
  /**
   * The start-up update round (packaged builds only; never rejects): the check's status, or
   * the status once the download of what it found has begun. Development builds check when asked.
   */
  readonly updateCheck: Promise<UpdateStatus | undefined>;
  /** Stops the host and undoes every registration. Idempotent. */
  shutdown(): Promise<void>;
}

export type DesktopStart =
  | { readonly status: 'running'; readonly desktop: Desktop }
  /** Another instance runs; it was told to come forward, and this one quits. */
  | { readonly status: 'second-instance' }
  /** The built-in or an administrator's config is invalid: nothing started. */
  | { readonly status: 'config-failed' };

/**
 * Starts the desktop. Runs its first steps synchronously, as Electron requires of some of
 * them (paths, the lock and privileged schemes must be settled before the app is ready).
 */
export function startDesktop(ports: DesktopPorts, options: DesktopOptions): Promise<DesktopStart> {
  const { app } = ports;
  const { load, logger } = options;
  const config = load.config;
  for (const issue of load.issues) logger.warn(`config: ${formatIssue(issue)}`);
  if (config === undefined || load.failedClosed) return refuseToStart(ports, load);

  const dataDir = load.dataDir;
  app.setName(config.branding.name);
  app.setPath('userData', dataDir);
  app.setPath('sessionData', path.join(dataDir, 'electron'));
  options.onDataDir?.(dataDir);
  // The lock lives in userData, so it is taken per brand and per data dir.
  if (!app.requestSingleInstanceLock()) {
    logger.info('another instance is running; handing over to it');
    app.quit();
    return Promise.resolve({ status: 'second-instance' });
  }
  ports.protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
  return app.whenReady().then(() => run(ports, options, config, dataDir));
}

async function run(ports: DesktopPorts, options: DesktopOptions, config: OpenCoworkConfig, dataDir: string): Promise<DesktopStart> {
  const { app } = ports;
  const { load, layout, logger } = options;
  const productName = config.branding.name;
  const disposers: Disposer[] = [];
  const opener = new ShellBrowserOpener(ports.shell);
  const cipher = new SafeStorageCipher({
    safeStorage: ports.safeStorage,
    isPackaged: app.isPackaged,
    fallback: new KeyFileCipher(appPaths(dataDir).keyFile),
    logger,
  });
  const host = await (options.createHost ?? Host.create)({
    load,
    ...(options.reloadConfig === undefined ? {} : { reloadConfig: options.reloadConfig }),
    appRoot: layout.appRoot,
    dataDir,
    logger,
    env: options.env,
    cipher,
    browser: opener,
    version: app.getVersion(),
    packaged: app.isPackaged,
    // The host decides the feed and whether this build installs by itself; electron-updater only carries it out.
    updates: {
      build: ports.codeSigned().then(
        (signed) => ({ packaged: app.isPackaged, platform: options.platform, signed }),
        () => ({ packaged: app.isPackaged, platform: options.platform, signed: false }),
      ),
      driver: new ElectronUpdateDriver(() => ports.loadUpdater()),
    },
  });

  disposers.push(registerProtocols(ports.protocol, { rendererDir: layout.rendererDir, brandRoots: brandRoots(load) }));
  registerSessionSecurity(ports.session);
  ports.menu.setApplicationMenu(
    appMenuTemplate({
      productName,
      platform: options.platform,
      helpUrl: config.branding.helpUrl,
      developer: !app.isPackaged,
      openExternal: (url) => void opener.open(url).catch((error: unknown) => logger.warn(`could not open help: ${String(error)}`)),
    }),
  );

  let current: WindowPort | undefined;
  const showWindow = (): WindowPort => {
    if (current !== undefined && !current.isDestroyed()) {
      if (current.isMinimized()) current.restore();
      current.show();
      current.focus();
      return current;
    }
    const window = createMainWindow({
      ports,
      preload: layout.preload,
      title: productName,
      ...(load.assets.appIcon === undefined ? {} : { icon: load.assets.appIcon }),
      stateFile: path.join(dataDir, WINDOW_STATE_FILE),
      opener,
      logger,
    });
    window.onClosed(() => {
      if (current === window) current = undefined;
    });
    current = window;
    return window;
  };
  disposers.push(registerHostIpc({ ipc: ports.ipc, dispatcher: host.dispatcher, events: host.events, window: () => current, logger }));
  showWindow();

  disposers.push(
    app.onSecondInstance(() => showWindow()),
    app.onActivate(() => showWindow()),
    // macOS apps stay open without windows; the dock icon brings one back.
    app.onWindowAllClosed(() => {
      if (options.platform !== 'darwin') app.quit();
    }),
  );

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      for (const dispose of disposers.splice(0).reverse()) dispose();
      try {
        await host.stop();
      } catch (error) {
        logger.error(`the host did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
    return stopping;
  };
  let stopped = false;
  const unquit = app.onWillQuit((event) => {
    if (stopped) return;
    // Quit only once the runtime (and the MCP servers under it) are down, or after a while anyway.
    event.preventDefault();
    const patience = new Promise<void>((resolve) => setTimeout(resolve, options.quitTimeoutMs ?? 15_000).unref());
    void Promise.race([shutdown(), patience]).finally(() => {
      stopped = true;
      unquit();
      app.quit();
    });
  });

  host.start().catch((error: unknown) => {
    // The window stays usable: runtime.status reports the failure and runtime.restart retries.
    logger.error(`the runtime did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  const updateCheck = app.isPackaged ? startupUpdateRound(host, logger) : Promise.resolve(undefined);

  return { status: 'running', desktop: { host, dataDir, window: () => current, showWindow, updateCheck, shutdown } };
}

/** Checks the feed once; when this build may install by itself, downloads what it found (it installs on quit or restart). */
async function startupUpdateRound(host: DesktopHost, logger: Logger): Promise<UpdateStatus | undefined> {
  try {
    const caller = inProcess('desktop.update-round');
    const status = await host.dispatcher.call('updates.check', {}, caller);
    return status.state === 'available' ? await host.dispatcher.call('updates.download', {}, caller) : status;
  } catch (error) {
    logger.warn(`the start-up update check failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function refuseToStart(ports: DesktopPorts, load: LoadResult): Promise<DesktopStart> {
  await ports.app.whenReady();
  const errors = load.issues.filter((issue) => issue.severity === 'error').map(formatIssue);
  ports.dialog.showErrorBox(
    'The app cannot start',
    `Its configuration has errors, so it will not start on a guess:\n\n${errors.join('\n') || 'The built-in configuration could not be loaded.'}`,
  );
  ports.app.quit();
  return { status: 'config-failed' };
}

/** `branding/` beside every applied config layer, the highest layer first (later layers win). */
export function brandRoots(load: LoadResult): string[] {
  const roots = load.layers.filter((layer) => layer.status === 'applied').map((layer) => path.join(path.dirname(layer.file), 'branding'));
  return [...new Set(roots.reverse())];
}
