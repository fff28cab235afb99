// A whole host for integration tests: the real runtime against a scripted model, the
// effective config loaded from the repo's default plus a user config file naming the
// scripted provider, served over HTTP through its dispatcher (results checked too).
// One per test file; dispose() removes everything.
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@open-cowork/config';
import { HOST_EVENT_SCHEMAS, type HostEventName, type HostMethodName, type HostParams, type HostResult } from '@open-cowork/contracts';
import { startScriptedModel, type ScriptedModel, type ScriptRule } from '@open-cowork/testing';
import Ajv2020 from 'ajv/dist/2020.js';
import { Host, type HostOptions } from '../../src/host.js';
import { Logger, type LogRecord } from '../../src/log/index.js';
import { MemoryCipher } from '../../src/ports/index.js';
import { createHostServer, type HostServer } from '../../src/transport/index.js';
import { SseReader, TOKEN, type ApiBody, type SseFrame } from '../transport/helpers.js';

export { SseReader, TOKEN };

/** OpenCode's background plugin install fails fast against this, so nothing leaves the machine. */
export const DEAD_REGISTRY = 'http://127.0.0.1:9/';
const DEFAULT_CONFIG = fileURLToPath(new URL('../../../../open-cowork.config.json', import.meta.url));

export interface TestHost {
  readonly host: Host;
  readonly server: HostServer;
  readonly model: ScriptedModel;
  readonly dataDir: string;
  /** Workspace folders (real paths), not yet registered. */
  readonly folders: { readonly a: string; readonly b: string };
  readonly logs: LogRecord[];
  /** Errors the server answered with a 500 (a result that failed its schema lands here too). */
  readonly serverErrors: unknown[];
  dispose(): Promise<void>;
}

export interface TestHostOptions {
  readonly rules: readonly ScriptRule[];
  readonly approval?: HostOptions['approval'];
  /** Extra fields for the user config file (beside the scripted provider). */
  readonly userConfig?: Record<string, unknown>;
  /** An OS-managed (administrator's) policy file, the top layer. */
  readonly managedConfig?: Record<string, unknown>;
  /** Where bundled MCPs are found; default: an empty folder (no bundled servers start). */
  readonly appRoot?: string;
  /** Extra fields of the scripted provider's descriptor (e.g. a dynamicCatalog). */
  readonly scriptedDescriptor?: Record<string, unknown>;
  /** Environment the config loader sees ({env:…} placeholders), beside the user data dir. */
  readonly configEnv?: Readonly<Record<string, string>>;
  /** Host options beyond the test defaults (e.g. the catalogs' test CA). */
  readonly host?: Partial<HostOptions>;
}

export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const model = await startScriptedModel({ rules: options.rules });
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'oc-host-it-')));
  const dataDir = path.join(root, 'data');
  const appRoot = options.appRoot ?? path.join(root, 'app'); // default: no bundled MCPs, faster boots
  const folders = { a: path.join(root, 'ws-a'), b: path.join(root, 'ws-b') };
  for (const dir of [dataDir, appRoot, folders.a, folders.b]) await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dataDir, 'config.json'),
    JSON.stringify({
      providers: {
        available: ['scripted'],
        defaultProvider: 'scripted',
        defaultModel: 'scripted-1',
        descriptors: { scripted: { runtime: 'custom', name: 'Scripted', ...options.scriptedDescriptor } },
        custom: { scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: model.url, apiKey: 'local' }, models: { 'scripted-1': { name: 'Scripted 1' } } } },
      },
      ...options.userConfig,
    }),
  );
  const managedConfigPaths: string[] = [];
  if (options.managedConfig !== undefined) {
    const managed = path.join(root, 'managed', 'config.json');
    await mkdir(path.dirname(managed), { recursive: true });
    await writeFile(managed, JSON.stringify(options.managedConfig));
    managedConfigPaths.push(managed);
  }
  const loadNow = () => loadConfig({ defaultConfigPath: DEFAULT_CONFIG, env: { OPEN_COWORK_USER_DATA_DIR: dataDir, ...options.configEnv }, managedConfigPaths });
  const load = loadNow();
  if (!load.ok) throw new Error(`test config does not load: ${load.issues.map((issue) => issue.message).join('; ')}`);

  const logs: LogRecord[] = [];
  const host = await Host.create({
    load,
    reloadConfig: loadNow,
    appRoot,
    dataDir,
    logger: new Logger({ runId: 'test', level: 'debug', sink: (record) => logs.push(record) }),
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    cipher: new MemoryCipher(),
    npmRegistry: DEAD_REGISTRY,
    supervisor: { restartDebounceMs: 50 },
    checkResults: true,
    ...(options.approval !== undefined ? { approval: options.approval } : {}),
    ...options.host,
  });
  const serverErrors: unknown[] = [];
  const server = await createHostServer({
    token: TOKEN,
    dispatcher: host.dispatcher,
    events: host.events,
    onError: (error) => serverErrors.push(error),
  });
  try {
    await host.start();
  } catch (error) {
    await server.close();
    await host.stop();
    await model.close();
    throw error;
  }
  return {
    host,
    server,
    model,
    dataDir,
    folders,
    logs,
    serverErrors,
    async dispose() {
      await server.close();
      await host.stop();
      await model.close();
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

export interface Answer<M extends HostMethodName> {
  readonly status: number;
  readonly result: HostResult<M>;
  readonly error: ApiBody['error'];
}

/** POST /api/<method> with the test token. */
export async function call<M extends HostMethodName>(server: HostServer, method: M, params: HostParams<M>): Promise<Answer<M>> {
  const response = await fetch(`${server.url}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  const body = (await response.json()) as ApiBody;
  return { status: response.status, result: body.result as HostResult<M>, error: body.error };
}

/** The result of a call that must succeed (its status and error otherwise fail the test with a clear message). */
export async function ok<M extends HostMethodName>(server: HostServer, method: M, params: HostParams<M>): Promise<HostResult<M>> {
  const answer = await call(server, method, params);
  if (answer.status !== 200) throw new Error(`${method} answered ${answer.status}: ${JSON.stringify(answer.error)}`);
  return answer.result;
}

const eventAjv = new Ajv2020.default({ strict: true, allErrors: true });
const eventValidators = new Map(Object.entries(HOST_EVENT_SCHEMAS).map(([name, schema]) => [name, eventAjv.compile(schema)]));

/** Problems with an event's payload against the contract, or undefined. */
export function eventProblems(type: string, payload: unknown): string | undefined {
  const validate = eventValidators.get(type as HostEventName);
  if (validate === undefined) return `unknown event ${type}`;
  return validate(payload) ? undefined : eventAjv.errorsText(validate.errors);
}

/** What `recordEvents` keeps open; `resumed` counts how often the host dropped it and it caught up. */
export interface EventRecording {
  readonly resumed: number;
  close(): void;
}

/**
 * Opens the host's event stream; every frame lands in `frames` until the recording is closed.
 * The host drops a client that falls more than its buffer behind (here the test shares the
 * host's event loop, so a burst of thousands of events can do it); like the app, the recording
 * then reconnects with Last-Event-ID and catches up from the host's ring, or is told to resync.
 * Resync notices are counted in `resumed`, not kept as frames.
 */
export async function recordEvents(server: HostServer, frames: SseFrame[]): Promise<EventRecording> {
  const url = `${server.url}/api/events`;
  let reader = await SseReader.open(url);
  let closed = false;
  let resumed = 0;
  void (async () => {
    for (;;) {
      const frame = await reader.next().catch(() => undefined);
      if (frame !== undefined) {
        if (frame.event === 'resync') resumed += 1;
        else frames.push(frame);
        continue;
      }
      if (closed) return;
      const lastId = frames.findLast((entry) => entry.id !== undefined)?.id;
      const next = await SseReader.open(url, { authorization: `Bearer ${TOKEN}`, ...(lastId === undefined ? {} : { 'last-event-id': lastId }) }).catch(() => undefined);
      if (next === undefined || closed || !next.response.ok) return next?.close();
      reader = next;
    }
  })();
  return {
    get resumed() {
      return resumed;
    },
    close() {
      closed = true;
      reader.close();
    },
  };
}

/** Polls `check` until true; a hang guard (fails with `what`), never a speed assertion. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
