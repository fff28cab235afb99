// A gateway in this process on either store engine, for the Task API and runner-protocol tests:
// the real runtime (with the scripted model) as serve starts it, short task leases, and plain
// HTTP helpers that call it the way a submitter, a runner or an attacker would.
import { loadGatewayConfig } from '../../src/config/load.js';
import { startGateway, type RunningGateway } from '../../src/daemon/gateway.js';
import { issueCredential, type CredentialKind } from '../../src/tasks/credentials.js';
import { gatewayEnv, token, writeRuntimeConfig } from './harness.js';
import { newPostgresDatabase, type EngineName } from './stores.js';
import { recordingLogger, type RecordingLogger } from './telegram-gateway.js';

export interface TaskGateway {
  readonly gateway: RunningGateway;
  readonly url: string;
  readonly admin: string;
  readonly log: RecordingLogger;
  /** Issues a credential straight into the gateway's store; returns its token. */
  issue(kind: CredentialKind, name: string, workspaces: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startTaskGateway(engine: EngineName, dataDir: string, modelUrl: string, variables: Record<string, string> = {}): Promise<TaskGateway> {
  writeRuntimeConfig(dataDir, modelUrl);
  const admin = token();
  const env = gatewayEnv({
    ...(engine === 'postgres' ? { DATABASE_URL: await newPostgresDatabase() } : { STORE: 'embedded' }),
    DATA_DIR: dataDir,
    PORT: '0',
    ADMIN_TOKEN: admin,
    JOB_BACKOFF_BASE_MS: '200',
    JOB_BACKOFF_MAX_MS: '2000',
    ...variables,
  });
  const log = recordingLogger();
  const gateway = await startGateway({ config: loadGatewayConfig({ env, cwd: dataDir }), env, log, cwd: dataDir });
  return {
    gateway,
    url: gateway.url,
    admin,
    log,
    async issue(kind, name, workspaces) {
      const issued = await issueCredential(gateway.ctx.db, kind, name, workspaces);
      if ('conflict' in issued) throw new Error(`${kind} ${name} exists`);
      return issued.token;
    },
    close: () => gateway.close(),
  };
}

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

/** One HTTP call with a bearer token (or none); the body is parsed when there is one. */
export async function call<T = Record<string, unknown>>(url: string, method: 'GET' | 'POST', path: string, bearer: string | undefined, body?: unknown): Promise<Answer<T>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T };
}

export interface Assignment {
  readonly task: { readonly id: string; readonly kind: string; readonly workspace: string; readonly prompt?: string; readonly command?: string; readonly session: string | null; readonly timeoutMs: number };
  readonly lease: { readonly claimToken: string; readonly expiresAt: string; readonly leaseSeconds: number; readonly attempt: number };
}

export const poll = (url: string, runner: string, query = 'wait=0'): Promise<Answer<Assignment>> => call<Assignment>(url, 'GET', `/runner/poll?${query}`, runner);

export const report = (url: string, runner: string, taskId: string, action: 'heartbeat' | 'events' | 'result' | 'release', body: Record<string, unknown>): Promise<Answer<{ error?: { code: string; reason?: string }; accepted?: boolean; expiresAt?: string }>> =>
  call(url, 'POST', `/runner/tasks/${taskId}/${action}`, runner, body);
