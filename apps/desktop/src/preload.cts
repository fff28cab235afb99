// The renderer's only door to the app: `window.openCowork`, one frozen object with exactly
// the host contract's methods and `subscribe` for its events. No ipcRenderer, no channel
// names and no Node reach the page.
//
// A sandboxed preload runs as one CommonJS script whose `require` knows only a few modules
// ('electron' among them), not workspace packages: so this file imports nothing at run time
// but Electron, and carries the method list itself. The type check below fails when the
// contract gains a method this list lacks, and test/preload.test.ts runs this file the way
// the sandbox does and compares the list with HOST_METHOD_NAMES and the channels with ipc.ts.
import type { ErrorEnvelope, HostApi, HostEvent, HostMethodName } from '@open-cowork/contracts';
import type { IpcRenderer, IpcRendererEvent } from 'electron';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS; this is its only import
import electron = require('electron');

const CALL_CHANNEL = 'open-cowork:call';
const EVENT_CHANNEL = 'open-cowork:event';

const METHOD_NAMES = [
  'app.info',
  'app.diagnostics',
  'app.health',
  'app.runner',
  'app.exportDiagnostics',
  'runtime.status',
  'runtime.restart',
  'workspaces.add',
  'workspaces.list',
  'workspaces.files',
  'workspaces.trust',
  'workspaces.trusted',
  'workspaces.untrust',
  'workspaces.remove',
  'sessions.list',
  'sessions.create',
  'sessions.get',
  'sessions.messages',
  'sessions.prompt',
  'sessions.abort',
  'sessions.rename',
  'sessions.delete',
  'sessions.summarize',
  'sessions.fork',
  'sessions.revert',
  'sessions.unrevert',
  'sessions.diff',
  'artifacts.list',
  'artifacts.read',
  'permissions.list',
  'permissions.reply',
  'questions.list',
  'questions.reply',
  'questions.reject',
  'agents.list',
  'agents.templates',
  'agents.get',
  'agents.save',
  'agents.delete',
  'capabilities.list',
  'mcps.add',
  'mcps.update',
  'mcps.remove',
  'mcps.setTrust',
  'mcps.test',
  'mcps.setCredentials',
  'providers.list',
  'providers.saveCustom',
  'providers.fetchModels',
  'providers.test',
  'providers.refresh',
  'providers.setCredential',
  'providers.clearCredential',
  'providers.authMethods',
  'providers.oauthStart',
  'providers.oauthFinish',
  'settings.get',
  'settings.set',
  'settings.telemetry',
  'settings.setTelemetry',
  'updates.status',
  'updates.check',
  'updates.download',
  'updates.install',
  'auth.status',
  'auth.signIn',
  'auth.signOut',
  'jobs.start',
  'jobs.status',
  'jobs.output',
  'jobs.cancel',
  'jobs.cleanup',
  'jobs.list',
  'jobs.sessions',
  'workflows.list',
  'workflows.get',
  'workflows.run',
  'workflows.runs',
  'workflows.delete',
] as const satisfies readonly HostMethodName[];

// Fails to compile, naming the method, when the contract has one the list above lacks.
type Unlisted = Exclude<HostMethodName, (typeof METHOD_NAMES)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : { missingFromPreload: Unlisted } = true;
void everyMethodListed;

/**
 * What the page sees as `window.openCowork`. Each method resolves with the method's result
 * or rejects with the error envelope `{code, message, data}` itself (a plain object: Error
 * objects lose their extra fields on the way through the context bridge).
 */
export type OpenCoworkBridge = HostApi & {
  /** Calls `listener` with every host event until the returned function is called. */
  subscribe(listener: (event: HostEvent) => void): () => void;
};

export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function unwrap(reply: unknown): unknown {
  if (isObject(reply) && Object.hasOwn(reply, 'result')) return reply['result'];
  const error = isObject(reply) ? reply['error'] : undefined;
  if (isObject(error) && typeof error['code'] === 'string' && typeof error['message'] === 'string') {
    const envelope: ErrorEnvelope = error['data'] === undefined ? { code: error['code'], message: error['message'] } : { code: error['code'], message: error['message'], data: error['data'] };
    return Promise.reject(envelope);
  }
  const malformed: ErrorEnvelope = { code: 'INTERNAL', message: 'The app sent an answer of an unexpected shape.' };
  return Promise.reject(malformed);
}

function createBridge(ipc: BridgeIpc): OpenCoworkBridge {
  const methods: Record<string, (params?: unknown) => Promise<unknown>> = {};
  for (const name of METHOD_NAMES) {
    methods[name] = (params?: unknown) => ipc.invoke(CALL_CHANNEL, name, params === undefined ? {} : params).then(unwrap);
  }

  const listeners = new Set<(event: HostEvent) => void>();
  const deliver = (_event: IpcRendererEvent, hostEvent: HostEvent): void => {
    for (const listener of [...listeners]) {
      try {
        listener(hostEvent);
      } catch (error) {
        console.error(error); // one broken listener must not starve the others
      }
    }
  };
  const subscribe = (listener: (event: HostEvent) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    // Each subscription gets its own wrapper, so subscribing one function twice is two subscriptions.
    const entry = (event: HostEvent): void => listener(event);
    if (listeners.size === 0) ipc.on(EVENT_CHANNEL, deliver);
    listeners.add(entry);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      listeners.delete(entry);
      if (listeners.size === 0) ipc.removeListener(EVENT_CHANNEL, deliver);
    };
  };

  return Object.freeze({ ...methods, subscribe }) as unknown as OpenCoworkBridge;
}

electron.contextBridge.exposeInMainWorld('openCowork', createBridge(electron.ipcRenderer));
