// Browser end-to-end harness: a scripted model, the real headless host (started in-process
// through the CLI's `serve`, so it runs the real OpenCode runtime) serving the built renderer,
// and Debian's Chromium driven by playwright-core.
//
// Every page is watched: console errors, uncaught exceptions and Content-Security-Policy
// violations are recorded, and `useE2e` fails the test that produced them. Teardown closes the
// browser before the host (so the page's event stream does not log a lost connection), then
// the host, then the model, and checks that no Chromium or OpenCode process is left behind.
//
// `useFakeHost` is the one exception to "real host": the built renderer with a stand-in
// preload bridge (fake-host.ts), for renderer load tests no real runtime can feed in time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '@open-cowork/cli';
import { startScriptedModel, type ScriptedModel, type ScriptRule } from '@open-cowork/testing';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium, RENDERER_DIST, REPO_ROOT, rendererBuilt } from './browser.js';
import { fakeControl, fakeHostScript, serveRenderer, type FakeHostOptions } from './fake-host.js';

export { CHROMIUM_ARGS, CHROMIUM_PATH, RENDERER_DIST, REPO_ROOT, rendererBuilt };
export const DEFAULT_CONFIG = path.join(REPO_ROOT, 'open-cowork.config.json');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

/** Generous guards: they catch hangs, they are not performance assertions. */
export const BOOT_TIMEOUT_MS = 120_000;
export const UI_TIMEOUT_MS = 30_000;

export const RENDERER_MISSING_REASON =
  `the renderer is not built (${path.relative(REPO_ROOT, path.join(RENDERER_DIST, 'index.html'))} is missing); ` +
  'run the root build (npm test builds it) to run the UI flows';

let reportedMissing = false;
/** Prints why renderer-dependent tests are skipped, once per test file. */
export function reportRendererMissing(): void {
  if (reportedMissing || rendererBuilt()) return;
  reportedMissing = true;
  console.warn(`[e2e] skipping UI flows: ${RENDERER_MISSING_REASON}`);
}

/** Something the page did that a test must not do silently. */
export interface PageProblem {
  readonly kind: 'console-error' | 'page-error' | 'csp-violation' | 'native-dialog';
  readonly text: string;
  /** The page it happened on. */
  readonly url: string;
}

/** An /api response the page itself received. */
export interface ApiResponse {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** A value, or a function of the run's scripted model (for its URL). */
export type WithModel<T> = T | ((model: ScriptedModel) => T);

export interface E2eOptions {
  /** Rules for the scripted model (title requests are answered by it on its own). */
  readonly rules?: readonly ScriptRule[];
  /** Default milliseconds between streamed chunks. */
  readonly paceMs?: number;
  /** `manual` (default): permission requests wait for the UI. */
  readonly approval?: 'manual' | 'auto';
  /** Serve this folder at /; default: the built renderer if there is one, else the host's placeholder page. */
  readonly staticDir?: string | null;
  /**
   * An object is merged (key by key at the top level) over the user config file, which sets
   * up the `scripted` provider. A function of the scripted model returns the whole file
   * instead, for configs that wire the model up their own way.
   */
  readonly userConfig?: WithModel<Readonly<Record<string, unknown>>>;
  /** An administrator's OS-managed config file (the layer above the user's); none by default. */
  readonly managedConfig?: Readonly<Record<string, unknown>>;
  /** Extra environment variables for the host (the in-process CLI's env), e.g. OPEN_COWORK_DOWNSTREAM_ROOT. */
  readonly env?: WithModel<Readonly<Record<string, string>>>;
  /** Files to create in the workspace folder (relative path → content). */
  readonly workspaceFiles?: Readonly<Record<string, string>>;
  /** Makes the workspace a git repository with its files committed (OpenCode keeps snapshots, for revert and diffs, only in git projects). */
  readonly workspaceGit?: boolean;
  /** Viewport for new pages. Default 1280×800. */
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface HostInfo {
  readonly url: string;
  readonly token: string;
  readonly dataDir: string;
  readonly workspaceDir: string;
  readonly staticDir: string | undefined;
}

/** One Chromium with one context whose pages are all watched. */
export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** The page opened by `open()` (the most recent one). */
  readonly page: Page;
  /** Opens `route` in a fresh watched page (closing the previous one) and waits for it to load. */
  open(route?: string): Promise<Page>;
  /** A fresh watched page in the same browser context, not navigated yet. */
  newPage(): Promise<Page>;
  /** Saves a full-page screenshot of `page` (default: the current one) as test-results/screenshots/<name>.png; returns the path. */
  screenshot(name: string, page?: Page): Promise<string>;
  /** Problems recorded since the last `takeProblems()`, minus tolerated ones. */
  problems(): readonly PageProblem[];
  /** Returns the recorded problems and clears the list. */
  takeProblems(): readonly PageProblem[];
  /** Problems matching `pattern` are expected (for example a deliberate 401) until the returned function is called. */
  tolerate(pattern: RegExp): () => void;
  /** Stops everything; idempotent. Throws if a Chromium (or OpenCode) process outlives it. */
  close(): Promise<void>;
}

export interface E2e extends BrowserSession {
  readonly model: ScriptedModel;
  /** The running host (a new token after `restartHost()`). */
  readonly host: HostInfo;
  /**
   * Stops the host and starts it again on the same address and data folder, as a person
   * restarting `open-cowork start` does: it issues a new token. Resolves once its runtime is ready.
   */
  restartHost(): Promise<HostInfo>;
  /** Opens `<host>/<route>#token=<token>` in a fresh watched page (closing the previous one) and waits for it to load. */
  open(route?: string): Promise<Page>;
  /** Calls the host API with the token, from Node (for setup and checks, not for what the UI does). */
  api<T = unknown>(method: string, params?: unknown): Promise<T>;
  /** /api responses the watched pages received, oldest first. */
  apiResponses(): readonly ApiResponse[];
  /** What the host wrote to stdout/stderr so far (for failure messages). */
  hostOutput(): string;
}

const BASE_ENV: Readonly<Record<string, string>> = {
  PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
  // OpenCode's background `npm install` of its plugin fails fast instead of reaching the network.
  OPEN_COWORK_NPM_REGISTRY: 'http://127.0.0.1:9/',
};

/** Disposers run last-in first-out; the first one pushed (removing the temp folder) runs after the leak check. */
class Teardown {
  private readonly stack: Array<() => Promise<void> | void> = [];

  constructor(private readonly root: string) {
    this.stack.push(() => rmSync(root, { recursive: true, force: true, maxRetries: 3 }));
  }

  push(dispose: () => Promise<void> | void): void {
    this.stack.push(dispose);
  }

  /** Runs every disposer but the temp folder's; returns what failed. */
  async unwind(): Promise<unknown[]> {
    const errors: unknown[] = [];
    while (this.stack.length > 1) {
      try {
        await this.stack.pop()!();
      } catch (error) {
        errors.push(error);
      }
    }
    return errors;
  }

  /** Unwinds, checks that no process of this run is left, removes the temp folder; throws what failed. */
  readonly close = once(async () => {
    const errors = await this.unwind();
    const leaked = await waitForNoProcesses(this.root, 15_000);
    if (leaked.length > 0) errors.push(new Error(`processes outlived the e2e teardown: ${leaked.join(', ')}`));
    try {
      await this.stack.pop()?.();
    } catch (error) {
      errors.push(error);
    }
    if (errors.length > 0) throw errors.length === 1 ? errors[0] : new AggregateError(errors, 'e2e teardown failed');
  });
}

/** Launches Chromium (its files under `home`) with one watched context; registers its teardown. */
async function openBrowserSession(options: {
  readonly home: string;
  readonly origin: string;
  readonly teardown: Teardown;
  readonly viewport: { readonly width: number; readonly height: number } | undefined;
  /** Scripts that run in every page before the page's own. */
  readonly initScripts?: readonly string[];
  readonly urlOf: (route: string) => string;
  readonly configure?: (watcher: PageWatcher) => void;
}): Promise<{ session: BrowserSession; watcher: PageWatcher }> {
  const browser = await withTimeout(launchChromium(options.home, BOOT_TIMEOUT_MS), BOOT_TIMEOUT_MS, 'launching Chromium');
  options.teardown.push(() => browser.close());
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, colorScheme: 'light' });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(UI_TIMEOUT_MS);
  for (const content of options.initScripts ?? []) await context.addInitScript({ content });

  const watcher = new PageWatcher(options.origin);
  await watcher.install(context);
  options.configure?.(watcher);

  let current: Page | undefined;
  const newPage = async (): Promise<Page> => {
    const page = await context.newPage();
    watcher.watch(page);
    return page;
  };
  const session: BrowserSession = {
    browser,
    context,
    get page(): Page {
      if (!current) throw new Error('No page yet: call open() first.');
      return current;
    },
    async open(route = '/') {
      const previous = current;
      current = await newPage();
      if (previous && !previous.isClosed()) await previous.close();
      await current.goto(options.urlOf(route.startsWith('/') ? route : `/${route}`), { waitUntil: 'load' });
      return current;
    },
    newPage,
    async screenshot(name, page) {
      const target = page ?? current;
      if (!target) throw new Error('No page to screenshot.');
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
      await target.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      return file;
    },
    problems: () => watcher.problems(),
    takeProblems: () => watcher.take(),
    tolerate: (pattern) => watcher.tolerate(pattern),
    close: () => options.teardown.close(),
  };
  return { session, watcher };
}

/** `git init` and one commit of everything in `dir`, with a fixed identity and no hooks or signing. */
function gitCommitAll(dir: string): void {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'e2e workspace');
}

/** `extra` with the session's members added (a spread would turn the `page` getter into a fixed value). */
function withSession<S extends BrowserSession, X extends object>(session: S, extra: X): S & X {
  return Object.defineProperties(extra, Object.getOwnPropertyDescriptors(session)) as S & X;
}

/** A fresh temp folder for one run, with a home and a teardown that removes it. */
function runFolder(prefix: string): { root: string; home: string; teardown: Teardown } {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  const home = path.join(root, 'home');
  mkdirSync(home, { recursive: true });
  return { root, home, teardown: new Teardown(root) };
}

export async function startE2e(options: E2eOptions = {}): Promise<E2e> {
  const { root, home, teardown } = runFolder('open-cowork-e2e-');
  const dataDir = path.join(root, 'user-data');
  const workspaceDir = path.join(root, 'workspace');
  for (const dir of [dataDir, workspaceDir]) mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(options.workspaceFiles ?? { 'README.md': '# e2e workspace\n' })) {
    const target = path.join(workspaceDir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  if (options.workspaceGit === true) gitCommitAll(workspaceDir);

  try {
    const model = await startScriptedModel({ rules: options.rules ?? [], ...(options.paceMs !== undefined ? { paceMs: options.paceMs } : {}) });
    teardown.push(() => model.close());

    const scriptedProvider = {
      providers: {
        available: ['scripted'],
        defaultProvider: 'scripted',
        defaultModel: 'scripted-1',
        custom: {
          scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: model.url, apiKey: 'local' }, models: { 'scripted-1': {} } },
        },
      },
    };
    const userConfig = typeof options.userConfig === 'function' ? options.userConfig(model) : { ...scriptedProvider, ...options.userConfig };
    writeFileSync(path.join(dataDir, 'config.json'), `${JSON.stringify(userConfig, null, 2)}\n`, { mode: 0o600 });
    if (options.managedConfig !== undefined) {
      mkdirSync(path.join(root, 'managed'), { recursive: true });
      writeFileSync(path.join(root, 'managed', 'config.json'), `${JSON.stringify(options.managedConfig, null, 2)}\n`);
    }

    const staticDir = options.staticDir === null ? undefined : (options.staticDir ?? (rendererBuilt() ? RENDERER_DIST : undefined));
    const env = typeof options.env === 'function' ? options.env(model) : (options.env ?? {});
    const hostOptions = { root, home, dataDir, workspaceDir, staticDir, env, approval: options.approval ?? 'manual' } as const;
    let hostProcess = startHost(hostOptions);
    teardown.push(() => hostProcess.stop());
    const record = await hostProcess.ready;
    let host: HostInfo = { url: record.url, token: record.token, dataDir, workspaceDir, staticDir };
    let earlierOutput = '';

    const { session, watcher } = await openBrowserSession({
      home,
      origin: host.url,
      teardown,
      viewport: options.viewport,
      urlOf: (route) => `${host.url}${route}#token=${host.token}`,
      // The host's placeholder page (no renderer) declares no icon, so Chromium's automatic
      // /favicon.ico request is a 404. The built renderer gets no such allowance.
      configure: (w) => {
        if (staticDir === undefined) w.tolerate(/status of 404 \(Not Found\) \[http:\/\/[^\]]+\/favicon\.ico\]$/);
      },
    });
    const e2e: E2e = withSession(session, {
      model,
      get host() {
        return host;
      },
      async restartHost() {
        await hostProcess.stop();
        earlierOutput += hostProcess.output();
        hostProcess = startHost({ ...hostOptions, port: Number(new URL(host.url).port) });
        const next = await hostProcess.ready;
        host = { ...host, url: next.url, token: next.token };
        return host;
      },
      api: <T>(method: string, params?: unknown) => callApi<T>(host, method, params),
      apiResponses: () => watcher.api.slice(),
      hostOutput: () => earlierOutput + hostProcess.output(),
    });
    return e2e;
  } catch (error) {
    await teardown.close().catch(() => undefined);
    throw error;
  }
}

export interface FakeHostE2eOptions {
  /** What the stand-in host serves (see fake-host.ts). */
  readonly fakeHost?: FakeHostOptions;
  /** Viewport for new pages. Default 1280×800. */
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface FakeHostE2e extends BrowserSession {
  /** Where the built renderer is served (by the host's static server, no API). */
  readonly url: string;
  /** The current page's stand-in host controls (streams, frame meter, chat opening). */
  readonly fake: ReturnType<typeof fakeControl>;
}

/**
 * The built renderer in Chromium with a stand-in host: every page gets the fake
 * `window.openCowork` bridge of fake-host.ts, so the renderer uses its IPC client and no
 * real host or runtime is involved. Only for load tests the real runtime cannot feed.
 */
export async function startFakeHostE2e(options: FakeHostE2eOptions = {}): Promise<FakeHostE2e> {
  const { home, teardown } = runFolder('open-cowork-e2e-fake-');
  try {
    const server = await serveRenderer();
    teardown.push(() => server.close());
    const { session } = await openBrowserSession({
      home,
      origin: server.url,
      teardown,
      viewport: options.viewport,
      initScripts: [fakeHostScript(options.fakeHost)],
      urlOf: (route) => `${server.url}${route}`,
    });
    const e2e: FakeHostE2e = withSession(session, {
      url: server.url,
      get fake() {
        return fakeControl(session.page);
      },
    });
    return e2e;
  } catch (error) {
    await teardown.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Registers the lifecycle for one test file: one host + browser for all its tests (booting
 * costs seconds), a problem check after every test (console errors, page errors and CSP
 * violations fail the test that caused them; a failed test also leaves a screenshot), and
 * teardown. Use the returned getter inside tests.
 */
export function useE2e(options: E2eOptions = {}): () => E2e {
  return useSession(() => startE2e(options), 'The e2e environment did not start (see the beforeAll error).');
}

/** The same lifecycle as `useE2e` for the stand-in host of fake-host.ts (see `startFakeHostE2e`). */
export function useFakeHost(options: FakeHostE2eOptions = {}): () => FakeHostE2e {
  return useSession(() => startFakeHostE2e(options), 'The stand-in host environment did not start (see the beforeAll error).');
}

function useSession<T extends BrowserSession>(start: () => Promise<T>, notStarted: string): () => T {
  let session: T | undefined;
  beforeAll(async () => {
    session = await start();
  }, BOOT_TIMEOUT_MS + 30_000);
  afterEach(async (context) => {
    if (!session) return;
    const problems = session.takeProblems();
    const failed = context.task.result?.state === 'fail';
    const page = (() => {
      try {
        return session.page;
      } catch {
        return undefined;
      }
    })();
    if ((failed || problems.length > 0) && page && !page.isClosed()) {
      await session.screenshot(`FAILED-${context.task.name}`, page).catch(() => undefined);
    }
    if (problems.length > 0) {
      throw new Error(`The page reported ${problems.length} problem(s):\n${problems.map((p) => `  [${p.kind}] ${p.text} (at ${p.url})`).join('\n')}`);
    }
  }, UI_TIMEOUT_MS);
  afterAll(async () => {
    await session?.close();
  }, 60_000);
  return () => {
    if (!session) throw new Error(notStarted);
    return session;
  };
}

// ---------------------------------------------------------------------------------------------

/** Watches pages for problems and API responses. */
class PageWatcher {
  private list: PageProblem[] = [];
  private tolerated = new Set<RegExp>();
  readonly api: ApiResponse[] = [];

  constructor(private readonly origin: string) {}

  async install(context: BrowserContext): Promise<void> {
    // CSP violations as the page sees them (the `securitypolicyviolation` event), reported back
    // through a binding. Init scripts and bindings run outside the page's CSP.
    await context.exposeBinding('__openCoworkE2eCsp', (source, report: string) => {
      this.add({ kind: 'csp-violation', text: report, url: redact(source.page?.url() ?? '') });
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}${event.sourceFile ? ` from ${event.sourceFile}:${event.lineNumber}` : ''}${event.sample ? ` sample: ${event.sample}` : ''}`;
        void (window as unknown as { __openCoworkE2eCsp(report: string): Promise<void> }).__openCoworkE2eCsp(report);
      });
    });
  }

  watch(page: Page): void {
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return;
      const where = message.location();
      this.add({ kind: 'console-error', text: `${message.text()}${where.url ? ` [${redact(where.url)}]` : ''}`, url: redact(page.url()) });
    });
    // The app asks in its own dialogs; a native alert/confirm/prompt blocks the page and is a bug.
    page.on('dialog', (dialog) => {
      this.add({ kind: 'native-dialog', text: `${dialog.type()}: ${dialog.message()}`, url: redact(page.url()) });
      void dialog.dismiss().catch(() => undefined);
    });
    page.on('pageerror', (error) => {
      this.add({ kind: 'page-error', text: error.stack ?? error.message, url: redact(page.url()) });
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin !== this.origin || !url.pathname.startsWith('/api/')) return;
      this.api.push({ method: response.request().method(), path: url.pathname, status: response.status() });
    });
  }

  tolerate(pattern: RegExp): () => void {
    this.tolerated.add(pattern);
    return () => this.tolerated.delete(pattern);
  }

  problems(): readonly PageProblem[] {
    return this.list.slice();
  }

  take(): readonly PageProblem[] {
    const taken = this.list;
    this.list = [];
    return taken;
  }

  private add(problem: PageProblem): void {
    for (const pattern of this.tolerated) {
      pattern.lastIndex = 0;
      if (pattern.test(problem.text)) return;
    }
    this.list.push(problem);
  }
}

/** A page URL without the pairing token, for messages. */
function redact(url: string): string {
  return url.replace(/([#&?]token=)[^&#]*/g, '$1…');
}

interface HostRecordLike {
  readonly url: string;
  readonly token: string;
}

interface RunningHost {
  /** Resolves with the pairing details once the host serves and its runtime is ready. */
  readonly ready: Promise<HostRecordLike>;
  output(): string;
  /** Aborts `serve` and waits for it to finish (server closed, runtime stopped). */
  stop(): Promise<void>;
}

function startHost(options: {
  root: string;
  home: string;
  dataDir: string;
  workspaceDir: string;
  staticDir: string | undefined;
  /** Added to the CLI's environment (BASE_ENV and the user data folder win). */
  env: Readonly<Record<string, string>>;
  approval: 'manual' | 'auto';
  /** Default 0: any free port. */
  port?: number;
}): RunningHost {
  let output = '';
  const abort = new AbortController();
  const argv = [
    'serve',
    '--port',
    String(options.port ?? 0),
    '--workspace',
    options.workspaceDir,
    '--approval',
    options.approval,
    '--log-format',
    'json',
    ...(options.staticDir ? ['--static-dir', options.staticDir] : []),
  ];
  const exited = Promise.resolve(
    runCli(argv, {
      platform: 'linux',
      env: { ...options.env, ...BASE_ENV, OPEN_COWORK_USER_DATA_DIR: options.dataDir },
      cwd: options.root,
      homeDir: options.home,
      defaultConfigPath: DEFAULT_CONFIG,
      managedConfigPaths: [path.join(options.root, 'managed', 'config.json')],
      signal: abort.signal,
      stdout: (text) => {
        output += text;
      },
      stderr: (text) => {
        output += text;
      },
    }),
  );
  let exitCode: number | undefined;
  void exited.then(
    (code) => {
      exitCode = code;
    },
    (error: unknown) => {
      exitCode = -1;
      output += `\nserve threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
    },
  );

  const recordFile = path.join(options.dataDir, 'host.json');
  const ready = (async (): Promise<HostRecordLike> => {
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`open-cowork serve exited with ${exitCode} before it served:\n${output}`);
      // The record is written once the server listens, before the runtime boots; the tests
      // start from a ready runtime, as a user who waited for the splash does.
      const record = readRecord(recordFile);
      if (record !== undefined && (await runtimeState(record)) === 'ready') return record;
      await delay(100);
    }
    throw new Error(`open-cowork serve did not become ready within ${BOOT_TIMEOUT_MS} ms:\n${output}`);
  })();

  return {
    ready,
    output: () => output,
    stop: async () => {
      abort.abort();
      const code = await withTimeout(exited, 30_000, 'stopping the host');
      if (code !== 0) throw new Error(`open-cowork serve exited with ${code}:\n${output}`);
    },
  };
}

function readRecord(file: string): HostRecordLike | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as HostRecordLike;
    return typeof record.url === 'string' && typeof record.token === 'string' ? record : undefined;
  } catch {
    return undefined; // written but not complete yet
  }
}

/** The host's runtime state, or undefined while the host does not answer yet. */
async function runtimeState(record: HostRecordLike): Promise<string | undefined> {
  try {
    const status = await callApi<{ state: string; reason?: string }>(record, 'runtime.status');
    if (status.state === 'failed') throw new Error(`the host's runtime failed: ${status.reason ?? 'no reason given'}`);
    return status.state;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("the host's runtime failed")) throw error;
    return undefined;
  }
}

async function callApi<T>(host: Pick<HostInfo, 'url' | 'token'>, method: string, params: unknown = {}): Promise<T> {
  const response = await fetch(`${host.url}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(params),
    signal: AbortSignal.timeout(UI_TIMEOUT_MS),
  });
  const body = (await response.json()) as { result?: unknown; error?: unknown };
  if (!response.ok) throw new Error(`${method} answered ${response.status}: ${JSON.stringify(body.error)}`);
  return body.result as T;
}

/**
 * Live processes of this run, as "pid name": children of this process (Chromium, OpenCode) and
 * anything whose command line or environment names the run's temp folder (Chromium's helpers,
 * which re-parent themselves, and whatever OpenCode started). Zombies are not counted.
 */
function isEsbuildService(pid: string): boolean {
  try {
    return /[\\/]node_modules[\\/]@esbuild[\\/]/.test(readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return false;
  }
}

function processesOf(root: string): string[] {
  const found: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found; // not Linux: nothing to check
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid ..." — comm may contain spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const [state, ppid] = stat.slice(close + 2).split(' ');
    if (state === 'Z' || state === 'X') continue;
    // tsx's own compile service (the benchmarks run under tsx) is a child too, but not this run's.
    if (Number(ppid) === process.pid && isEsbuildService(entry)) continue;
    if (Number(ppid) === process.pid || mentions(`/proc/${entry}/cmdline`, root) || mentions(`/proc/${entry}/environ`, root)) {
      found.push(`${entry} ${comm}`);
    }
  }
  return found;
}

function mentions(file: string, text: string): boolean {
  try {
    return readFileSync(file).includes(text);
  } catch {
    return false; // gone, or not ours to read
  }
}

async function waitForNoProcesses(root: string, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let left = processesOf(root);
  while (left.length > 0 && Date.now() < deadline) {
    await delay(100);
    left = processesOf(root);
  }
  return left;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

/**
 * Saving or deleting an agent (or another runtime setting) restarts the runtime after a short
 * debounce. Waits until an instance other than `before` is ready (or, if none comes within
 * 15 s, `before` still is), so what comes next does not run into the restart.
 */
export async function waitForRuntimeRestart(e2e: Pick<E2e, 'api'>, before: { readonly pid?: number }): Promise<void> {
  const settleBy = Date.now() + 15_000;
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const now = await e2e.api<{ state: string; pid?: number; reason?: string }>('runtime.status');
    if (now.state === 'ready' && (now.pid !== before.pid || Date.now() > settleBy)) return;
    if (now.state === 'failed') throw new Error(`the runtime failed: ${now.reason ?? ''}`);
    await delay(100);
  }
  throw new Error('the runtime did not come back after the change');
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
