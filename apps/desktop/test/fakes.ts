// Fake Electron ports: enough behaviour to drive the composition root under Node, and a
// record of what it asked of Electron.
import type { BrowserWindowConstructorOptions, CustomScheme, MenuItemConstructorOptions, Rectangle } from 'electron';
import { Logger, type LogRecord } from '@open-cowork/host';
import type {
  AppPort,
  DesktopPorts,
  Disposer,
  HeadersReceivedDetails,
  HeadersReceivedResponse,
  IpcCallEvent,
  IpcMainPort,
  NavigationEvent,
  Preventable,
  ProtocolHandler,
  ProtocolPort,
  SafeStoragePort,
  SessionPort,
  UpdateFeed,
  UpdaterPort,
  WebContentsPort,
  WindowOpenDecision,
  WindowPort,
} from '../src/ports.js';

export class Listeners<A extends unknown[]> {
  readonly #listeners = new Set<(...args: A) => void>();

  add(listener: (...args: A) => void): Disposer {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  emit(...args: A): void {
    for (const listener of [...this.#listeners]) listener(...args);
  }

  get size(): number {
    return this.#listeners.size;
  }
}

export class PreventableEvent implements Preventable {
  prevented = false;
  preventDefault(): void {
    this.prevented = true;
  }
}

export class FakeNavigation extends PreventableEvent implements NavigationEvent {
  constructor(readonly url: string) {
    super();
  }
}

let nextId = 1;

export class FakeWebContents implements WebContentsPort {
  readonly id = nextId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  readonly willNavigate = new Listeners<[NavigationEvent]>();
  readonly willRedirect = new Listeners<[NavigationEvent]>();
  readonly willAttachWebview = new Listeners<[Preventable]>();
  windowOpenHandler: ((details: { readonly url: string }) => WindowOpenDecision) | undefined;
  destroyed = false;

  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, payload });
  }
  onWillNavigate(listener: (event: NavigationEvent) => void): Disposer {
    return this.willNavigate.add(listener);
  }
  onWillRedirect(listener: (event: NavigationEvent) => void): Disposer {
    return this.willRedirect.add(listener);
  }
  onWillAttachWebview(listener: (event: Preventable) => void): Disposer {
    return this.willAttachWebview.add(listener);
  }
  setWindowOpenHandler(handler: (details: { readonly url: string }) => WindowOpenDecision): void {
    this.windowOpenHandler = handler;
  }

  /** What a click on a link to `url` does: true when the app let the page go there. */
  navigate(url: string): boolean {
    const event = new FakeNavigation(url);
    this.willNavigate.emit(event);
    return !event.prevented;
  }

  /** What window.open(url) gets. */
  open(url: string): WindowOpenDecision {
    if (!this.windowOpenHandler) throw new Error('no window open handler');
    return this.windowOpenHandler({ url });
  }
}

export class FakeWindow implements WindowPort {
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  readonly readyToShow = new Listeners<[]>();
  readonly closing = new Listeners<[]>();
  readonly closed = new Listeners<[]>();
  visible = false;
  focused = false;
  minimized = false;
  maximized = false;
  destroyed = false;
  bounds: Rectangle;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
  }

  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
    this.visible = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): Rectangle {
    return { ...this.bounds };
  }
  onReadyToShow(listener: () => void): Disposer {
    return this.readyToShow.add(listener);
  }
  onClose(listener: () => void): Disposer {
    return this.closing.add(listener);
  }
  onClosed(listener: () => void): Disposer {
    return this.closed.add(listener);
  }

  /** The user closes the window. */
  close(): void {
    this.closing.emit();
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.closed.emit();
  }
}

export class FakeApp implements AppPort {
  isPackaged = false;
  name = '';
  readonly paths: Record<string, string> = {};
  /** Every call, in order, to check what happens before what. */
  readonly calls: string[] = [];
  lockGranted = true;
  quitCalls = 0;
  readonly secondInstance = new Listeners<[]>();
  readonly activate = new Listeners<[]>();
  readonly windowAllClosed = new Listeners<[]>();
  readonly willQuit = new Listeners<[Preventable]>();
  #ready: () => void = () => undefined;
  readonly #readyPromise = new Promise<void>((resolve) => (this.#ready = resolve));

  getVersion(): string {
    return '9.8.7';
  }
  setName(name: string): void {
    this.calls.push('setName');
    this.name = name;
  }
  setPath(name: 'userData' | 'sessionData', value: string): void {
    this.calls.push(`setPath:${name}`);
    this.paths[name] = value;
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.lockGranted;
  }
  whenReady(): Promise<void> {
    return this.#readyPromise;
  }
  /** Electron becomes ready. */
  ready(): void {
    this.calls.push('ready');
    this.#ready();
  }
  quit(): void {
    this.calls.push('quit');
    this.quitCalls += 1;
  }
  onSecondInstance(listener: () => void): Disposer {
    return this.secondInstance.add(listener);
  }
  onActivate(listener: () => void): Disposer {
    return this.activate.add(listener);
  }
  onWindowAllClosed(listener: () => void): Disposer {
    return this.windowAllClosed.add(listener);
  }
  onWillQuit(listener: (event: Preventable) => void): Disposer {
    return this.willQuit.add(listener);
  }
}

export class FakeProtocol implements ProtocolPort {
  readonly privileged: CustomScheme[] = [];
  readonly handlers = new Map<string, ProtocolHandler>();
  constructor(private readonly app: FakeApp) {}

  registerSchemesAsPrivileged(schemes: readonly CustomScheme[]): void {
    this.app.calls.push('registerSchemesAsPrivileged');
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  /** A request the renderer (or an <img>) makes. */
  fetch(url: string, init?: RequestInit): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.slice(0, -1));
    if (!handler) throw new Error(`no handler for ${url}`);
    return handler(new Request(url, init));
  }
}

export class FakeSession implements SessionPort {
  headersListener: ((details: HeadersReceivedDetails, callback: (response: HeadersReceivedResponse) => void) => void) | undefined;
  permissionHandler: ((permission: string, callback: (granted: boolean) => void) => void) | undefined;

  onHeadersReceived(listener: (details: HeadersReceivedDetails, callback: (response: HeadersReceivedResponse) => void) => void): void {
    this.headersListener = listener;
  }
  setPermissionRequestHandler(handler: (permission: string, callback: (granted: boolean) => void) => void): void {
    this.permissionHandler = handler;
  }
  /** The headers a response ends up with. */
  headersFor(url: string, responseHeaders: Record<string, string[]>): Record<string, string | string[]> {
    let answer: HeadersReceivedResponse | undefined;
    this.headersListener?.({ url, responseHeaders }, (response) => (answer = response));
    if (answer === undefined) throw new Error('the listener did not answer');
    return answer.responseHeaders ?? responseHeaders;
  }
  permission(name: string): boolean {
    let granted: boolean | undefined;
    this.permissionHandler?.(name, (value) => (granted = value));
    if (granted === undefined) throw new Error('the permission handler did not answer');
    return granted;
  }
}

type IpcHandler = (event: IpcCallEvent, ...args: unknown[]) => Promise<unknown>;

export class FakeIpc implements IpcMainPort {
  readonly handlers = new Map<string, IpcHandler>();
  handle(channel: string, handler: IpcHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** An invoke from a renderer frame. */
  invoke(channel: string, event: IpcCallEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

/** A reversible stand-in for the OS keychain's encryption. */
export class FakeSafeStorage implements SafeStoragePort {
  available = true;
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encryptString(plain: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.from(Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a));
  }
  decryptString(sealed: Buffer): string {
    if (!this.available) throw new Error('Decryption is not available.');
    return Buffer.from(sealed.map((byte) => byte ^ 0x5a)).toString('utf8');
  }
  getSelectedStorageBackend?(): string;
}

export class FakeUpdater implements UpdaterPort {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  requestHeaders: Record<string, string> | null = null;
  feed: UpdateFeed | undefined;
  latest: string | undefined;
  downloads = 0;
  installs = 0;
  /** Progress reported during each download, in percent. */
  progressSteps: number[] = [];
  readonly #progress = new Set<(info: { readonly percent: number }) => void>();
  setFeedURL(options: UpdateFeed): void {
    this.feed = options;
  }
  async checkForUpdates() {
    return this.latest === undefined ? null : { isUpdateAvailable: true, updateInfo: { version: this.latest } };
  }
  async downloadUpdate(): Promise<unknown> {
    this.downloads += 1;
    for (const percent of this.progressSteps) for (const listener of this.#progress) listener({ percent });
    return [];
  }
  quitAndInstall(): void {
    this.installs += 1;
  }
  on(_event: 'download-progress', listener: (info: { readonly percent: number }) => void): this {
    this.#progress.add(listener);
    return this;
  }
  removeListener(_event: 'download-progress', listener: (info: { readonly percent: number }) => void): this {
    this.#progress.delete(listener);
    return this;
  }
  /** Listeners still attached. */
  get listeners(): number {
    return this.#progress.size;
  }
}

export interface FakePorts extends DesktopPorts {
  readonly app: FakeApp;
  readonly protocol: FakeProtocol;
  readonly session: FakeSession;
  readonly ipc: FakeIpc;
  readonly safeStorage: FakeSafeStorage;
  readonly windows: FakeWindow[];
  readonly opened: string[];
  readonly menus: MenuItemConstructorOptions[][];
  readonly errorBoxes: Array<{ title: string; content: string }>;
  readonly updater: FakeUpdater;
  updaterLoads: number;
  /** What codeSigned() answers. */
  signed: boolean;
  workAreas: Rectangle[];
}

export function fakePorts(): FakePorts {
  const app = new FakeApp();
  const windows: FakeWindow[] = [];
  const opened: string[] = [];
  const menus: MenuItemConstructorOptions[][] = [];
  const errorBoxes: Array<{ title: string; content: string }> = [];
  const updater = new FakeUpdater();
  const ports: FakePorts = {
    app,
    protocol: new FakeProtocol(app),
    session: new FakeSession(),
    ipc: new FakeIpc(),
    safeStorage: new FakeSafeStorage(),
    windows,
    opened,
    menus,
    errorBoxes,
    updater,
    updaterLoads: 0,
    signed: false,
    workAreas: [{ x: 0, y: 25, width: 1920, height: 1055 }],
    createWindow(options) {
      const window = new FakeWindow(options);
      windows.push(window);
      return window;
    },
    shell: {
      async openExternal(url) {
        opened.push(url);
      },
    },
    menu: { setApplicationMenu: (template) => void menus.push([...template]) },
    screen: {
      workAreas: () => ports.workAreas,
      primaryWorkArea: () => ports.workAreas[0]!,
    },
    dialog: { showErrorBox: (title, content) => void errorBoxes.push({ title, content }) },
    async loadUpdater() {
      ports.updaterLoads += 1;
      return updater;
    },
    async codeSigned() {
      return ports.signed;
    },
  };
  return ports;
}

/** A logger that keeps its records. */
export function recordingLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { logger: new Logger({ runId: 'test', sink: (record) => records.push(record), level: 'debug' }), records };
}

/** The IPC event a frame of `window` sends. */
export function frameEvent(window: FakeWindow, url: string, options: { parent?: unknown; senderId?: number; frame?: null } = {}): IpcCallEvent {
  return {
    sender: { id: options.senderId ?? window.webContents.id },
    senderFrame: options.frame === null ? null : { url, parent: options.parent ?? null },
  };
}
