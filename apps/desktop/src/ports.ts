// The slice of Electron this app uses, as small interfaces in the app's own words.
// electron-ports.ts adapts the real modules (main.ts is the only file that loads Electron at
// run time); the tests pass fakes, so the whole composition root runs under plain Node.
// Only types come from 'electron' here.
import type { OutgoingHttpHeaders } from 'node:http';
import type { BrowserWindowConstructorOptions, CustomScheme, MenuItemConstructorOptions, Rectangle } from 'electron';

/** Undoes a registration (an event listener, a handler). Calling it twice is harmless. */
export type Disposer = () => void;

/** An event whose default action the listener may cancel. */
export interface Preventable {
  preventDefault(): void;
}

export interface AppPort {
  /** True in a packaged build (an .app bundle), false under `electron .` in development. */
  readonly isPackaged: boolean;
  getVersion(): string;
  setName(name: string): void;
  setPath(name: 'userData' | 'sessionData', path: string): void;
  /** False when another instance holds the lock: this one should quit. */
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  /** Another instance was started (and quits): bring this one forward. */
  onSecondInstance(listener: () => void): Disposer;
  /** macOS: the dock icon was clicked. */
  onActivate(listener: () => void): Disposer;
  onWindowAllClosed(listener: () => void): Disposer;
  onWillQuit(listener: (event: Preventable) => void): Disposer;
}

export type ProtocolHandler = (request: Request) => Promise<Response>;

export interface ProtocolPort {
  /** Must run before the app is ready. */
  registerSchemesAsPrivileged(schemes: readonly CustomScheme[]): void;
  handle(scheme: string, handler: ProtocolHandler): void;
  unhandle(scheme: string): void;
}

/** The parts of a response `session.webRequest.onHeadersReceived` shows and may change. */
export interface HeadersReceivedDetails {
  readonly url: string;
  readonly responseHeaders?: Readonly<Record<string, readonly string[]>>;
}

export interface HeadersReceivedResponse {
  readonly responseHeaders?: Record<string, string | string[]>;
}

export interface SessionPort {
  onHeadersReceived(listener: (details: HeadersReceivedDetails, callback: (response: HeadersReceivedResponse) => void) => void): void;
  /** Decides every permission request (camera, notifications, …) from any page. */
  setPermissionRequestHandler(handler: (permission: string, callback: (granted: boolean) => void) => void): void;
}

/** A navigation about to happen in a window (`will-navigate`, `will-redirect`). */
export interface NavigationEvent extends Preventable {
  readonly url: string;
}

export type WindowOpenDecision = { readonly action: 'deny' };

export interface WebContentsPort {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
  onWillNavigate(listener: (event: NavigationEvent) => void): Disposer;
  onWillRedirect(listener: (event: NavigationEvent) => void): Disposer;
  onWillAttachWebview(listener: (event: Preventable) => void): Disposer;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => WindowOpenDecision): void;
}

export interface WindowPort {
  readonly webContents: WebContentsPort;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  /** The bounds the window has (or would have) when not maximized. */
  getNormalBounds(): Rectangle;
  onReadyToShow(listener: () => void): Disposer;
  onClose(listener: () => void): Disposer;
  onClosed(listener: () => void): Disposer;
}

/** What a sender frame looks like to the IPC check. */
export interface IpcFrame {
  readonly url: string;
  /** null for a top-level frame. */
  readonly parent: unknown;
}

export interface IpcCallEvent {
  readonly sender: { readonly id: number };
  /** null when the frame navigated away or was destroyed before the call arrived. */
  readonly senderFrame: IpcFrame | null;
}

export interface IpcMainPort {
  handle(channel: string, handler: (event: IpcCallEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface SafeStoragePort {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux only: which keyring backs safeStorage ("basic_text" means none). */
  getSelectedStorageBackend?(): string;
}

export interface ShellPort {
  openExternal(url: string): Promise<void>;
}

export interface MenuPort {
  setApplicationMenu(template: readonly MenuItemConstructorOptions[]): void;
}

export interface ScreenPort {
  /** The work areas (screen minus dock and menu bar) of every display. */
  workAreas(): readonly Rectangle[];
  primaryWorkArea(): Rectangle;
}

export interface DialogPort {
  showErrorBox(title: string, content: string): void;
}

/** electron-updater's AppUpdater, as far as the update driver (src/updates.ts) uses it. */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  requestHeaders: OutgoingHttpHeaders | null;
  setFeedURL(options: UpdateFeed): void;
  checkForUpdates(): Promise<{ readonly isUpdateAvailable: boolean; readonly updateInfo: { readonly version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  /** Quits the app and installs the downloaded update. */
  quitAndInstall(): void;
  on(event: 'download-progress', listener: (info: { readonly percent: number }) => void): unknown;
  removeListener(event: 'download-progress', listener: (info: { readonly percent: number }) => void): unknown;
}

/** A feed in electron-updater's terms (a subset of its PublishConfiguration). */
export type UpdateFeed =
  | { readonly provider: 'github'; readonly owner: string; readonly repo: string; readonly channel?: string; readonly private?: boolean; readonly token?: string }
  | { readonly provider: 'generic'; readonly url: string; readonly channel?: string };

export interface DesktopPorts {
  readonly app: AppPort;
  readonly protocol: ProtocolPort;
  readonly session: SessionPort;
  readonly ipc: IpcMainPort;
  createWindow(options: BrowserWindowConstructorOptions): WindowPort;
  readonly safeStorage: SafeStoragePort;
  readonly shell: ShellPort;
  readonly menu: MenuPort;
  readonly screen: ScreenPort;
  readonly dialog: DialogPort;
  /** Loads electron-updater on first use (it is not needed when updates are off). */
  loadUpdater(): Promise<UpdaterPort>;
  /** Whether this is a packaged macOS app signed by a developer identity (in-app updates need it). */
  codeSigned(): Promise<boolean>;
}
