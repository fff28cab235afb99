// The real Electron behind the ports. Only types are imported: main.ts hands in the modules,
// so this file loads under Node as well (it is typechecked against Electron's own types, not
// run, on machines without the Electron binary).
import type * as Electron from 'electron';
import { isDeveloperSigned } from './code-signature.js';
import type { DesktopPorts, Disposer, NavigationEvent, UpdaterPort, WebContentsPort, WindowPort } from './ports.js';

export interface ElectronModules {
  readonly app: Electron.App;
  readonly BrowserWindow: typeof Electron.BrowserWindow;
  readonly dialog: Electron.Dialog;
  readonly ipcMain: Electron.IpcMain;
  readonly Menu: typeof Electron.Menu;
  readonly protocol: Electron.Protocol;
  readonly safeStorage: Electron.SafeStorage;
  readonly screen: Electron.Screen;
  readonly session: typeof Electron.session;
  readonly shell: Electron.Shell;
}

export function electronPorts(electron: ElectronModules, platform: NodeJS.Platform): DesktopPorts {
  const { app, safeStorage } = electron;
  // session.defaultSession and screen exist only once the app is ready, so they are read on use.
  const session = (): Electron.Session => electron.session.defaultSession;
  return {
    app: {
      get isPackaged() {
        return app.isPackaged;
      },
      getVersion: () => app.getVersion(),
      setName: (name) => app.setName(name),
      setPath: (name, value) => app.setPath(name, value),
      requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
      whenReady: () => app.whenReady(),
      quit: () => app.quit(),
      onSecondInstance: (listener) => on(app, 'second-instance', () => listener()),
      onActivate: (listener) => on(app, 'activate', () => listener()),
      onWindowAllClosed: (listener) => on(app, 'window-all-closed', () => listener()),
      onWillQuit: (listener) => on(app, 'will-quit', (event: Electron.Event) => listener(event)),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes) => electron.protocol.registerSchemesAsPrivileged([...schemes]),
      handle: (scheme, handler) => electron.protocol.handle(scheme, handler),
      unhandle: (scheme) => electron.protocol.unhandle(scheme),
    },
    session: {
      onHeadersReceived: (listener) =>
        session().webRequest.onHeadersReceived((details, callback) => listener(details, (response) => callback({ ...response }))),
      setPermissionRequestHandler: (handler) =>
        session().setPermissionRequestHandler((_contents, permission, callback) => handler(permission, callback)),
    },
    ipc: {
      handle: (channel, handler) => electron.ipcMain.handle(channel, handler),
      removeHandler: (channel) => electron.ipcMain.removeHandler(channel),
    },
    createWindow: (options) => windowPort(new electron.BrowserWindow(options)),
    safeStorage: {
      isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
      encryptString: (plain) => safeStorage.encryptString(plain),
      decryptString: (sealed) => safeStorage.decryptString(sealed),
      // Only Linux can tell which keyring backs it.
      ...(platform === 'linux' ? { getSelectedStorageBackend: () => safeStorage.getSelectedStorageBackend() } : {}),
    },
    shell: { openExternal: (url) => electron.shell.openExternal(url) },
    menu: { setApplicationMenu: (template) => electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate([...template])) },
    screen: {
      workAreas: () => electron.screen.getAllDisplays().map((display) => display.workArea),
      primaryWorkArea: () => electron.screen.getPrimaryDisplay().workArea,
    },
    dialog: { showErrorBox: (title, content) => electron.dialog.showErrorBox(title, content) },
    loadUpdater: async (): Promise<UpdaterPort> => (await import('electron-updater')).default.autoUpdater,
    codeSigned: () => isDeveloperSigned({ platform, isPackaged: app.isPackaged, execPath: process.execPath }),
  };
}

interface Emitter {
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
}

function on<A extends unknown[]>(emitter: Emitter, event: string, listener: (...args: A) => void): Disposer {
  const bound = listener as unknown as (...args: never[]) => void;
  emitter.on(event, bound);
  return () => void emitter.removeListener(event, bound);
}

function navigation(event: { readonly url: string; preventDefault(): void }): NavigationEvent {
  return { url: event.url, preventDefault: () => event.preventDefault() };
}

function webContentsPort(contents: Electron.WebContents): WebContentsPort {
  return {
    id: contents.id,
    isDestroyed: () => contents.isDestroyed(),
    send: (channel, payload) => contents.send(channel, payload),
    onWillNavigate: (listener) =>
      on(contents, 'will-navigate', (event: Electron.Event<Electron.WebContentsWillNavigateEventParams>) => listener(navigation(event))),
    onWillRedirect: (listener) =>
      on(contents, 'will-redirect', (event: Electron.Event<Electron.WebContentsWillRedirectEventParams>) => listener(navigation(event))),
    onWillAttachWebview: (listener) => on(contents, 'will-attach-webview', (event: Electron.Event) => listener(event)),
    setWindowOpenHandler: (handler) => contents.setWindowOpenHandler((details) => handler({ url: details.url })),
  };
}

function windowPort(window: Electron.BrowserWindow): WindowPort {
  return {
    webContents: webContentsPort(window.webContents),
    loadURL: (url) => window.loadURL(url),
    show: () => window.show(),
    focus: () => window.focus(),
    restore: () => window.restore(),
    maximize: () => window.maximize(),
    isMinimized: () => window.isMinimized(),
    isMaximized: () => window.isMaximized(),
    isDestroyed: () => window.isDestroyed(),
    getNormalBounds: () => window.getNormalBounds(),
    onReadyToShow: (listener) => on(window, 'ready-to-show', () => listener()),
    onClose: (listener) => on(window, 'close', () => listener()),
    onClosed: (listener) => on(window, 'closed', () => listener()),
  };
}
