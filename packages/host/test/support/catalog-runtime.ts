// Shared pieces of the catalog services' tests: the real default config (optionally with a
// user layer), a real settings store on a temp dir, a capturing logger and runtime fakes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type LoadResult, type OpenCoworkConfig } from '@open-cowork/config';
import { CodedError, resultSchemaOf, type HostMethodName, type HostResult } from '@open-cowork/contracts';
import { RuntimeSessions, type McpServerStatus, type ProviderCatalog, type RuntimeStatus } from '@open-cowork/runtime';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, expect } from 'vitest';
import { Logger, type LogRecord } from '../../src/log/index.js';
import { MemoryCipher } from '../../src/ports/index.js';
import type { CatalogRuntime } from '../../src/runtime/runtime-call.js';
import { secrecyFromConfig, SettingsStore } from '../../src/settings/index.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

const made: string[] = [];

// Removed when the test file is done (each test makes its own, so none sees another's).
afterAll(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })));
});

export async function tempDir(prefix = 'oc-catalog-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** The repository's default config, with `userLayer` as the user's config file when given. */
export async function loadDefault(userLayer?: object): Promise<LoadResult & { config: OpenCoworkConfig }> {
  const sandbox = await tempDir('oc-catalog-config-');
  const userDataDir = path.join(sandbox, 'user-data');
  mkdirSync(userDataDir, { recursive: true });
  if (userLayer !== undefined) writeFileSync(path.join(userDataDir, 'config.json'), JSON.stringify(userLayer));
  const load = loadConfig({
    defaultConfigPath: path.join(REPO_ROOT, 'open-cowork.config.json'),
    env: {},
    cwd: sandbox,
    homeDir: sandbox,
    userDataDir,
    managedConfigPaths: [],
    platform: 'linux',
  });
  expect(load.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  if (load.config === undefined) throw new Error('the default config did not load');
  return load as LoadResult & { config: OpenCoworkConfig };
}

/** A real settings store (in-memory cipher) in a fresh temp dir, secrecy as the config declares it. */
export async function settingsFor(config: OpenCoworkConfig): Promise<{ settings: SettingsStore; file: string }> {
  const file = path.join(await tempDir(), 'settings.json');
  const settings = new SettingsStore({
    file,
    cipher: new MemoryCipher(),
    ceilings: config.permissions ?? {},
    isSecret: secrecyFromConfig(config),
    report: () => undefined,
  });
  return { settings, file };
}

export function testLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { logger: new Logger({ runId: 'test', sink: (record) => records.push(record), level: 'debug' }), records };
}

/** Restart requests, recorded. */
export function restarts(): { requestRestart: (reason: string) => void; reasons: string[] } {
  const reasons: string[] = [];
  return { requestRestart: (reason) => reasons.push(reason), reasons };
}

const notRunning = (): never => {
  throw new Error('the runtime is not running');
};

/** A runtime that is still starting: nothing may be asked of it. */
export function startingRuntime(status: RuntimeStatus = { state: 'starting', attempt: 1 }): CatalogRuntime {
  const sessions = { providers: notRunning, mcpStatus: notRunning, providerAuthMethods: notRunning, startProviderOAuth: notRunning, finishProviderOAuth: notRunning };
  return { status, sessions, supervisor: { whenReady: () => Promise.reject(new Error('the runtime is not running')) } };
}

export interface FakeRuntimeOptions {
  readonly catalog?: ProviderCatalog;
  readonly mcps?: readonly McpServerStatus[];
  /** The raw client's provider calls (auth methods, OAuth). */
  readonly client?: Partial<{ provider: unknown }>;
}

/** A ready runtime answering from canned data; its provider sign-in calls go through the real client wrapper to `options.client`. */
export function readyRuntime(options: FakeRuntimeOptions = {}): CatalogRuntime {
  const wrapper = new RuntimeSessions((options.client ?? {}) as unknown as ConstructorParameters<typeof RuntimeSessions>[0]);
  return {
    status: { state: 'ready', url: 'http://127.0.0.1:1', pid: 1, version: 'test', since: 0 },
    sessions: {
      providers: async () => options.catalog ?? { providers: [], defaults: {} },
      mcpStatus: async () => [...(options.mcps ?? [])],
      providerAuthMethods: (input) => wrapper.providerAuthMethods(input),
      startProviderOAuth: (input) => wrapper.startProviderOAuth(input),
      finishProviderOAuth: (input) => wrapper.finishProviderOAuth(input),
    },
    supervisor: { whenReady: async () => undefined },
  };
}

/** An SDK-style answer: `{data, response}` (or `{error, response}` when status is not 2xx). */
export function sdkAnswer<T>(data: T, status = 200): { data?: T; error?: unknown; response: Response } {
  const response = new Response(null, { status });
  return status < 300 ? { data, response } : { error: data, response };
}

/** The error a promise rejects with, asserted to be a CodedError. */
export async function codedError(promise: Promise<unknown>): Promise<CodedError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof CodedError)) throw new Error(`expected a CodedError, got ${String(error)}`);
  return error;
}

/** Polls `check` until true; a check that throws counts as "not yet". */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}.${last === undefined ? '' : ` Last error: ${String(last)}`}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const ajv = new Ajv2020.default({ strict: true, allErrors: true });

/** Asserts that a handler's answer matches the contract's result schema, and returns it. */
export function valid<M extends HostMethodName>(method: M, result: HostResult<M>): HostResult<M> {
  const validate = ajv.compile(resultSchemaOf(method));
  if (!validate(result)) throw new Error(`${method} answered outside its schema: ${ajv.errorsText(validate.errors)}`);
  return result;
}
