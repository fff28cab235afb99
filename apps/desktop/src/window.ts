// The one main window: locked-down web preferences, navigation kept on the app's origin,
// every new window refused (links the user may follow go to the system browser), and its
// size and place kept between runs.
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import type { BrowserOpener, Logger } from '@open-cowork/host';
import { externalUrl, isAppUrl, START_URL } from './origin.js';
import type { DesktopPorts, WebContentsPort, WindowPort } from './ports.js';
import { MIN_WINDOW_SIZE, readWindowState, restoredBounds, writeWindowState } from './window-state.js';

export interface MainWindowOptions {
  readonly ports: Pick<DesktopPorts, 'createWindow' | 'screen'>;
  /** Absolute path of the built preload script. */
  readonly preload: string;
  readonly title: string;
  /** The brand's window icon (`branding.appIcon`, checked by the config loader); unset keeps the bundled one. */
  readonly icon?: string;
  /** Where the bounds are kept (`<dataDir>/window-state.json`). */
  readonly stateFile: string;
  readonly opener: BrowserOpener;
  readonly logger: Logger;
}

/** The window's options. The renderer gets no Node, no Electron, and a separate JS world. */
export function mainWindowOptions(bounds: Rectangle, preload: string, title: string, icon?: string): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title,
    ...(icon === undefined ? {} : { icon }),
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  };
}

export function createMainWindow(options: MainWindowOptions): WindowPort {
  const { ports, logger } = options;
  const saved = readWindowState(options.stateFile);
  const bounds = restoredBounds(saved, ports.screen.workAreas(), ports.screen.primaryWorkArea());
  const window = ports.createWindow(mainWindowOptions(bounds, options.preload, options.title, options.icon));
  guardWebContents(window.webContents, options);

  window.onReadyToShow(() => {
    // maximize() also shows the window.
    if (saved?.maximized === true) window.maximize();
    else window.show();
  });
  window.onClose(() => {
    try {
      writeWindowState(options.stateFile, { ...window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      logger.warn(`could not save the window's position: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  window.loadURL(START_URL).catch((error: unknown) => {
    logger.error(`the window could not load the app: ${error instanceof Error ? error.message : String(error)}`);
  });
  return window;
}

/**
 * Keeps a window's top frame on the app's origin. A link to somewhere else (clicked, or
 * opened with window.open / target=_blank) never loads inside the app: https and mailto:
 * go to the system's handler, anything else is dropped.
 */
export function guardWebContents(contents: WebContentsPort, options: { readonly opener: BrowserOpener; readonly logger: Logger }): void {
  const { opener, logger } = options;
  const leave = (url: string): void => {
    const href = externalUrl(url);
    if (href === undefined) {
      logger.warn('blocked a link the system browser may not open', { to: describeUrl(url) });
      return;
    }
    opener.open(href).catch((error: unknown) => {
      logger.warn(`could not open a link in the browser: ${error instanceof Error ? error.message : String(error)}`, { to: describeUrl(href) });
    });
  };
  contents.onWillNavigate((event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    leave(event.url);
  });
  contents.onWillRedirect((event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.onWillAttachWebview((event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    leave(url);
    return { action: 'deny' };
  });
}

/** Scheme and host only: a URL's path and query can carry tokens, which logs must not. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? parsed.protocol : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(not a URL)';
  }
}
