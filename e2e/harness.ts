// Browser end-to-end harness: a scripted model, the real headless host (started in-process
// through the CLI's `serve`, so it runs the real OpenCode runtime) serving the built renderer,
// and Debian's Chromium driven by playwright-core.
//
// Every page is watched: console errors, uncaught exceptions and Content-Security-Policy
// violations are recorded, and `useE2e` fails the test that produced them. Teardown closes the
// browser before the host (so the page's event stream does not log a lost connection), then
// the host, then the model, and checks that no Chromium or OpenCode process is left behind.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@open-cowork/cli';
import { startScriptedModel, type ScriptedModel, type ScriptRule } from '@open-cowork/testing';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_CONFIG = path.join(REPO_ROOT, 'open-cowork.config.json');
/** Where the renderer's Vite build lands (packages/app). */
export const RENDERER_DIST = path.join(REPO_ROOT, 'packages', 'app', 'dist');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');
export const CHROMIUM_PATH = process.env['OPEN_COWORK_CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Generous guards: they catch hangs, they are not performance assertions. */
export const BOOT_TIMEOUT_MS = 120_000;
export const UI_TIMEOUT_MS = 30_000;

/** Whether the renderer has been built; renderer-dependent tests skip (with this reason) otherwise. */
export function rendererBuilt(): boolean {
  return existsSync(path.join(RENDERER_DIST, 'index.html'));
}

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
  readonly kind: 'console-error' | 'page-error' | 'csp-violation';
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

export interface E2eOptions {
  /** Rules for the scripted model (title requests are answered by it on its own). */
  readonly rules?: readonly ScriptRule[];
  /** Default milliseconds between streamed chunks. */
  readonly paceMs?: number;
  /** `manual` (default): permission requests wait for the UI. */
  readonly approval?: 'manual' | 'auto';
  /** Serve this folder at /; default: the built renderer if there is one, else the host's placeholder page. */
  readonly staticDir?: string | null;
  /** Merged over the user config file (which sets up the `scripted` provider). */
  readonly userConfig?: Readonly<Record<string, unknown>>;
  /** Files to create in the workspace folder (relative path → content). */
  readonly workspaceFiles?: Readonly<Record<string, string>>;
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

export interface E2e {
  readonly model: ScriptedModel;
  readonly host: HostInfo;
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** The page opened by `open()` (the most recent one). */
  readonly page: Page;
  /** Opens `<host>/<route>#token=<token>` in a fresh watched page (closing the previous one) and waits for it to load. */
  open(route?: string): Promise<Page>;
  /** A fresh watched page in the same browser context, not navigated yet. */
  newPage(): Promise<Page>;
  /** Calls the host API with the token, from Node (for setup and checks, not for what the UI does). */
  api<T = unknown>(method: string, params?: unknown): Promise<T>;
  /** Saves a full-page screenshot of `page` (default: the current one) as test-results/screenshots/<name>.png; returns the path. */
  screenshot(name: string, page?: Page): Promise<string>;
  /** Problems recorded since the last `takeProblems()`, minus tolerated ones. */
  problems(): readonly PageProblem[];
  /** Returns the recorded problems and clears the list. */
  takeProblems(): readonly PageProblem[];
  /** Problems matching `pattern` are expected (for example a deliberate 401) until the returned function is called. */
  tolerate(pattern: RegExp): () => void;
  /** /api responses the watched pages received, oldest first. */
  apiResponses(): readonly ApiResponse[];
  /** What the host wrote to stdout/stderr so far (for failure messages). */
  hostOutput(): string;
  /** Stops everything; idempotent. Throws if a Chromium or OpenCode process outlives it. */
  close(): Promise<void>;
}

const BASE_ENV: Readonly<Record<string, string>> = {
  PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
  // OpenCode's background `npm install` of its plugin fails fast instead of reaching the network.
  OPEN_COWORK_NPM_REGISTRY: 'http://127.0.0.1:9/',
};

export async function startE2e(options: E2eOptions = {}): Promise<E2e> {
  const root = mkdtempSync(path.join(tmpdir(), 'open-cowork-e2e-'));
  const home = path.join(root, 'home');
  const dataDir = path.join(root, 'user-data');
  const workspaceDir = path.join(root, 'workspace');
  for (const dir of [home, dataDir, workspaceDir]) mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(options.workspaceFiles ?? { 'README.md': '# e2e workspace\n' })) {
    const target = path.join(workspaceDir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }

  const stack: Array<() => Promise<void> | void> = [() => rmSync(root, { recursive: true, force: true })];
  const unwind = async (): Promise<unknown[]> => {
    const errors: unknown[] = [];
    while (stack.length > 0) {
      try {
        await stack.pop()!();
      } catch (error) {
        errors.push(error);
      }
    }
    return errors;
  };

  try {
    const model = await startScriptedModel({ rules: options.rules ?? [], ...(options.paceMs !== undefined ? { paceMs: options.paceMs } : {}) });
    stack.push(() => model.close());

    writeFileSync(
      path.join(dataDir, 'config.json'),
      `${JSON.stringify(
        {
          providers: {
            available: ['scripted'],
            defaultProvider: 'scripted',
            defaultModel: 'scripted-1',
            custom: {
              scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: model.url, apiKey: 'local' }, models: { 'scripted-1': {} } },
            },
          },
          ...options.userConfig,
        },
        null,
        2,
      )}\n`,
      { mode: 0o600 },
    );

    const staticDir = options.staticDir === null ? undefined : (options.staticDir ?? (rendererBuilt() ? RENDERER_DIST : undefined));
    const hostProcess = startHost({ root, home, dataDir, workspaceDir, staticDir, approval: options.approval ?? 'manual' });
    stack.push(() => hostProcess.stop());
    const record = await hostProcess.ready;
    const host: HostInfo = { url: record.url, token: record.token, dataDir, workspaceDir, staticDir };

    const browser = await withTimeout(
      chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS],
        timeout: BOOT_TIMEOUT_MS,
        // Chromium's profile-independent files (crash reports, caches) stay in this run's home,
        // which also marks every process of this browser for the leak check.
        env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') },
      }),
      BOOT_TIMEOUT_MS,
      'launching Chromium',
    );
    stack.push(() => browser.close());
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, colorScheme: 'light' });
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(UI_TIMEOUT_MS);

    const watcher = new PageWatcher(host.url);
    await watcher.install(context);
    // The host's placeholder page (no renderer) declares no icon, so Chromium's automatic
    // /favicon.ico request is a 404. The built renderer gets no such allowance.
    if (staticDir === undefined) watcher.tolerate(/status of 404 \(Not Found\) \[http:\/\/[^\]]+\/favicon\.ico\]$/);

    let current: Page | undefined;
    const newPage = async (): Promise<Page> => {
      const page = await context.newPage();
      watcher.watch(page);
      return page;
    };
    const e2e: E2e = {
      model,
      host,
      browser,
      context,
      get page(): Page {
        if (!current) throw new Error('No page yet: call e2e.open() first.');
        return current;
      },
      async open(route = '/') {
        const previous = current;
        current = await newPage();
        if (previous && !previous.isClosed()) await previous.close();
        await current.goto(`${host.url}${route.startsWith('/') ? route : `/${route}`}#token=${host.token}`, { waitUntil: 'load' });
        return current;
      },
      newPage,
      api: (method, params) => callApi(host, method, params),
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
      apiResponses: () => watcher.api.slice(),
      hostOutput: () => hostProcess.output(),
      close: once(async () => {
        // The temp folder goes last, once every process that used it has exited.
        const removeRoot = stack.shift();
        const errors = await unwind();
        const leaked = await waitForNoProcesses(root, 15_000);
        if (leaked.length > 0) errors.push(new Error(`processes outlived the e2e teardown: ${leaked.join(', ')}`));
        try {
          await removeRoot?.();
        } catch (error) {
          errors.push(error);
        }
        if (errors.length > 0) throw errors.length === 1 ? errors[0] : new AggregateError(errors, 'e2e teardown failed');
      }),
    };
    return e2e;
  } catch (error) {
    await unwind();
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
  let e2e: E2e | undefined;
  beforeAll(async () => {
    e2e = await startE2e(options);
  }, BOOT_TIMEOUT_MS + 30_000);
  afterEach(async (context) => {
    if (!e2e) return;
    const problems = e2e.takeProblems();
    const failed = context.task.result?.state === 'fail';
    const page = (() => {
      try {
        return e2e.page;
      } catch {
        return undefined;
      }
    })();
    if ((failed || problems.length > 0) && page && !page.isClosed()) {
      await e2e.screenshot(`FAILED-${context.task.name}`, page).catch(() => undefined);
    }
    if (problems.length > 0) {
      throw new Error(`The page reported ${problems.length} problem(s):\n${problems.map((p) => `  [${p.kind}] ${p.text} (at ${p.url})`).join('\n')}`);
    }
  }, UI_TIMEOUT_MS);
  afterAll(async () => {
    await e2e?.close();
  }, 60_000);
  return () => {
    if (!e2e) throw new Error('The e2e environment did not start (see the beforeAll error).');
    return e2e;
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
  approval: 'manual' | 'auto';
}): RunningHost {
  let output = '';
  const abort = new AbortController();
  const argv = [
    'serve',
    '--port',
    '0',
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
      env: { ...BASE_ENV, OPEN_COWORK_USER_DATA_DIR: options.dataDir },
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
      // The record is written after the server listens and the runtime is ready.
      if (existsSync(recordFile)) {
        try {
          const record = JSON.parse(readFileSync(recordFile, 'utf8')) as HostRecordLike;
          if (typeof record.url === 'string' && typeof record.token === 'string') return record;
        } catch {
          // written but not complete yet
        }
      }
      await delay(50);
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

async function callApi<T>(host: HostInfo, method: string, params: unknown = {}): Promise<T> {
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
